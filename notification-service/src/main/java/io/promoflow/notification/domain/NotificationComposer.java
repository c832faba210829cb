package io.promoflow.notification.domain;

import io.promoflow.platform.events.EventTypes;
import io.promoflow.rules.policy.Severity;
import io.promoflow.schemas.approvals.ApprovalEscalated;
import io.promoflow.schemas.approvals.ApprovalExpired;
import io.promoflow.schemas.approvals.ApprovalGranted;
import io.promoflow.schemas.approvals.ApprovalRejected;
import io.promoflow.schemas.approvals.ApprovalExtended;
import io.promoflow.schemas.approvals.ApprovalReminded;
import io.promoflow.schemas.approvals.ApprovalRequested;
import io.promoflow.schemas.approvals.ApprovalWithdrawn;
import io.promoflow.schemas.approvals.ApprovalVoided;
import io.promoflow.schemas.common.ArtifactRef;
import io.promoflow.schemas.common.EventMetadata;
import io.promoflow.schemas.promotions.PromotionBlocked;
import io.promoflow.schemas.promotions.PromotionFailed;
import io.promoflow.schemas.promotions.PromotionOverridden;
import io.promoflow.schemas.promotions.PromotionScheduled;
import io.promoflow.schemas.promotions.StagePromoted;
import io.promoflow.schemas.rollbacks.RollbackDecided;
import io.promoflow.schemas.rollbacks.RollbackUnavailable;
import io.promoflow.schemas.verifications.VerificationFailed;
import io.promoflow.schemas.verifications.VerificationInconclusive;
import io.promoflow.schemas.requests.PromotionType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;

/**
 * Turns the events stakeholders care about into notifications with a severity: rollback unavailable is CRITICAL;
 * failed and inconclusive verifications (no health data: the version neither moves on nor rolls back until someone
 * acts), rollback decisions and completed rollbacks, failed promotions, escalations and production
 * approvals are HIGH; blocks, rejections, expiries and other approvals MEDIUM; promotions into production MEDIUM,
 * into other stages LOW. Other events are not notified.
 */
public final class NotificationComposer {

  private final String productionStage;
  private final String cli;

  public NotificationComposer(String productionStage, String cli) {
    this.productionStage = productionStage;
    this.cli = cli;
  }

  /** The notification for {@code envelope}, or empty for events nobody is told about. */
  public Optional<Notification> compose(SpecificRecord envelope) {
    EventMetadata meta = (EventMetadata) envelope.get(0);
    Object payload = envelope.get(1);
    ArtifactRef a = meta.getArtifact();
    if (a == null) {
      return Optional.empty();
    }
    String artifact = a.getApplication() + " " + a.getVersion();
    Map<String, String> facts = new LinkedHashMap<>();
    facts.put("Application", a.getApplication());
    facts.put("Version", a.getVersion());
    facts.put("Digest", a.getDigest());
    if (meta.getPromotionId() != null) {
      facts.put("Promotion", meta.getPromotionId());
    }
    String type = EventTypes.of(envelope);
    Severity severity;
    String title;
    String action = null;
    String stage = null;
    List<String> approverRoles = List.of();
    if (payload instanceof StagePromoted p) {
      boolean prod = productionStage.equals(p.getTargetStage());
      boolean rollback = p.getPromotionType() == PromotionType.ROLLBACK;
      severity = rollback ? Severity.HIGH : prod ? Severity.MEDIUM : Severity.LOW;
      stage = p.getTargetStage();
      title = rollback
          ? a.getApplication() + " " + p.getTargetStage() + " rolled back to " + a.getVersion()
              + (p.getPreviousVersion() == null ? "" : " (from " + p.getPreviousVersion() + ")")
          : artifact + " promoted to " + p.getTargetStage() + " (" + p.getPromotionType() + ")";
      facts.put("Stage", p.getTargetStage());
      if (p.getPreviousVersion() != null) {
        facts.put("Replaces", p.getPreviousVersion());
      }
      if (!p.getApprovers().isEmpty()) {
        facts.put("Approved by", String.join(", ", p.getApprovers()));
      }
    } else if (payload instanceof PromotionBlocked b) {
      severity = Severity.MEDIUM;
      stage = b.getTargetStage();
      title = artifact + " not promoted to " + b.getTargetStage() + ": " + b.getOutcome();
      facts.put("Stage", b.getTargetStage());
      facts.put("Reason", b.getReason());
    } else if (payload instanceof PromotionScheduled sc) {
      severity = Severity.LOW;
      stage = sc.getTargetStage();
      title = artifact + " scheduled for " + sc.getTargetStage() + " at " + sc.getNotBefore();
      facts.put("Reason", sc.getReason());
    } else if (payload instanceof PromotionOverridden o) {
      severity = Severity.HIGH;
      title = artifact + " break-glass " + o.getKind() + " by " + meta.getActor();
      facts.put("Reason", o.getReason());
    } else if (payload instanceof PromotionFailed f) {
      severity = Severity.HIGH;
      stage = f.getTargetStage();
      title = artifact + " promotion to " + f.getTargetStage() + " failed (" + f.getCategory() + ")";
      facts.put("Stage", f.getTargetStage());
      facts.put("Reason", f.getReason());
    } else if (payload instanceof ApprovalRequested r) {
      boolean prod = productionStage.equals(r.getTargetStage());
      severity = prod ? Severity.HIGH : Severity.MEDIUM;
      stage = r.getTargetStage();
      approverRoles = r.getRequiredRoles();
      title = artifact + " awaits approval for " + r.getTargetStage();
      facts.put("Stage", (r.getSourceStage() == null ? "" : r.getSourceStage() + " → ") + r.getTargetStage());
      facts.put("Requested by", r.getRequestedBy());
      facts.put("Approvers", r.getQuorum() + " of roles " + String.join(", ", r.getRequiredRoles()));
      facts.put("Gates", r.getGateSummary());
      facts.put("Deadline", r.getExpiresAt().toString());
      action = cli + " approvals approve " + r.getApprovalId() + "   (or: " + cli + " approvals reject "
          + r.getApprovalId() + " --comment \"why\")";
    } else if (payload instanceof ApprovalGranted g) {
      severity = Severity.LOW;
      title = artifact + " approved by " + String.join(", ", g.getApprovers());
    } else if (payload instanceof ApprovalRejected r) {
      severity = Severity.MEDIUM;
      title = artifact + " rejected by " + r.getRejectedBy();
      facts.put("Comment", r.getComment());
    } else if (payload instanceof ApprovalExpired) {
      severity = Severity.MEDIUM;
      title = artifact + " approval expired";
    } else if (payload instanceof ApprovalReminded r) {
      severity = Severity.MEDIUM;
      approverRoles = r.getRoles();
      title = artifact + " still awaits approval (reminder)";
      facts.put("Deadline", r.getExpiresAt().toString());
      action = cli + " approvals list --mine";
    } else if (payload instanceof ApprovalExtended x) {
      severity = Severity.LOW;
      title = artifact + " approval deadline extended";
      facts.put("Deadline", x.getExpiresAt().toString());
    } else if (payload instanceof ApprovalWithdrawn w) {
      severity = Severity.LOW;
      title = artifact + " approval withdrawn by " + w.getApprover();
    } else if (payload instanceof ApprovalVoided v) {
      severity = Severity.MEDIUM;
      title = artifact + " approval voided";
      facts.put("Reason", v.getReason());
    } else if (payload instanceof ApprovalEscalated e) {
      severity = Severity.HIGH;
      approverRoles = List.of(e.getEscalatedTo());
      title = artifact + " approval escalated to " + e.getEscalatedTo();
      action = cli + " approvals list --mine";
    } else if (payload instanceof VerificationFailed f) {
      severity = Severity.HIGH;
      stage = f.getStage();
      title = artifact + " failed verification in " + f.getStage() + " (score " + f.getRollbackScore() + ")";
      facts.put("Stage", f.getStage());
      facts.put("Reasons", String.join("; ", f.getReasons()));
    } else if (payload instanceof VerificationInconclusive i) {
      severity = Severity.HIGH;
      stage = i.getStage();
      title = artifact + " verification inconclusive in " + i.getStage() + ": no health data, not promoted onward";
      facts.put("Stage", i.getStage());
      facts.put("Window started", i.getWindowStartedAt().toString());
      facts.put("Reasons", String.join("; ", i.getReasons()));
      action = "Make the deployer report health (POST /api/v1/health-reports) or fix the Prometheus queries, then rerun: "
          + "POST /api/v1/verifications/rerun {\"application\": \"" + a.getApplication() + "\", \"stage\": \""
          + i.getStage() + "\", \"reason\": \"…\"} (role monitor or admin)";
    } else if (payload instanceof RollbackDecided d) {
      severity = Severity.HIGH;
      stage = d.getStage();
      title = a.getApplication() + " " + d.getStage() + " rolls back from " + a.getVersion() + " to " + d.getTargetVersion();
      facts.put("Stage", d.getStage());
      facts.put("Mode", d.getMode() + ", " + d.getStrategy() + ", urgency " + d.getUrgency());
      facts.put("Reasons", String.join("; ", d.getReasons()));
    } else if (payload instanceof RollbackUnavailable u) {
      severity = Severity.CRITICAL;
      stage = u.getStage();
      title = a.getApplication() + " " + u.getStage() + " cannot roll back from " + a.getVersion();
      facts.put("Stage", u.getStage());
      facts.put("Reason", u.getReason());
      action = "No known-good version: intervene by hand (escalation).";
    } else {
      return Optional.empty();
    }
    return Optional.of(new Notification(meta.getEventId(), type, severity, a.getApplication(), meta.getPromotionId(),
        stage, title, facts, action, approverRoles));
  }
}
