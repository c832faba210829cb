package io.promoflow.rollback.domain;

import io.promoflow.rules.policy.VerificationPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Scores a health report (reference guide, "Intelligent Rollback Decision Engine"): critical
 * anomalies add {@code criticalAnomalyWeight} (40), health below {@code minHealthScore} adds {@code
 * lowHealthWeight} (30), HIGH business impact adds {@code highImpactWeight} (30), an error rate
 * above {@code maxErrorRate} adds {@code errorRateWeight} and a p99 latency above {@code
 * maxLatencyP99Ms} adds {@code latencyWeight}; the score is capped at 100 and a score at or above
 * {@code rollbackThreshold} (70) fails verification. Weights and thresholds are the stage's {@code
 * verification} policy.
 */
public final class RollbackDecisionEngine {

  private RollbackDecisionEngine() {}

  /** The assessment of {@code report} under {@code policy}. */
  public static Assessment assess(HealthReport report, VerificationPolicy policy) {
    List<String> reasons = new ArrayList<>();
    int score = 0;
    if (report.criticalAnomalies() > 0) {
      score += policy.criticalAnomalyWeight();
      reasons.add(
          report.criticalAnomalies()
              + " critical anomalies (+"
              + policy.criticalAnomalyWeight()
              + ")");
    }
    if (report.healthScore() < policy.minHealthScore()) {
      score += policy.lowHealthWeight();
      reasons.add(
          String.format(
              Locale.ROOT,
              "health %.2f below %.2f (+%d)",
              report.healthScore(),
              policy.minHealthScore(),
              policy.lowHealthWeight()));
    }
    if ("HIGH".equals(report.businessImpact())) {
      score += policy.highImpactWeight();
      reasons.add("high business impact (+" + policy.highImpactWeight() + ")");
    }
    if (report.errorRate() > policy.maxErrorRate()) {
      score += policy.errorRateWeight();
      reasons.add(
          String.format(
              Locale.ROOT,
              "error rate %.3f above %.3f (+%d)",
              report.errorRate(),
              policy.maxErrorRate(),
              policy.errorRateWeight()));
    }
    if (report.latencyP99Ms() != null
        && policy.maxLatencyP99Ms() != null
        && report.latencyP99Ms() > policy.maxLatencyP99Ms()) {
      score += policy.latencyWeight();
      reasons.add(
          "p99 latency "
              + report.latencyP99Ms()
              + " ms above "
              + policy.maxLatencyP99Ms()
              + " ms (+"
              + policy.latencyWeight()
              + ")");
    }
    int capped = Math.min(score, 100);
    String urgency = capped >= 90 ? "CRITICAL" : capped >= 80 ? "HIGH" : "MEDIUM";
    return new Assessment(
        capped, capped >= policy.rollbackThreshold(), urgency, List.copyOf(reasons));
  }

  /**
   * The assessment of a window without health data whose stage says {@code verification.onNoData:
   * fail}: the score is the stage's {@code rollbackThreshold} (just enough to fail), urgency HIGH,
   * the reasons say what was missing.
   */
  public static Assessment noData(List<String> reasons, VerificationPolicy policy) {
    return new Assessment(policy.rollbackThreshold(), true, "HIGH", List.copyOf(reasons));
  }
}
