package io.promoflow.rollback.domain;

/**
 * The monitoring window of a version in a stage, opened on {@code StagePromoted}.
 *
 * @param promotionType type of the promotion that brought the version
 * @param startedAt epoch ms; {@code endsAt} likewise
 * @param reports health reports received inside the window
 * @param status OPEN, PASSED or FAILED
 * @param closedAt epoch ms when it passed or failed; null while open
 * @param restoreStartedAt for a window opened by a rollback: epoch ms of the failure that caused it; else null
 */
public record MonitoringWindow(String application, String stage, String version, String digest, String promotionId,
    String promotionType, long startedAt, long endsAt, int reports, String status, Long closedAt, Long restoreStartedAt) {

  public static final String OPEN = "OPEN";

  /** This window with one more healthy report. */
  public MonitoringWindow counted() {
    return new MonitoringWindow(application, stage, version, digest, promotionId, promotionType, startedAt, endsAt,
        reports + 1, status, closedAt, restoreStartedAt);
  }

  /** This window closed with {@code result} (PASSED or FAILED) at {@code at} (epoch ms). */
  public MonitoringWindow closed(String result, long at) {
    return new MonitoringWindow(application, stage, version, digest, promotionId, promotionType, startedAt, endsAt,
        reports, result, at, restoreStartedAt);
  }
}
