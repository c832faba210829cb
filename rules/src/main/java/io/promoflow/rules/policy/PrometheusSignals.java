package io.promoflow.rules.policy;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * Health signals of a monitoring window read from Prometheus ({@code
 * stages[].verification.prometheus}): one PromQL query per signal of a health report, evaluated
 * through Prometheus' HTTP API ({@code /api/v1/query}) every {@code interval} while the window is
 * open. {@code {application}}, {@code {version}} and {@code {stage}} in a query are replaced by the
 * window's values. The server is configuration ({@code promoflow.monitoring.prometheus-url}).
 *
 * @param interval time between evaluations
 * @param signals signal name → PromQL; signals: healthScore (0–1), errorRate (0–1), latencyP99Ms,
 *     criticalAnomalies
 */
public record PrometheusSignals(Duration interval, Map<String, String> signals) {

  /** The signals a query may feed. */
  public static final Set<String> SIGNALS =
      Set.of("healthScore", "errorRate", "latencyP99Ms", "criticalAnomalies");

  public PrometheusSignals {
    interval = interval == null ? Duration.ofSeconds(30) : interval;
    signals = signals == null ? Map.of() : Map.copyOf(signals);
  }
}
