package io.promoflow.notification.domain;

import io.promoflow.rules.policy.Severity;
import io.promoflow.schemas.promotions.PromotionAttempted;
import io.promoflow.schemas.promotions.PromotionAwaitingApproval;
import io.promoflow.schemas.promotions.PromotionBlocked;
import io.promoflow.schemas.promotions.PromotionExecuting;
import io.promoflow.schemas.promotions.PromotionFailed;
import io.promoflow.schemas.promotions.PromotionOverridden;
import io.promoflow.schemas.promotions.PromotionScheduled;
import io.promoflow.schemas.promotions.PromotionStarted;
import io.promoflow.schemas.promotions.StagePromoted;
import io.promoflow.schemas.requests.PromotionType;

/**
 * Notifications of {@code promoflow.promotions.v1}: a completed rollback and failed promotions
 * HIGH, break-glass overrides HIGH, a promotion into production MEDIUM and into other stages LOW,
 * blocks MEDIUM, schedules LOW. Not notified: started, awaiting approval (the {@code
 * ApprovalRequested} of the approval service carries the ask), executing and each attempt (their
 * outcome is {@code StagePromoted} or {@code PromotionFailed}).
 */
final class PromotionNotices {

  private PromotionNotices() {}

  static void register(NotificationKinds kinds) {
    kinds
        .notify(StagePromoted.class, PromotionNotices::promoted)
        .notify(PromotionBlocked.class, PromotionNotices::blocked)
        .notify(PromotionScheduled.class, PromotionNotices::scheduled)
        .notify(PromotionOverridden.class, PromotionNotices::overridden)
        .notify(PromotionFailed.class, PromotionNotices::failed)
        .silent(
            PromotionStarted.class,
            PromotionAwaitingApproval.class,
            PromotionExecuting.class,
            PromotionAttempted.class);
  }

  static void promoted(StagePromoted p, NotificationDraft d) {
    boolean rollback = p.getPromotionType() == PromotionType.ROLLBACK;
    d.severity(
            rollback
                ? Severity.HIGH
                : d.isProduction(p.getTargetStage()) ? Severity.MEDIUM : Severity.LOW)
        .stage(p.getTargetStage())
        .title(
            rollback
                ? d.application()
                    + " "
                    + p.getTargetStage()
                    + " rolled back to "
                    + d.version()
                    + (p.getPreviousVersion() == null
                        ? ""
                        : " (from " + p.getPreviousVersion() + ")")
                : d.artifact()
                    + " promoted to "
                    + p.getTargetStage()
                    + " ("
                    + p.getPromotionType()
                    + ")")
        .fact("Stage", p.getTargetStage());
    if (p.getPreviousVersion() != null) {
      d.fact("Replaces", p.getPreviousVersion());
    }
    if (!p.getApprovers().isEmpty()) {
      d.fact("Approved by", String.join(", ", p.getApprovers()));
    }
    if (p.getChangeRequestId() != null) {
      d.fact("Change request", p.getChangeRequestId());
    }
  }

  static void blocked(PromotionBlocked b, NotificationDraft d) {
    d.severity(Severity.MEDIUM)
        .stage(b.getTargetStage())
        .title(d.artifact() + " not promoted to " + b.getTargetStage() + ": " + b.getOutcome())
        .fact("Stage", b.getTargetStage())
        .fact("Reason", b.getReason());
  }

  static void scheduled(PromotionScheduled s, NotificationDraft d) {
    d.severity(Severity.LOW)
        .stage(s.getTargetStage())
        .title(d.artifact() + " scheduled for " + s.getTargetStage() + " at " + s.getNotBefore())
        .fact("Reason", s.getReason());
  }

  static void overridden(PromotionOverridden o, NotificationDraft d) {
    d.severity(Severity.HIGH)
        .title(d.artifact() + " break-glass " + o.getKind() + " by " + d.actor())
        .fact("Reason", o.getReason());
  }

  static void failed(PromotionFailed f, NotificationDraft d) {
    d.severity(Severity.HIGH)
        .stage(f.getTargetStage())
        .title(
            d.artifact()
                + " promotion to "
                + f.getTargetStage()
                + " failed ("
                + f.getCategory()
                + ")")
        .fact("Stage", f.getTargetStage())
        .fact("Reason", f.getReason());
  }
}
