package io.promoflow.rules.policy;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The pipeline policy in force ({@code config/pipeline.yaml}): ordered stages, the transitions
 * between them, hotfix paths per urgency and notification routes. Loaded and validated at start by
 * {@link PolicyLoader}.
 *
 * @param name pipeline name, the key of its {@code PolicyActivated} event
 * @param stages stages in promotion order; the last one is production
 * @param transitions one per {@code from -> to}; {@code from} is {@link #BUILD} for a new build
 *     entering the first stage
 * @param hotfix hotfix path per urgency
 * @param notifications notification routes
 * @param gates how the gate service waits for the facts of a request ({@code gates.factsTimeout})
 * @param releases platform releases: release types and the release train ({@code releases})
 * @param digest {@code sha256:<hex>} of the policy file's bytes, carried by every decision as
 *     {@code policyDigest}
 * @param content the policy file as loaded
 */
public record PipelinePolicy(
    String name,
    List<StagePolicy> stages,
    List<TransitionPolicy> transitions,
    Map<Urgency, HotfixPolicy> hotfix,
    NotificationPolicy notifications,
    GateSettings gates,
    ReleasesPolicy releases,
    String digest,
    String content) {

  public PipelinePolicy {
    gates = gates == null ? GateSettings.DEFAULTS : gates;
    releases = releases == null ? ReleasesPolicy.DEFAULTS : releases;
  }

  /** Pseudo-stage a new build comes from. */
  public static final String BUILD = "BUILD";

  /** The stage called {@code name}. */
  public Optional<StagePolicy> stage(String name) {
    return stages.stream().filter(s -> s.name().equals(name)).findFirst();
  }

  /** Stage names in order. */
  public List<String> stageNames() {
    return stages.stream().map(StagePolicy::name).toList();
  }

  /** The first stage: a new build enters it. */
  public String firstStage() {
    return stages.get(0).name();
  }

  /** The last stage: production. Never entered without an approval. */
  public String productionStage() {
    return stages.get(stages.size() - 1).name();
  }

  /**
   * The stage a release train collects component versions from: {@code releases.train.sourceStage},
   * else the stage two before production (QA in DEV, QA, STAGING, PROD), else the first stage.
   */
  public String trainSourceStage() {
    if (releases.train().sourceStage() != null) {
      return releases.train().sourceStage();
    }
    return stages.get(Math.max(0, stages.size() - 3)).name();
  }

  /** The stage after {@code stage}, or empty for the last one. */
  public Optional<String> nextStage(String stage) {
    int i = stageNames().indexOf(stage);
    return i < 0 || i + 1 >= stages.size()
        ? Optional.empty()
        : Optional.of(stages.get(i + 1).name());
  }

  /** The stage before {@code stage}, or {@link #BUILD} for the first stage. */
  public Optional<String> previousStage(String stage) {
    int i = stageNames().indexOf(stage);
    return i < 0 ? Optional.empty() : Optional.of(i == 0 ? BUILD : stages.get(i - 1).name());
  }

  /**
   * The executor of promotions into {@code stage}: that of the transition into it ({@code record}
   * when none).
   */
  public ExecutorPolicy executorInto(String stage) {
    return previousStage(stage)
        .flatMap(from -> transition(from, stage))
        .map(TransitionPolicy::executor)
        .orElse(ExecutorPolicy.RECORD);
  }

  /** The transition {@code from -> to} ({@code from} null or {@link #BUILD} for a new build). */
  public Optional<TransitionPolicy> transition(String from, String to) {
    String source = from == null ? BUILD : from;
    return transitions.stream()
        .filter(t -> t.from().equals(source) && t.to().equals(to))
        .findFirst();
  }

  /**
   * Whether a request into {@code stage} must name a change request ({@code changeRequestId}): the
   * transition into it says so ({@code transitions[].changeRequest}); by default it is required
   * into the production stage and optional elsewhere (GitHub issue 18 point 4; reference
   * promotion-workflows-guide.md "Phase 5: Change Management"). An unknown stage requires one (fail
   * closed). Rollbacks are not requests of a person and are not held to it (see callers).
   */
  public boolean changeRequestRequired(String stage) {
    if (stage(stage).isEmpty()) {
      return true;
    }
    TransitionPolicy.ChangeRequest configured =
        previousStage(stage)
            .flatMap(from -> transition(from, stage))
            .map(TransitionPolicy::changeRequest)
            .orElse(null);
    if (configured == null) {
      return stage.equals(productionStage());
    }
    return configured == TransitionPolicy.ChangeRequest.required;
  }

  /**
   * The registry gate of promotions into {@code stage}, or empty when it is off: the transition
   * into it says so ({@code transitions[].registry.enabled}); by default it is on into the
   * production stage and the stage before it (STAGING and PROD of the default policy; GitHub issue
   * 18 point 5) and off elsewhere. An unknown stage has the gate on (fail closed).
   */
  public Optional<RegistryPolicy> registryInto(String stage) {
    int at = stageNames().indexOf(stage);
    if (at < 0) {
      return Optional.of(RegistryPolicy.DEFAULT);
    }
    RegistryPolicy configured =
        previousStage(stage)
            .flatMap(from -> transition(from, stage))
            .map(TransitionPolicy::registry)
            .orElse(null);
    RegistryPolicy r = configured == null ? RegistryPolicy.DEFAULT : configured;
    boolean on = r.enabled() == null ? at >= stages.size() - 2 : r.enabled();
    return on ? Optional.of(r) : Optional.empty();
  }
}
