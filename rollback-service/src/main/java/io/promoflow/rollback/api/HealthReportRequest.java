package io.promoflow.rollback.api;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import java.util.Optional;

/**
 * Body of {@code POST /api/v1/health-reports}. Numbers are finite and in range: Jackson reads
 * {@code "NaN"} and {@code "Infinity"} strings as doubles, so {@link #nonFinite()} refuses them by
 * name besides the range constraints.
 *
 * @param healthScore 0.0–1.0
 * @param errorRate 0.0–1.0
 * @param latencyP99Ms ms, at least 0
 * @param criticalAnomalies at least 0
 */
public record HealthReportRequest(
    @NotBlank @Size(max = 100) String application,
    @NotBlank @Size(max = 64) String stage,
    @NotBlank @Size(max = 128) String version,
    @NotNull @DecimalMin("0.0") @DecimalMax("1.0") Double healthScore,
    @NotNull @DecimalMin("0.0") @DecimalMax("1.0") Double errorRate,
    @PositiveOrZero Long latencyP99Ms,
    @PositiveOrZero Integer criticalAnomalies,
    Impact businessImpact) {

  /** Business impact of what the report observed. */
  public enum Impact {
    LOW,
    MEDIUM,
    HIGH
  }

  /** The first field holding NaN or an infinity, if any. */
  public Optional<String> nonFinite() {
    if (healthScore != null && !Double.isFinite(healthScore)) {
      return Optional.of("healthScore");
    }
    if (errorRate != null && !Double.isFinite(errorRate)) {
      return Optional.of("errorRate");
    }
    return Optional.empty();
  }
}
