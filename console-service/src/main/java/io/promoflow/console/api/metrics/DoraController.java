package io.promoflow.console.api.metrics;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.promoflow.console.DoraProperties;
import io.promoflow.console.domain.dora.DoraFigures;
import io.promoflow.console.flow.DoraQueries;
import io.promoflow.platform.web.ProblemException;
import io.promoflow.rules.policy.PipelinePolicy;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/metrics/dora?application=&stage=PROD&window=P30D}: the DORA figures of a stage
 * (docs/dora-metrics.md) over a window ending now, of one application or, without {@code
 * application}, of every application pooled. Any authenticated caller may read them.
 */
@RestController
public class DoraController {

  private final DoraQueries queries;
  private final PipelinePolicy policy;
  private final DoraProperties properties;

  public DoraController(DoraQueries queries, PipelinePolicy policy, DoraProperties properties) {
    this.queries = queries;
    this.policy = policy;
    this.properties = properties;
  }

  /**
   * The document: exactly these keys, every one present; a figure without a sample in the window is
   * {@code null} (an empty window: {@code promotions} 0, {@code deploymentFrequencyPerDay} 0, the
   * rest null). Durations in ms, rates 0..1.
   */
  @JsonInclude(JsonInclude.Include.ALWAYS)
  public record Dora(
      double deploymentFrequencyPerDay,
      Long leadTimeForChangesP50Ms,
      Long leadTimeForChangesP90Ms,
      Double changeFailureRate,
      Long timeToRestoreP50Ms,
      Long approvalWaitP50Ms,
      Double promotionSuccessRate,
      long promotions) {

    static Dora of(DoraFigures f) {
      return new Dora(
          f.deploymentFrequencyPerDay(),
          f.leadTimeForChangesP50Ms(),
          f.leadTimeForChangesP90Ms(),
          f.changeFailureRate(),
          f.timeToRestoreP50Ms(),
          f.approvalWaitP50Ms(),
          f.promotionSuccessRate(),
          f.promotions());
    }
  }

  /**
   * The approval wait's median and 90th percentile (ms, null without a sample): kept apart so that
   * the DORA document's keys stay exactly the contract's; {@code ./promoflow metrics} shows both.
   */
  @JsonInclude(JsonInclude.Include.ALWAYS)
  public record ApprovalWait(Long approvalWaitP50Ms, Long approvalWaitP90Ms) {}

  @GetMapping("/api/v1/metrics/dora")
  public Dora dora(
      @RequestParam(required = false) String application,
      @RequestParam(defaultValue = "PROD") String stage,
      @RequestParam(required = false) String window) {
    return Dora.of(figures(application, stage, window));
  }

  /** {@code GET /api/v1/metrics/dora/approval-wait}: same parameters as {@link #dora}. */
  @GetMapping("/api/v1/metrics/dora/approval-wait")
  public ApprovalWait approvalWait(
      @RequestParam(required = false) String application,
      @RequestParam(defaultValue = "PROD") String stage,
      @RequestParam(required = false) String window) {
    DoraFigures f = figures(application, stage, window);
    return new ApprovalWait(f.approvalWaitP50Ms(), f.approvalWaitP90Ms());
  }

  private DoraFigures figures(String application, String stage, String window) {
    if (!policy.stageNames().contains(stage)) {
      throw ProblemException.badField(
          "stage", "unknown stage " + stage + ", one of " + policy.stageNames());
    }
    return queries.figures(
        application == null || application.isBlank() ? null : application, stage, window(window));
  }

  /** The window: an ISO-8601 duration, positive and at most the retention (400 otherwise). */
  private Duration window(String text) {
    if (text == null || text.isBlank()) {
      return properties.window();
    }
    Duration d;
    try {
      d = Duration.parse(text);
    } catch (DateTimeParseException e) {
      throw ProblemException.badField(
          "window", "not an ISO-8601 duration such as P30D or PT12H: " + text);
    }
    if (d.isNegative() || d.isZero() || d.compareTo(properties.retention()) > 0) {
      throw ProblemException.badField(
          "window",
          "must be positive and at most "
              + properties.retention()
              + " (the retention), got "
              + text);
    }
    return d;
  }
}
