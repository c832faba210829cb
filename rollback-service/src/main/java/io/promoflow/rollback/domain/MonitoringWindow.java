package io.promoflow.rollback.domain;

import java.util.ArrayList;
import java.util.List;

/**
 * The monitoring window of a version in a stage, opened on {@code StagePromoted} (or a rerun): its
 * facts, from which {@link VerificationDecision} decides it. Times are event times (epoch ms),
 * never the time a record was processed.
 *
 * @param promotionType type of the promotion that brought the version
 * @param startedAt epoch ms: the time of the {@code StagePromoted} (or of the rerun request) that
 *     opened it; {@code endsAt} is {@code startedAt} plus the stage's {@code monitoringWindow}
 * @param reports health reports inside the window (pushed or from Prometheus) that did not fail it
 * @param status OPEN, PASSED, FAILED or INCONCLUSIVE
 * @param closedAt epoch ms: for a window that ended, its {@code endsAt}; for a failed one, the time
 *     of the breaching report; null while open
 * @param restoreStartedAt for a window opened by a rollback: epoch ms of the failure that caused
 *     it; else null
 * @param prometheusSamples of {@code reports}, those read from Prometheus (actor {@code
 *     prometheus})
 * @param queryFailures one line per failed or empty Prometheus query seen in the window ({@code
 *     signal: error}), the newest {@value #MAX_FAILURES} kept
 * @param promotedAt epoch ms of the {@code StagePromoted} that brought the version into the stage
 *     (a rerun keeps it); reports older than it are about an earlier version there. Null in windows
 *     stored before it was recorded: then {@code startedAt}
 * @param breach the first report in the version's time in the stage that reached the stage's
 *     rollback threshold; null when none did
 * @param polledAt epoch ms (event time) of the newest Prometheus result (sample or failed query)
 *     recorded for the open window; null when none: the poller's next reading is due an interval
 *     after it, on whichever instance owns the window (issue 14, point 1: the rate limit lives in
 *     the store, not in a poller's memory)
 */
public record MonitoringWindow(
    String application,
    String stage,
    String version,
    String digest,
    String promotionId,
    String promotionType,
    long startedAt,
    long endsAt,
    int reports,
    String status,
    Long closedAt,
    Long restoreStartedAt,
    int prometheusSamples,
    List<String> queryFailures,
    Long promotedAt,
    Assessment breach,
    Long polledAt) {

  public static final String OPEN = "OPEN";
  public static final String PASSED = "PASSED";
  public static final String FAILED = "FAILED";
  public static final String INCONCLUSIVE = "INCONCLUSIVE";
  static final int MAX_FAILURES = 20;

  public MonitoringWindow {
    // windows stored before failures were recorded have none
    queryFailures = queryFailures == null ? List.of() : List.copyOf(queryFailures);
    promotedAt = promotedAt == null ? Long.valueOf(startedAt) : promotedAt;
  }

  /**
   * A window opened at {@code startedAt} lasting until {@code endsAt} (epoch ms), without data yet,
   * for a version that entered the stage at {@code promotedAt} (epoch ms; equal to {@code
   * startedAt} unless this is a rerun).
   */
  public static MonitoringWindow open(
      String application,
      String stage,
      String version,
      String digest,
      String promotionId,
      String promotionType,
      long promotedAt,
      long startedAt,
      long endsAt,
      Long restoreStartedAt) {
    return new MonitoringWindow(
        application,
        stage,
        version,
        digest,
        promotionId,
        promotionType,
        startedAt,
        endsAt,
        0,
        OPEN,
        null,
        restoreStartedAt,
        0,
        List.of(),
        promotedAt,
        null,
        null);
  }

  /**
   * This window with one assessed report: a breach is recorded (the first one kept), any other
   * report counted as health data ({@code fromPrometheus} when the poller read it).
   */
  public MonitoringWindow sampled(Assessment assessment, boolean fromPrometheus) {
    if (assessment.rollback()) {
      return with(
          reports,
          status,
          closedAt,
          prometheusSamples,
          queryFailures,
          breach == null ? assessment : breach,
          polledAt);
    }
    return with(
        reports + 1,
        status,
        closedAt,
        prometheusSamples + (fromPrometheus ? 1 : 0),
        queryFailures,
        breach,
        polledAt);
  }

  /** This window with a failed or empty Prometheus query of {@code signal} recorded. */
  public MonitoringWindow queryFailed(String signal, String error) {
    List<String> f = new ArrayList<>(queryFailures);
    f.add(signal + ": " + error);
    if (f.size() > MAX_FAILURES) {
      f = f.subList(f.size() - MAX_FAILURES, f.size());
    }
    return with(reports, status, closedAt, prometheusSamples, f, breach, polledAt);
  }

  /**
   * This window closed with {@code result} (PASSED, FAILED or INCONCLUSIVE) at {@code at} (epoch
   * ms).
   */
  public MonitoringWindow closed(String result, long at) {
    return with(reports, result, at, prometheusSamples, queryFailures, breach, polledAt);
  }

  /**
   * This window with a Prometheus result of event time {@code at} (epoch ms) recorded: the newest
   * one is kept.
   */
  public MonitoringWindow polled(long at) {
    Long newest = polledAt == null ? at : Math.max(polledAt, at);
    return with(reports, status, closedAt, prometheusSamples, queryFailures, breach, newest);
  }

  /**
   * The one copy path: this window with its facts replaced; what identifies it (application, stage,
   * version, digest, promotion, start, end, restore and promotion times) never changes.
   */
  private MonitoringWindow with(
      int reports,
      String status,
      Long closedAt,
      int prometheusSamples,
      List<String> queryFailures,
      Assessment breach,
      Long polledAt) {
    return new MonitoringWindow(
        application,
        stage,
        version,
        digest,
        promotionId,
        promotionType,
        startedAt,
        endsAt,
        reports,
        status,
        closedAt,
        restoreStartedAt,
        prometheusSamples,
        queryFailures,
        promotedAt,
        breach,
        polledAt);
  }

  /** True while the window is open. */
  public boolean isOpen() {
    return OPEN.equals(status);
  }

  /**
   * True when {@code at} (epoch ms, an event time) lies inside the window: {@code startedAt <= at <
   * endsAt}.
   */
  public boolean covers(long at) {
    return at >= startedAt && at < endsAt;
  }
}
