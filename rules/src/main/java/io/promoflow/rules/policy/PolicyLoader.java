package io.promoflow.rules.policy;

import io.promoflow.schemas.Digests;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Reads a pipeline policy document (YAML) and validates it.
 *
 * @throws PolicyValidationException from {@link #load} naming the path of every bad key, e.g.
 *     {@code transitions[STAGING->PROD].approval: required ...}
 */
public final class PolicyLoader {

  private static final YAMLMapper YAML =
      YAMLMapper.builder()
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .build();

  private PolicyLoader() {}

  /**
   * Parses and validates {@code content}.
   *
   * @param location where the content came from, for messages
   * @param content the YAML document
   * @return the validated policy with its digest
   * @throws PolicyValidationException when the document is malformed or breaks a rule
   */
  public static PipelinePolicy load(String location, String content) {
    Document doc;
    try {
      doc = YAML.readValue(content, Document.class);
    } catch (JacksonException e) {
      String path = JsonPaths.format(e.getPath());
      throw new PolicyValidationException(
          location,
          List.of((path.isEmpty() ? "(document)" : path) + ": " + e.getOriginalMessage()));
    }
    if (doc == null) {
      throw new PolicyValidationException(location, List.of("(document): empty policy"));
    }
    PipelinePolicy policy =
        new PipelinePolicy(
            doc.name() == null ? "default" : doc.name(),
            doc.stages() == null ? List.of() : doc.stages(),
            doc.transitions() == null ? List.of() : doc.transitions(),
            doc.hotfix() == null ? Map.of() : doc.hotfix(),
            doc.notifications() == null ? new NotificationPolicy(List.of()) : doc.notifications(),
            doc.gates() == null ? GateSettings.DEFAULTS : doc.gates(),
            doc.releases() == null ? ReleasesPolicy.DEFAULTS : doc.releases(),
            digest(content),
            content);
    List<String> violations = PolicyValidator.validate(policy);
    if (!violations.isEmpty()) {
      throw new PolicyValidationException(location, violations);
    }
    return policy;
  }

  /** {@code sha256:<hex>} of the UTF-8 bytes of {@code content}. */
  public static String digest(String content) {
    return Digests.sha256Digest(content);
  }

  /** The document as written; {@link PipelinePolicy} adds what is derived. */
  record Document(
      String name,
      List<StagePolicy> stages,
      List<TransitionPolicy> transitions,
      Map<Urgency, HotfixPolicy> hotfix,
      NotificationPolicy notifications,
      GateSettings gates,
      ReleasesPolicy releases) {}
}
