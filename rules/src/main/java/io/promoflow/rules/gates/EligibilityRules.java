package io.promoflow.rules.gates;

import io.promoflow.rules.policy.HotfixPolicy;
import io.promoflow.rules.policy.PipelinePolicy;
import io.promoflow.rules.policy.StagePolicy;
import io.promoflow.rules.policy.Urgency;
import io.promoflow.rules.stage.StageLedger;
import io.promoflow.schemas.requests.PromotionType;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The built-in eligibility rules every promotion passes before configurable gates (DESIGN.md
 * "Pipeline policy"; promotion model "Promotion Eligibility"): the artifact is immutable (digest
 * present and equal to the one recorded at build time) with an immutable version name, traceable
 * (commit, pipeline run, build time), verified by its source stage with the soak time elapsed,
 * skipping no stage (except a hotfix path or a rollback), and production is never entered without
 * an approval. All are critical.
 */
public final class EligibilityRules {

  /** Version names that move between builds and so never identify one artifact. */
  static final Set<String> MUTABLE_VERSIONS =
      Set.of(
          "latest",
          "stable",
          "edge",
          "nightly",
          "snapshot",
          "main",
          "master",
          "head",
          "dev",
          "current",
          "release");

  static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}|sha1:[0-9a-f]{40}");

  private final PipelinePolicy policy;

  public EligibilityRules(PipelinePolicy policy) {
    this.policy = policy;
  }

  /** Every rule's result, in a fixed order. */
  public List<RuleResult> evaluate(EligibilityRequest r) {
    return List.of(
        immutable(r),
        mutableVersion(r),
        traceable(r),
        sourceVerified(r),
        noSkippedStage(r),
        productionApproval(r),
        notHeld(r));
  }

  RuleResult immutable(EligibilityRequest r) {
    String gate = "immutable-artifact";
    String digest = r.artifact().getDigest();
    Map<String, String> in =
        Map.of(
            "digest",
            String.valueOf(digest),
            "buildDigest",
            r.build() == null ? "none" : r.build().digest());
    if (digest == null || !DIGEST.matcher(digest).matches()) {
      return RuleResult.fail(
          gate, "digest " + digest + " is not sha256:<64 hex> or sha1:<40 hex>", in);
    }
    if (r.build() == null) {
      return RuleResult.fail(gate, neverRecorded(r), in);
    }
    if (!r.build().digest().equals(digest)) {
      return RuleResult.fail(
          gate,
          "digest "
              + digest
              + " differs from "
              + r.build().digest()
              + " recorded at build time: rebuilds are not promoted",
          in);
    }
    return RuleResult.pass(gate, "digest matches the build", in);
  }

  /**
   * Why a request without a build record fails. The gate topology decides without a build only
   * after waiting {@code gates.factsTimeout} for it, so the build was never recorded (or never
   * reached the gate service).
   */
  static String neverRecorded(EligibilityRequest r) {
    return "build "
        + r.artifact().getApplication()
        + " "
        + r.artifact().getVersion()
        + " never recorded";
  }

  RuleResult mutableVersion(EligibilityRequest r) {
    String version = r.artifact().getVersion();
    String lower = version.toLowerCase(Locale.ROOT);
    boolean mutable = MUTABLE_VERSIONS.contains(lower) || lower.endsWith("-snapshot");
    return mutable
        ? RuleResult.fail(
            "immutable-version",
            "version " + version + " is a moving tag; promote an immutable version",
            Map.of("version", version))
        : RuleResult.pass(
            "immutable-version",
            "version " + version + " names one build",
            Map.of("version", version));
  }

  RuleResult traceable(EligibilityRequest r) {
    String gate = "traceable";
    BuildFacts b = r.build();
    if (b == null) {
      return RuleResult.fail(gate, neverRecorded(r), Map.of());
    }
    Map<String, String> in =
        Map.of(
            "sourceCommit",
            String.valueOf(b.sourceCommit()),
            "pipelineRunId",
            String.valueOf(b.pipelineRunId()),
            "buildFinishedAt",
            String.valueOf(b.buildFinishedAt()));
    if (b.sourceCommit() == null || !b.sourceCommit().matches("[0-9a-f]{7,40}")) {
      return RuleResult.fail(gate, "source commit missing or not a git sha", in);
    }
    if (b.pipelineRunId() == null || b.pipelineRunId().isBlank()) {
      return RuleResult.fail(gate, "pipeline run id missing", in);
    }
    if (b.buildFinishedAt() <= 0) {
      return RuleResult.fail(gate, "build time missing", in);
    }
    return RuleResult.pass(gate, "commit, pipeline run and build time recorded", in);
  }

  RuleResult sourceVerified(EligibilityRequest r) {
    String gate = "source-stage-verified";
    String version = r.artifact().getVersion();
    if (r.type() == PromotionType.ROLLBACK) {
      boolean knownGood = r.ledger().isKnownGood(r.targetStage(), version);
      return knownGood
          ? RuleResult.pass(
              gate,
              version + " is a known-good version of " + r.targetStage(),
              Map.of("stage", r.targetStage()))
          : RuleResult.fail(
              gate,
              version + " never passed verification in " + r.targetStage(),
              Map.of("stage", r.targetStage()));
    }
    if (r.sourceStage() == null) {
      return RuleResult.pass(gate, "a new build enters " + r.targetStage(), Map.of());
    }
    Optional<StageLedger.StageSlot> slot = r.ledger().in(r.sourceStage());
    Map<String, String> in =
        Map.of(
            "stage",
            r.sourceStage(),
            "runs",
            slot.map(s -> s.version() + " (" + s.verification() + ")").orElse("nothing"));
    if (slot.isEmpty()
        || !slot.get().version().equals(version)
        || !slot.get().digest().equals(r.artifact().getDigest())) {
      return RuleResult.fail(
          gate,
          version
              + " does not run in "
              + r.sourceStage()
              + " (it runs "
              + slot.map(StageLedger.StageSlot::version).orElse("nothing")
              + ")",
          in);
    }
    if (slot.get().verification() != StageLedger.Verification.PASSED) {
      return RuleResult.fail(
          gate,
          "verification of "
              + version
              + " in "
              + r.sourceStage()
              + " is "
              + slot.get().verification(),
          in);
    }
    Duration soak = policy.stage(r.sourceStage()).map(StagePolicy::soakTime).orElse(Duration.ZERO);
    long verifiedFor = r.now() - slot.get().verifiedAt();
    if (verifiedFor < soak.toMillis()) {
      return RuleResult.fail(
          gate,
          "soak time "
              + soak
              + " in "
              + r.sourceStage()
              + " not elapsed: "
              + Duration.ofMillis(soak.toMillis() - verifiedFor).toSeconds()
              + " s left",
          in);
    }
    return RuleResult.pass(
        gate, version + " verified in " + r.sourceStage() + " and soaked " + soak, in);
  }

  RuleResult noSkippedStage(EligibilityRequest r) {
    String gate = "no-skipped-stage";
    String from = r.sourceStage() == null ? PipelinePolicy.BUILD : r.sourceStage();
    Map<String, String> in = Map.of("from", from, "to", r.targetStage(), "type", r.type().name());
    if (r.type() == PromotionType.ROLLBACK) {
      return RuleResult.pass(gate, "a rollback stays in " + r.targetStage(), in);
    }
    if (r.type() == PromotionType.HOTFIX) {
      HotfixPolicy hotfix =
          r.urgency() == null ? null : policy.hotfix().get(Urgency.valueOf(r.urgency()));
      List<String> path = hotfix == null ? List.of() : hotfix.path();
      int at = path.indexOf(r.targetStage());
      return at > 0 && path.get(at - 1).equals(from)
          ? RuleResult.pass(
              gate,
              "hotfix "
                  + r.urgency()
                  + " path "
                  + path
                  + " allows "
                  + from
                  + "->"
                  + r.targetStage(),
              in)
          : RuleResult.fail(
              gate,
              "hotfix "
                  + r.urgency()
                  + " path "
                  + path
                  + " does not allow "
                  + from
                  + "->"
                  + r.targetStage(),
              in);
    }
    return policy.previousStage(r.targetStage()).filter(from::equals).isPresent()
        ? RuleResult.pass(gate, from + "->" + r.targetStage() + " is the next step", in)
        : RuleResult.fail(
            gate,
            from
                + "->"
                + r.targetStage()
                + " skips a stage (stages: "
                + String.join(", ", policy.stageNames())
                + ")",
            in);
  }

  /**
   * Anti-flap (reference guide, rollback): a version that failed verification in a stage and was
   * rolled back is held there; automatic promotion of it into that stage is refused until a newer
   * version arrives or an admin lifts the hold ({@code POST /api/v1/holds/lift}, recorded as {@code
   * HoldLifted}).
   */
  RuleResult notHeld(EligibilityRequest r) {
    String version = r.artifact().getVersion();
    Map<String, String> in = Map.of("stage", r.targetStage(), "type", r.type().name());
    if (r.type() == PromotionType.AUTOMATIC && r.ledger().isHeld(r.targetStage(), version)) {
      return RuleResult.fail(
          "not-held",
          version
              + " is held in "
              + r.targetStage()
              + " after failing verification there;"
              + " it returns automatically only after an admin lifts the hold",
          in);
    }
    return RuleResult.pass("not-held", version + " is not held in " + r.targetStage(), in);
  }

  RuleResult productionApproval(EligibilityRequest r) {
    String gate = "production-approval";
    String prod = policy.productionStage();
    if (!prod.equals(r.targetStage())) {
      return RuleResult.pass(gate, r.targetStage() + " is not the production stage", Map.of());
    }
    if (r.type() == PromotionType.ROLLBACK) {
      return RuleResult.pass(
          gate,
          "rollback of "
              + prod
              + " follows stages["
              + prod
              + "].rollback ("
              + policy.stage(prod).orElseThrow().rollback().mode()
              + ")",
          Map.of());
    }
    boolean approval =
        r.type() == PromotionType.HOTFIX
            ? r.urgency() != null
                && policy.hotfix().containsKey(Urgency.valueOf(r.urgency()))
                && policy.hotfix().get(Urgency.valueOf(r.urgency())).approval() != null
            : policy.transition(r.sourceStage(), prod).map(t -> t.needsApproval()).orElse(false);
    return approval
        ? RuleResult.pass(gate, "entering " + prod + " waits for the policy's approval", Map.of())
        : RuleResult.fail(
            gate, "the policy has no approval for entering " + prod + " this way", Map.of());
  }
}
