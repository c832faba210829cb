package io.promoflow.console;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The DORA metrics' windows (docs/dora-metrics.md).
 *
 * @param window the window of {@code GET /api/v1/metrics/dora} without {@code window=} and of the
 *     {@code promoflow_dora_*} gauges (default 30 days)
 * @param retention how far back, before an application's newest event, its facts are kept: the
 *     longest window that may be asked for (default 90 days); bounds the state per application
 * @param gaugeRefresh how often the gauges are recomputed from the state (default 30 s)
 * @param gaugeApplications most applications with {@code promoflow_dora_*} gauges per instance
 *     (default 100): the busiest in the window (most promotions, then by name); every series is
 *     kept in memory and scraped, so one per application × stage × figure must stay bounded — a
 *     platform with thousands of applications would otherwise exhaust the heap (measured: 8,000
 *     applications, 288,000 gauges, OutOfMemoryError at 512 MB). The API answers for every one.
 */
@ConfigurationProperties("promoflow.console.dora")
public record DoraProperties(
    @DefaultValue("P30D") Duration window,
    @DefaultValue("P90D") Duration retention,
    @DefaultValue("30s") Duration gaugeRefresh,
    @DefaultValue("100") int gaugeApplications) {

  public DoraProperties {
    if (gaugeApplications < 0) {
      throw new IllegalArgumentException(
          "promoflow.console.dora.gauge-applications: must not be negative, got "
              + gaugeApplications);
    }
    if (window.isNegative() || window.isZero() || retention.compareTo(window) < 0) {
      throw new IllegalArgumentException(
          "promoflow.console.dora: window must be positive and at most the retention, got window "
              + window
              + ", retention "
              + retention);
    }
  }
}
