package io.promoflow.rollback.domain;

import io.promoflow.rules.policy.VerificationPolicy;
import java.util.List;

/**
 * The verdict on a monitoring window from its own facts (issues 11 and 13: one home for the rule,
 * never the time at which it is asked): a breach (a sample scored at or above {@code
 * rollbackThreshold} by {@link RollbackDecisionEngine}) fails it at once; otherwise it is pending
 * until its end; at its end it passes when it saw health data, and without data (see {@link
 * NoDataCheck}) ends as the stage's {@code verification.onNoData} says: {@code fail} fails it
 * (score {@code rollbackThreshold}, urgency HIGH), {@code inconclusive} (the default) ends it
 * inconclusive, {@code pass} passes it. Pure: the time is a parameter.
 */
public final class VerificationDecision {

  private VerificationDecision() {}

  /**
   * The verdict on {@code window} at {@code at}.
   *
   * @param window the window's facts: its bounds, the samples it counted, failed queries and its
   *     first breach
   * @param policy the stage's verification policy ({@link VerificationPolicy#DEFAULTS} for a stage
   *     the policy no longer has: without data such a window is inconclusive, never failed or
   *     passed on a rule it no longer has)
   * @param at epoch ms; a window is decided without a breach only at or after its {@code endsAt}
   */
  public static Verdict decide(MonitoringWindow window, VerificationPolicy policy, long at) {
    if (window.breach() != null) {
      return Verdict.failed(window.breach());
    }
    if (at < window.endsAt()) {
      return Verdict.pending();
    }
    List<String> noData = NoDataCheck.reasons(window, readsPrometheus(policy));
    if (noData.isEmpty()) {
      return Verdict.passed(List.of());
    }
    return switch (policy.onNoData()) {
      case FAIL -> Verdict.failed(RollbackDecisionEngine.noData(noData, policy));
      case PASS -> Verdict.passed(noData);
      case INCONCLUSIVE -> Verdict.inconclusive(noData);
    };
  }

  /** True when the stage reads Prometheus signals during its windows. */
  static boolean readsPrometheus(VerificationPolicy policy) {
    return policy.prometheus() != null && !policy.prometheus().signals().isEmpty();
  }
}
