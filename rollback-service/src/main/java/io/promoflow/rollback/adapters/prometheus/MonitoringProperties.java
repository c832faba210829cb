package io.promoflow.rollback.adapters.prometheus;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where monitoring signals come from.
 *
 * @param prometheusUrl Prometheus server for stages with {@code verification.prometheus}; empty:
 *     not queried
 * @param timeout time limit of one query
 */
@ConfigurationProperties("promoflow.monitoring")
public record MonitoringProperties(String prometheusUrl, @DefaultValue("5s") Duration timeout) {

  /** True when a Prometheus server is configured. */
  public boolean prometheus() {
    return prometheusUrl != null && !prometheusUrl.isBlank();
  }
}
