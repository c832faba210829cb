package io.promoflow.rollback.adapters.prometheus;

import io.promoflow.rollback.domain.MonitoringWindow;
import io.promoflow.rules.policy.PrometheusSignals;
import io.promoflow.schemas.verifications.BusinessImpact;
import io.promoflow.schemas.verifications.HealthReported;
import io.promoflow.schemas.verifications.MonitoringQueryFailed;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.avro.specific.SpecificRecord;

/**
 * One evaluation of a window's Prometheus signals: a {@code HealthReported} with every signal that
 * had a sample (none when no query did), and a {@code MonitoringQueryFailed} for each query that
 * failed or matched nothing, so a window whose queries never answer ends without data instead of
 * passing (issue 11).
 */
public final class PrometheusSignalReader {

  /** Longest error text recorded per failed query (characters). */
  static final int MAX_ERROR = 300;

  private final PrometheusClient prometheus;

  public PrometheusSignalReader(PrometheusClient prometheus) {
    this.prometheus = prometheus;
  }

  /**
   * The payloads to publish for {@code w} now: failed queries first (in signal order), then the
   * report if any.
   */
  public List<SpecificRecord> read(MonitoringWindow w, PrometheusSignals signals) {
    HealthReported.Builder report =
        HealthReported.newBuilder()
            .setStage(w.stage())
            .setHealthScore(1.0)
            .setErrorRate(0.0)
            .setCriticalAnomalies(0)
            .setBusinessImpact(BusinessImpact.LOW);
    List<SpecificRecord> out = new ArrayList<>();
    boolean any = false;
    for (Map.Entry<String, String> s : new TreeMap<>(signals.signals()).entrySet()) {
      String query =
          s.getValue()
              .replace("{application}", w.application())
              .replace("{version}", w.version())
              .replace("{stage}", w.stage());
      Optional<Double> value;
      try {
        value = prometheus.value(query);
      } catch (RuntimeException e) {
        out.add(new MonitoringQueryFailed(w.stage(), s.getKey(), describe(e)));
        continue;
      }
      if (value.isEmpty()) {
        out.add(
            new MonitoringQueryFailed(w.stage(), s.getKey(), "no sample for " + truncate(query)));
        continue;
      }
      any = true;
      double v = value.get();
      switch (s.getKey()) {
        case "healthScore" -> report.setHealthScore(Math.max(0, Math.min(1, v)));
        case "errorRate" -> report.setErrorRate(Math.max(0, Math.min(1, v)));
        case "latencyP99Ms" -> report.setLatencyP99Ms(Math.round(v));
        case "criticalAnomalies" -> report.setCriticalAnomalies((int) Math.round(v));
        default ->
            throw new IllegalStateException("policy validation admits no signal " + s.getKey());
      }
    }
    if (any) {
      out.add(report.build());
    }
    return out;
  }

  /**
   * A failed query's causes, then its message, e.g. {@code ConnectException /
   * ClosedChannelException: I/O error on GET request for "http://…/api/v1/query": null}.
   */
  static String describe(Throwable e) {
    List<String> causes = new ArrayList<>();
    for (Throwable c = e.getCause();
        c != null && causes.size() < 5;
        c = c.getCause() == c ? null : c.getCause()) {
      causes.add(
          c.getClass().getSimpleName()
              + (c.getMessage() == null || c.getMessage().isBlank()
                  ? ""
                  : " (" + c.getMessage() + ")"));
    }
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return truncate(causes.isEmpty() ? message : String.join(" / ", causes) + ": " + message);
  }

  private static String truncate(String s) {
    return s.length() <= MAX_ERROR ? s : s.substring(0, MAX_ERROR - 1) + "…";
  }
}
