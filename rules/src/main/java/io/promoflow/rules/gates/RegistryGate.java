package io.promoflow.rules.gates;

import io.promoflow.rules.policy.RegistryPolicy;
import io.promoflow.schemas.Digests;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code registry} gate's decision (GitHub issue 18 point 5), pure: from the recorded build's
 * uri and digest, the transition's {@link RegistryPolicy} and the registry's {@link
 * RegistryObservation}. The gate is critical and scores 100. Every failure names its category
 * (reference image-promotion-workflow.md "Error Categories"): {@code REGISTRY} (manifest missing,
 * other digest), {@code NETWORK} and {@code AUTHENTICATION} (no answer), {@code VALIDATION} (size,
 * labels, architecture). An unreachable registry or refused credentials fail the gate, never pass
 * it.
 *
 * <p>An artifact whose uri is not {@code oci://} is not in a registry: the gate is not applicable
 * and is recorded as PASSED with reason "not applicable: …" and input {@code
 * registry.applicable=false}, so the record shows it was not checked; so is a git commit promoted
 * as source ({@code sha1:} digest, no uri: GitHub webhook builds). Any other build without a uri
 * fails: nothing says where the artifact is, and an {@code oci://} artifact must never pass
 * unchecked.
 */
public final class RegistryGate {

  /** The gate's name in results and policies. */
  public static final String NAME = "registry";

  /** Digest prefix of a git commit promoted as source ({@code ArtifactRef.digest}). */
  static final String GIT_COMMIT_PREFIX = "sha1:";

  /** Category of size, label and architecture failures. */
  public static final String VALIDATION = "VALIDATION";

  private RegistryGate() {}

  /**
   * The gate's result.
   *
   * @param policy the transition's registry gate
   * @param build the recorded build (its uri and digest), or null when none was recorded
   * @param registry the observation source, asked only for a well-formed {@code oci://} uri
   */
  public static RuleResult decide(
      RegistryPolicy policy, BuildFacts build, RegistryLookup registry) {
    Map<String, String> in = new LinkedHashMap<>();
    if (build == null) {
      return fail("no build recorded", RegistryObservation.REGISTRY, in);
    }
    String uri = build.uri();
    if ((uri == null || uri.isBlank())
        && build.digest() != null
        && build.digest().startsWith(GIT_COMMIT_PREFIX)) {
      // a git commit promoted as source (GitHub webhook builds): nothing to find in a registry
      in.put("registry.applicable", "false");
      return new RuleResult(
          NAME,
          true,
          100,
          100,
          true,
          "not applicable: " + build.digest() + " is a git commit, not a registry artifact",
          in,
          false);
    }
    if (uri == null || uri.isBlank()) {
      return fail(
          "the build recorded no artifact uri, so its registry cannot be checked",
          RegistryObservation.REGISTRY,
          in);
    }
    in.put("uri", uri);
    if (!OciReference.isOci(uri) && !OciReference.isOutsideAnyRegistry(uri)) {
      return fail(
          "unrecognised artifact uri "
              + uri
              + ": a registry image is named oci://<host>/<repository>@<digest>, other artifacts by"
              + " one of "
              + new java.util.TreeSet<>(OciReference.NOT_REGISTRY_SCHEMES),
          RegistryObservation.REGISTRY,
          in);
    }
    if (!OciReference.isOci(uri)) {
      in.put("registry.applicable", "false");
      return new RuleResult(
          NAME,
          true,
          100,
          100,
          true,
          "not applicable: " + uri + " is an artifact outside any registry",
          in,
          false);
    }
    String recorded = build.digest();
    in.put("recordedDigest", String.valueOf(recorded));
    var reference = OciReference.parse(uri);
    if (reference.isEmpty()) {
      return fail("malformed oci:// uri " + uri, RegistryObservation.REGISTRY, in);
    }
    if (!Digests.isSha256Digest(recorded)) {
      return fail(
          "recorded digest " + recorded + " is not sha256:<64 hex>",
          RegistryObservation.REGISTRY,
          in);
    }
    if (reference.get().digest() != null && !reference.get().digest().equals(recorded)) {
      return fail(
          "the uri pins " + reference.get().digest() + ", CI recorded " + recorded,
          RegistryObservation.REGISTRY,
          in);
    }
    if (policy.maxSizeBytes() != null) {
      in.put("maxSizeBytes", Long.toString(policy.maxSizeBytes()));
    }
    if (!policy.labels().isEmpty()) {
      in.put("labels", String.join(",", policy.labels()));
    }
    if (policy.architecture() != null) {
      in.put("architecture", policy.architecture());
    }
    RegistryObservation seen = registry.observe(reference.get(), recorded);
    if (seen == null) {
      return fail(
          "the registry was not checked (no observation recorded)",
          RegistryObservation.REGISTRY,
          in);
    }
    in.putAll(seen.toInputs());
    String where = reference.get().host() + "/" + reference.get().repository();
    switch (seen.status()) {
      case ERROR -> {
        String category = seen.category() == null ? RegistryObservation.REGISTRY : seen.category();
        return fail(where + ": " + seen.detail(), category, in);
      }
      case NOT_FOUND -> {
        return fail(
            "manifest " + recorded + " not found in " + where, RegistryObservation.REGISTRY, in);
      }
      case FOUND -> {
        // the registry's own digest of what it holds, not what CI said (issue 18: digests were
        // only compared with CI's record)
        if (!recorded.equals(seen.digest())) {
          return fail(
              where + " answered digest " + seen.digest() + ", CI recorded " + recorded,
              RegistryObservation.REGISTRY,
              in);
        }
        return checks(policy, seen, where, in);
      }
      default -> throw new IllegalStateException("unknown status " + seen.status());
    }
  }

  private static RuleResult checks(
      RegistryPolicy policy, RegistryObservation seen, String where, Map<String, String> in) {
    if (policy.maxSizeBytes() != null) {
      if (seen.sizeBytes() == null) {
        return fail(
            "image size unknown; limit " + policy.maxSizeBytes() + " bytes", VALIDATION, in);
      }
      if (seen.sizeBytes() > policy.maxSizeBytes()) {
        return fail(
            "image is " + seen.sizeBytes() + " bytes, limit " + policy.maxSizeBytes(),
            VALIDATION,
            in);
      }
    }
    for (String label : policy.labels()) {
      int eq = label.indexOf('=');
      String name = eq < 0 ? label : label.substring(0, eq);
      if (seen.labels() == null || !seen.labels().containsKey(name)) {
        return fail("required label " + name + " missing", VALIDATION, in);
      }
      if (eq >= 0 && !label.substring(eq + 1).equals(seen.labels().get(name))) {
        return fail(
            "label "
                + name
                + " is "
                + seen.labels().get(name)
                + ", required "
                + label.substring(eq + 1),
            VALIDATION,
            in);
      }
    }
    if (policy.architecture() != null && !seen.architectures().contains(policy.architecture())) {
      return fail(
          "architecture "
              + (seen.architectures().isEmpty()
                  ? "unknown"
                  : String.join(",", seen.architectures()))
              + ", required "
              + policy.architecture(),
          VALIDATION,
          in);
    }
    return new RuleResult(
        NAME, true, 100, 100, true, "manifest " + seen.digest() + " is in " + where, in, false);
  }

  private static RuleResult fail(String reason, String category, Map<String, String> in) {
    in.put("category", category);
    return new RuleResult(NAME, false, 0, 100, true, category + ": " + reason, in, false);
  }
}
