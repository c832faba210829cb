package io.promoflow.rules.gates;

import io.promoflow.rules.policy.PipelinePolicy;
import io.promoflow.rules.policy.TransitionPolicy;
import io.promoflow.rules.stage.StageLedger;
import io.promoflow.schemas.gates.GateOutcome;
import io.promoflow.schemas.requests.PromotionType;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The one computation of a gate verdict (architecture.md "Pipeline policy": eligibility rules
 * before configurable gates; {@code minScore} per transition). gate-service publishes it; {@code
 * promoflow audit replay} recomputes it from the recorded inputs, so both must call this and
 * nothing else.
 */
public final class GateEvaluation {

  private GateEvaluation() {}

  /**
   * Evaluates the eligibility rules of {@code request} (and, for a release request of an unknown
   * type, the failed {@code release-type} result) and, only when every one passed, the quality
   * gates of its transition (or release or hotfix profile); then the score and the outcome.
   *
   * @param policy the policy the decision is taken under
   * @param request the request with its facts; {@code now} (epoch ms) also dates allow-list expiry
   *     (UTC day)
   * @param recordedBuild the recorded build of a version of the request's application, or null when
   *     none was recorded; asked for the version now in the target stage (the performance gate's
   *     regression baseline)
   * @param registry the observation of the artifact's manifest, asked only when the {@code
   *     registry} gate applies ({@link RegistryGate})
   */
  public static GateVerdict evaluate(
      PipelinePolicy policy,
      EligibilityRequest request,
      Function<String, BuildFacts> recordedBuild,
      RegistryLookup registry) {
    List<RuleResult> results = new ArrayList<>(new EligibilityRules(policy).evaluate(request));
    // only a release request of an unknown type gets this extra result: requests of no release, and
    // of a known type, are evaluated with exactly the results recorded before releases existed
    QualityGates.unknownReleaseType(request.releaseType()).ifPresent(results::add);
    if (results.stream().allMatch(RuleResult::passed)) {
      StageLedger stages = request.ledger();
      BuildFacts inTarget =
          stages
              .in(request.targetStage())
              .map(slot -> recordedBuild.apply(slot.version()))
              .orElse(null);
      LocalDate today = Instant.ofEpochMilli(request.now()).atZone(ZoneOffset.UTC).toLocalDate();
      results.addAll(
          QualityGates.evaluate(
              QualityGates.forRequest(
                  policy,
                  request.type(),
                  request.urgency(),
                  request.releaseType(),
                  request.targetStage()),
              request.build(),
              inTarget,
              today));
      // the registry gate last, and only when no critical gate failed: a blocked request needs no
      // registry call. Rollbacks return to a known-good build and have no gates.
      boolean blocked = results.stream().anyMatch(r -> !r.passed() && !r.warned() && r.critical());
      if (!blocked && request.type() != PromotionType.ROLLBACK) {
        policy
            .registryInto(request.targetStage())
            .ifPresent(r -> results.add(RegistryGate.decide(r, request.build(), registry)));
      }
    }
    int max = results.stream().mapToInt(RuleResult::maxScore).sum();
    int score = max == 0 ? 100 : results.stream().mapToInt(RuleResult::score).sum() * 100 / max;
    // no transition in the policy for this step: nothing lower than full marks is enough (fail
    // closed)
    int minScore =
        request.type() == PromotionType.ROLLBACK
            ? 0
            : policy
                .transition(request.sourceStage(), request.targetStage())
                .map(TransitionPolicy::minScore)
                .orElse(100);
    boolean criticalFailed = results.stream().anyMatch(r -> !r.passed() && r.critical());
    boolean warned = results.stream().anyMatch(RuleResult::warned);
    GateOutcome outcome =
        criticalFailed || score < minScore
            ? GateOutcome.FAILED
            : warned ? GateOutcome.WARNED : GateOutcome.PASSED;
    return new GateVerdict(results, score, minScore, outcome);
  }
}
