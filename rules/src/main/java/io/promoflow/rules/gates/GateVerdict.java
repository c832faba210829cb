package io.promoflow.rules.gates;

import io.promoflow.schemas.gates.GateOutcome;
import java.util.List;

/**
 * The gate decision of one promotion request: what gate-service publishes ({@code GateEvaluated}
 * per result, then {@code GatesEvaluated}) and what {@code promoflow audit replay} recomputes and
 * compares whole.
 *
 * @param results every eligibility rule, then (when all of them passed) the quality gates, in
 *     evaluation order
 * @param score percent 0..100: points scored over points possible; 100 when nothing was scored
 * @param minScore percent 0..100: the transition's {@code minScore}; 0 for a rollback
 * @param outcome FAILED on a failed critical result or a score below {@code minScore}, else WARNED
 *     when a result is in its warning band, else PASSED
 */
public record GateVerdict(List<RuleResult> results, int score, int minScore, GateOutcome outcome) {

  public GateVerdict {
    results = List.copyOf(results);
  }

  /** The outcome of one result, as published in its {@code GateEvaluated}. */
  public static GateOutcome outcomeOf(RuleResult r) {
    return !r.passed() ? GateOutcome.FAILED : r.warned() ? GateOutcome.WARNED : GateOutcome.PASSED;
  }

  /** Names of the results that failed, in evaluation order. */
  public List<String> failedGates() {
    return results.stream().filter(r -> !r.passed()).map(RuleResult::gate).toList();
  }

  /** Names of the critical results that failed, in evaluation order. */
  public List<String> failedCriticalGates() {
    return results.stream().filter(r -> !r.passed() && r.critical()).map(RuleResult::gate).toList();
  }
}
