package io.promoflow.rules.policy;

/**
 * Health thresholds of a monitoring window and the weights of the rollback decision score
 * (reference guide, "Intelligent Rollback Decision Engine": critical anomalies +40, health below
 * 0.8 +30, high business impact +30, rollback at a score of 70 or more).
 *
 * @param minHealthScore a report below it breaches (0.0–1.0)
 * @param maxErrorRate a report above it breaches (0.0–1.0)
 * @param maxLatencyP99Ms a report above it breaches, in ms; null: not checked
 * @param criticalAnomalyWeight score added by one or more critical anomalies (0–100)
 * @param lowHealthWeight score added by health below {@code minHealthScore} (0–100)
 * @param highImpactWeight score added by a HIGH business impact (0–100)
 * @param errorRateWeight score added by an error rate above {@code maxErrorRate} (0–100)
 * @param latencyWeight score added by latency above {@code maxLatencyP99Ms} (0–100)
 * @param rollbackThreshold a score at or above it fails verification and recommends rollback
 *     (0–100)
 * @param prometheus signals read from Prometheus during the window; null: pushed health reports
 *     only
 * @param onNoData what a window without health data ends as (no report and no Prometheus sample, or
 *     only failed Prometheus queries): {@code inconclusive} (default: the version stays, neither
 *     promoted onward nor rolled back), {@code fail} (verification fails and the stage rolls back)
 *     or {@code pass} (explicit opt-in to the old behaviour); fail closed, issue 11
 */
public record VerificationPolicy(
    Double minHealthScore,
    Double maxErrorRate,
    Long maxLatencyP99Ms,
    Integer criticalAnomalyWeight,
    Integer lowHealthWeight,
    Integer highImpactWeight,
    Integer errorRateWeight,
    Integer latencyWeight,
    Integer rollbackThreshold,
    PrometheusSignals prometheus,
    OnNoData onNoData) {

  /** The reference guide's values. */
  public static final VerificationPolicy DEFAULTS =
      new VerificationPolicy(null, null, null, null, null, null, null, null, null, null, null);

  public VerificationPolicy {
    minHealthScore = minHealthScore == null ? 0.8 : minHealthScore;
    maxErrorRate = maxErrorRate == null ? 0.05 : maxErrorRate;
    criticalAnomalyWeight = criticalAnomalyWeight == null ? 40 : criticalAnomalyWeight;
    lowHealthWeight = lowHealthWeight == null ? 30 : lowHealthWeight;
    highImpactWeight = highImpactWeight == null ? 30 : highImpactWeight;
    errorRateWeight = errorRateWeight == null ? 40 : errorRateWeight;
    latencyWeight = latencyWeight == null ? 30 : latencyWeight;
    rollbackThreshold = rollbackThreshold == null ? 70 : rollbackThreshold;
    onNoData = onNoData == null ? OnNoData.INCONCLUSIVE : onNoData;
  }

  /** The end of a monitoring window that saw no health data ({@code verification.onNoData}). */
  public enum OnNoData {
    /** VerificationFailed: the normal rollback path. */
    @com.fasterxml.jackson.annotation.JsonProperty("fail")
    FAIL,
    /**
     * VerificationInconclusive: the version stays where it is, is not promoted onward and not
     * rolled back.
     */
    @com.fasterxml.jackson.annotation.JsonProperty("inconclusive")
    INCONCLUSIVE,
    /** VerificationPassed: an explicit opt-in for stages nobody monitors. */
    @com.fasterxml.jackson.annotation.JsonProperty("pass")
    PASS
  }
}
