package io.promoflow.rollback.domain;

import java.util.ArrayList;
import java.util.List;

/**
 * The monitoring window of a version in a stage, opened on {@code StagePromoted} (or a rerun).
 *
 * @param promotionType type of the promotion that brought the version
 * @param startedAt epoch ms; {@code endsAt} likewise
 * @param reports health reports received inside the window (pushed or from Prometheus) that did not fail it
 * @param status OPEN, PASSED, FAILED or INCONCLUSIVE
 * @param closedAt epoch ms when it passed, failed or ended inconclusive; null while open
 * @param restoreStartedAt for a window opened by a rollback: epoch ms of the failure that caused it; else null
 * @param prometheusSamples of {@code reports}, those read from Prometheus (actor {@code prometheus})
 * @param queryFailures one line per failed or empty Prometheus query seen in the window ({@code signal: error}), the
 *     newest {@value #MAX_FAILURES} kept
 */
public record MonitoringWindow(String application, String stage, String version, String digest, String promotionId,
    String promotionType, long startedAt, long endsAt, int reports, String status, Long closedAt, Long restoreStartedAt,
    int prometheusSamples, List<String> queryFailures) {

  public static final String OPEN = "OPEN";
  public static final String PASSED = "PASSED";
  public static final String FAILED = "FAILED";
  public static final String INCONCLUSIVE = "INCONCLUSIVE";
  static final int MAX_FAILURES = 20;

  public MonitoringWindow {
    // windows stored before failures were recorded have none
    queryFailures = queryFailures == null ? List.of() : List.copyOf(queryFailures);
  }

  /** A window opened at {@code startedAt} (epoch ms) lasting until {@code endsAt}, without data yet. */
  public static MonitoringWindow open(String application, String stage, String version, String digest, String promotionId,
      String promotionType, long startedAt, long endsAt, Long restoreStartedAt) {
    return new MonitoringWindow(application, stage, version, digest, promotionId, promotionType, startedAt, endsAt, 0, OPEN,
        null, restoreStartedAt, 0, List.of());
  }

  /** This window with one more report that did not fail it; {@code fromPrometheus} when the poller read it. */
  public MonitoringWindow counted(boolean fromPrometheus) {
    return new MonitoringWindow(application, stage, version, digest, promotionId, promotionType, startedAt, endsAt,
        reports + 1, status, closedAt, restoreStartedAt, prometheusSamples + (fromPrometheus ? 1 : 0), queryFailures);
  }

  /** This window with a failed or empty Prometheus query of {@code signal} recorded. */
  public MonitoringWindow queryFailed(String signal, String error) {
    List<String> f = new ArrayList<>(queryFailures);
    f.add(signal + ": " + error);
    if (f.size() > MAX_FAILURES) {
      f = f.subList(f.size() - MAX_FAILURES, f.size());
    }
    return new MonitoringWindow(application, stage, version, digest, promotionId, promotionType, startedAt, endsAt,
        reports, status, closedAt, restoreStartedAt, prometheusSamples, f);
  }

  /** This window closed with {@code result} (PASSED, FAILED or INCONCLUSIVE) at {@code at} (epoch ms). */
  public MonitoringWindow closed(String result, long at) {
    return new MonitoringWindow(application, stage, version, digest, promotionId, promotionType, startedAt, endsAt,
        reports, result, at, restoreStartedAt, prometheusSamples, queryFailures);
  }

  /** True while the window is open. */
  public boolean isOpen() {
    return OPEN.equals(status);
  }
}
