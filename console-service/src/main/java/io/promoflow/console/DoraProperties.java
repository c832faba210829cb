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
 */
@ConfigurationProperties("promoflow.console.dora")
public record DoraProperties(
    @DefaultValue("P30D") Duration window,
    @DefaultValue("P90D") Duration retention,
    @DefaultValue("30s") Duration gaugeRefresh) {

  public DoraProperties {
    if (window.isNegative() || window.isZero() || retention.compareTo(window) < 0) {
      throw new IllegalArgumentException(
          "promoflow.console.dora: window must be positive and at most the retention, got window "
              + window
              + ", retention "
              + retention);
    }
  }
}
