package io.promoflow.console.flow;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.promoflow.console.DoraProperties;
import io.promoflow.console.domain.dora.DoraFigures;
import io.promoflow.platform.web.ProblemException;
import io.promoflow.rules.policy.PipelinePolicy;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The DORA figures as gauges {@code promoflow_dora_*{application,stage}} on {@code
 * /actuator/prometheus}, over the default window ({@code promoflow.console.dora.window}), for each
 * application this instance holds and each stage of the pipeline policy, recomputed every {@code
 * promoflow.console.dora.gauge-refresh}. A figure without a sample is NaN (Prometheus drops NaN
 * from most functions, as "unknown" should be). Durations in seconds (Prometheus base unit).
 */
@Component
public class DoraGauges {

  private static final Logger LOG = LoggerFactory.getLogger(DoraGauges.class);

  /** Gauge name (Micrometer; Prometheus adds the unit) → the figure it shows. */
  static final Map<String, Gauge> GAUGES =
      Map.of(
          "promoflow.dora.deployment.frequency.per.day",
          new Gauge(
              null, "promotions into the stage per day", DoraFigures::deploymentFrequencyPerDay),
          "promoflow.dora.lead.time.p50",
          new Gauge(
              "seconds", "lead time for changes, median", f -> sec(f.leadTimeForChangesP50Ms())),
          "promoflow.dora.lead.time.p90",
          new Gauge("seconds", "lead time for changes, p90", f -> sec(f.leadTimeForChangesP90Ms())),
          "promoflow.dora.change.failure.rate",
          new Gauge(null, "change failure rate (0..1)", f -> num(f.changeFailureRate())),
          "promoflow.dora.time.to.restore.p50",
          new Gauge("seconds", "time to restore, median", f -> sec(f.timeToRestoreP50Ms())),
          "promoflow.dora.approval.wait.p50",
          new Gauge("seconds", "approval wait, median", f -> sec(f.approvalWaitP50Ms())),
          "promoflow.dora.approval.wait.p90",
          new Gauge("seconds", "approval wait, p90", f -> sec(f.approvalWaitP90Ms())),
          "promoflow.dora.promotion.success.rate",
          new Gauge(null, "promotion success rate (0..1)", f -> num(f.promotionSuccessRate())),
          "promoflow.dora.promotions",
          new Gauge(null, "promotions into the stage in the window", f -> (double) f.promotions()));

  record Gauge(String unit, String description, ToDoubleFunction<DoraFigures> value) {}

  private final DoraQueries queries;
  private final PipelinePolicy policy;
  private final DoraProperties properties;
  private final Map<String, MultiGauge> gauges;
  private boolean capped;

  public DoraGauges(
      DoraQueries queries, PipelinePolicy policy, DoraProperties properties, MeterRegistry meters) {
    this.queries = queries;
    this.policy = policy;
    this.properties = properties;
    this.gauges =
        GAUGES.entrySet().stream()
            .collect(
                java.util.stream.Collectors.toMap(
                    Map.Entry::getKey,
                    e ->
                        MultiGauge.builder(e.getKey())
                            .baseUnit(e.getValue().unit())
                            .description(e.getValue().description())
                            .register(meters)));
  }

  /** Recomputes every gauge; while the store cannot be read the previous values stay. */
  @Scheduled(
      initialDelayString = "${promoflow.console.dora.gauge-refresh:30s}",
      fixedDelayString = "${promoflow.console.dora.gauge-refresh:30s}")
  public void refresh() {
    List<DoraQueries.Row> rows;
    try {
      rows = queries.local(policy.stageNames(), properties.window());
    } catch (ProblemException | IllegalStateException notReady) {
      LOG.debug("DORA gauges not refreshed: {}", notReady.getMessage());
      return;
    }
    List<DoraQueries.Row> shown = busiest(rows, properties.gaugeApplications());
    if (shown.size() < rows.size() && !capped) {
      LOG.info(
          "DORA gauges for the {} busiest applications only (promoflow.console.dora"
              + ".gauge-applications); GET /api/v1/metrics/dora answers for every one",
          properties.gaugeApplications());
      capped = true;
    }
    gauges.forEach(
        (name, gauge) -> {
          ToDoubleFunction<DoraFigures> value = GAUGES.get(name).value();
          gauge.register(
              shown.stream()
                  .map(
                      r ->
                          MultiGauge.Row.of(
                              Tags.of("application", r.application(), "stage", r.stage()),
                              value.applyAsDouble(r.figures())))
                  .toList(),
              true);
        });
  }

  /**
   * The rows of the {@code limit} applications with the most promotions in the window (all stages
   * together), ties by name: a bounded number of series whatever the number of applications.
   */
  static List<DoraQueries.Row> busiest(List<DoraQueries.Row> rows, int limit) {
    Map<String, Long> promotions = new java.util.HashMap<>();
    rows.forEach(
        r -> promotions.merge(r.application(), (long) r.figures().promotions(), Long::sum));
    if (promotions.size() <= limit) {
      return rows;
    }
    java.util.Set<String> kept =
        promotions.entrySet().stream()
            .sorted(
                Map.Entry.<String, Long>comparingByValue()
                    .reversed()
                    .thenComparing(Map.Entry.comparingByKey()))
            .limit(limit)
            .map(Map.Entry::getKey)
            .collect(java.util.stream.Collectors.toSet());
    return rows.stream().filter(r -> kept.contains(r.application())).toList();
  }

  private static double sec(Long ms) {
    return ms == null ? Double.NaN : ms / 1000.0;
  }

  private static double num(Double d) {
    return d == null ? Double.NaN : d;
  }
}
