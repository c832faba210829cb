package io.promoflow.rollback.api;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;

/**
 * Body of {@code POST /api/v1/health-reports}.
 *
 * @param healthScore 0.0–1.0
 * @param errorRate 0.0–1.0
 * @param latencyP99Ms ms
 */
public record HealthReportRequest(@NotBlank String application, @NotBlank String stage, @NotBlank String version,
    @NotNull @DecimalMin("0.0") @DecimalMax("1.0") Double healthScore,
    @NotNull @DecimalMin("0.0") @DecimalMax("1.0") Double errorRate,
    @PositiveOrZero Long latencyP99Ms, @PositiveOrZero Integer criticalAnomalies, Impact businessImpact) {

  /** Business impact of what the report observed. */
  public enum Impact { LOW, MEDIUM, HIGH }
}
