package io.promoflow.notification.domain;

import io.promoflow.rules.policy.Severity;
import io.promoflow.schemas.approvals.ApprovalDecisionRecorded;
import io.promoflow.schemas.approvals.ApprovalEscalated;
import io.promoflow.schemas.approvals.ApprovalExpired;
import io.promoflow.schemas.approvals.ApprovalExtended;
import io.promoflow.schemas.approvals.ApprovalGranted;
import io.promoflow.schemas.approvals.ApprovalRejected;
import io.promoflow.schemas.approvals.ApprovalReminded;
import io.promoflow.schemas.approvals.ApprovalRequested;
import io.promoflow.schemas.approvals.ApprovalVoided;
import io.promoflow.schemas.approvals.ApprovalWithdrawn;
import java.util.List;

/**
 * Notifications of {@code promoflow.approvals.v1}: a request into production and escalations HIGH,
 * other requests, reminders, rejections, expiries and voids MEDIUM, grants, extensions and
 * withdrawals LOW. Requests, reminders and escalations name the roles that may decide (routes with
 * {@code approvers: true} mail them), the CLI command to act and the approval id (Slack's buttons,
 * the e-mail's console link). Not notified: a single recorded decision (its outcome, granted or
 * rejected, is).
 */
final class ApprovalNotices {

  private ApprovalNotices() {}

  static void register(NotificationKinds kinds) {
    kinds
        .notify(ApprovalRequested.class, ApprovalNotices::requested)
        .notify(
            ApprovalGranted.class,
            (g, d) ->
                d.severity(Severity.LOW)
                    .title(d.artifact() + " approved by " + String.join(", ", g.getApprovers())))
        .notify(
            ApprovalRejected.class,
            (r, d) ->
                d.severity(Severity.MEDIUM)
                    .title(d.artifact() + " rejected by " + r.getRejectedBy())
                    .fact("Comment", r.getComment()))
        .notify(
            ApprovalExpired.class,
            (x, d) -> d.severity(Severity.MEDIUM).title(d.artifact() + " approval expired"))
        .notify(ApprovalReminded.class, ApprovalNotices::reminded)
        .notify(
            ApprovalExtended.class,
            (x, d) ->
                d.severity(Severity.LOW)
                    .title(d.artifact() + " approval deadline extended")
                    .fact("Deadline", x.getExpiresAt().toString()))
        .notify(
            ApprovalWithdrawn.class,
            (w, d) ->
                d.severity(Severity.LOW)
                    .title(d.artifact() + " approval withdrawn by " + w.getApprover()))
        .notify(
            ApprovalVoided.class,
            (v, d) ->
                d.severity(Severity.MEDIUM)
                    .title(d.artifact() + " approval voided")
                    .fact("Reason", v.getReason()))
        .notify(ApprovalEscalated.class, ApprovalNotices::escalated)
        .silent(ApprovalDecisionRecorded.class);
  }

  static void requested(ApprovalRequested r, NotificationDraft d) {
    String cli = d.cli();
    if (r.getChangeRequestId() != null) {
      // the change approvers weigh the request against (issue 18 point 4)
      d.fact("Change request", r.getChangeRequestId());
    }
    d.severity(d.isProduction(r.getTargetStage()) ? Severity.HIGH : Severity.MEDIUM)
        .stage(r.getTargetStage())
        .approverRoles(r.getRequiredRoles())
        .approvalId(r.getApprovalId())
        .title(d.artifact() + " awaits approval for " + r.getTargetStage())
        .fact(
            "Stage",
            (r.getSourceStage() == null ? "" : r.getSourceStage() + " → ") + r.getTargetStage())
        .fact("Requested by", r.getRequestedBy())
        .fact("Approvers", r.getQuorum() + " of roles " + String.join(", ", r.getRequiredRoles()))
        .fact("Gates", r.getGateSummary())
        .fact("Deadline", r.getExpiresAt().toString());
    if (r.getRelease() != null) {
      // a component of a platform release is decided only with the release (approval-service
      // answers 409 to a decision on the component alone): the action and Slack's buttons say so
      String releaseId = r.getRelease().getReleaseId();
      d.releaseId(releaseId)
          .fact(
              "Release",
              r.getRelease().getVersion()
                  + " ("
                  + r.getRelease().getType()
                  + ", "
                  + r.getRelease().getComponents().size()
                  + " components, decided as one)")
          .action(decide(cli, "releases", releaseId));
      return;
    }
    d.action(decide(cli, "approvals", r.getApprovalId()));
  }

  /**
   * The CLI commands deciding {@code id} with {@code command} ({@code approvals}, {@code
   * releases}).
   */
  private static String decide(String cli, String command, String id) {
    return cli
        + " "
        + command
        + " approve "
        + id
        + "   (or: "
        + cli
        + " "
        + command
        + " reject "
        + id
        + " --comment \"why\")";
  }

  static void reminded(ApprovalReminded r, NotificationDraft d) {
    d.severity(Severity.MEDIUM)
        .approverRoles(r.getRoles())
        .approvalId(r.getApprovalId())
        .title(d.artifact() + " still awaits approval (reminder)")
        .fact("Deadline", r.getExpiresAt().toString())
        .action(d.cli() + " approvals list --mine");
  }

  static void escalated(ApprovalEscalated e, NotificationDraft d) {
    d.severity(Severity.HIGH)
        .approverRoles(List.of(e.getEscalatedTo()))
        .approvalId(e.getApprovalId())
        .title(d.artifact() + " approval escalated to " + e.getEscalatedTo())
        .action(d.cli() + " approvals list --mine");
  }
}
