package io.promoflow.notification.domain;

import io.promoflow.rules.policy.Severity;
import io.promoflow.schemas.rollbacks.HoldLifted;
import io.promoflow.schemas.rollbacks.RollbackDecided;
import io.promoflow.schemas.rollbacks.RollbackUnavailable;
import io.promoflow.schemas.verifications.HealthReported;
import io.promoflow.schemas.verifications.MonitoringQueryFailed;
import io.promoflow.schemas.verifications.VerificationFailed;
import io.promoflow.schemas.verifications.VerificationInconclusive;
import io.promoflow.schemas.verifications.VerificationPassed;
import io.promoflow.schemas.verifications.VerificationRerunRequested;
import io.promoflow.schemas.verifications.VerificationStarted;

/**
 * Notifications of {@code promoflow.verifications.v1} and {@code promoflow.rollbacks.v1}: rollback
 * unavailable CRITICAL (no known-good version: someone must intervene); failed and inconclusive
 * verifications (no health data: the version neither moves on nor rolls back until someone acts)
 * and rollback decisions HIGH. Not notified: health reports, monitoring start, a passed
 * verification, rerun requests, failed monitoring queries (they end in a verdict that is) and
 * lifted holds.
 */
final class MonitoringNotices {

  private MonitoringNotices() {}

  static void register(NotificationKinds kinds) {
    kinds
        .notify(VerificationFailed.class, MonitoringNotices::verificationFailed)
        .notify(VerificationInconclusive.class, MonitoringNotices::inconclusive)
        .notify(RollbackDecided.class, MonitoringNotices::rollbackDecided)
        .notify(RollbackUnavailable.class, MonitoringNotices::rollbackUnavailable)
        .silent(
            HealthReported.class,
            VerificationStarted.class,
            VerificationPassed.class,
            VerificationRerunRequested.class,
            MonitoringQueryFailed.class,
            HoldLifted.class);
  }

  static void verificationFailed(VerificationFailed f, NotificationDraft d) {
    d.severity(Severity.HIGH)
        .stage(f.getStage())
        .title(
            d.artifact()
                + " failed verification in "
                + f.getStage()
                + " (score "
                + f.getRollbackScore()
                + ")")
        .fact("Stage", f.getStage())
        .fact("Reasons", String.join("; ", f.getReasons()));
  }

  static void inconclusive(VerificationInconclusive i, NotificationDraft d) {
    d.severity(Severity.HIGH)
        .stage(i.getStage())
        .title(
            d.artifact()
                + " verification inconclusive in "
                + i.getStage()
                + ": no health data, not promoted onward")
        .fact("Stage", i.getStage())
        .fact("Window started", i.getWindowStartedAt().toString())
        .fact("Reasons", String.join("; ", i.getReasons()))
        .action(
            "Make the deployer report health (POST /api/v1/health-reports) or fix the Prometheus queries, then "
                + "rerun: POST /api/v1/verifications/rerun {\"application\": \""
                + d.application()
                + "\", \"stage\": \""
                + i.getStage()
                + "\", \"reason\": \"…\"} (role monitor or admin)");
  }

  static void rollbackDecided(RollbackDecided r, NotificationDraft d) {
    d.severity(Severity.HIGH)
        .stage(r.getStage())
        .title(
            d.application()
                + " "
                + r.getStage()
                + " rolls back from "
                + d.version()
                + " to "
                + r.getTargetVersion())
        .fact("Stage", r.getStage())
        .fact("Mode", r.getMode() + ", " + r.getStrategy() + ", urgency " + r.getUrgency())
        .fact("Reasons", String.join("; ", r.getReasons()));
  }

  static void rollbackUnavailable(RollbackUnavailable u, NotificationDraft d) {
    d.severity(Severity.CRITICAL)
        .stage(u.getStage())
        .title(d.application() + " " + u.getStage() + " cannot roll back from " + d.version())
        .fact("Stage", u.getStage())
        .fact("Reason", u.getReason())
        .action("No known-good version: intervene by hand (escalation).");
  }
}
