package io.promoflow.rollback.domain;

/**
 * One health signal for a version in a stage.
 *
 * @param healthScore 0.0–1.0
 * @param errorRate 0.0–1.0
 * @param latencyP99Ms ms, null when not measured
 * @param businessImpact LOW, MEDIUM or HIGH
 */
public record HealthReport(
    double healthScore,
    double errorRate,
    Long latencyP99Ms,
    int criticalAnomalies,
    String businessImpact) {}
