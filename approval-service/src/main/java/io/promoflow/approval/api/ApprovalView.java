package io.promoflow.approval.api;

import io.promoflow.approval.domain.Approval;
import io.promoflow.approval.domain.ApprovalStatus;
import io.promoflow.approval.domain.Decision;
import io.promoflow.approval.domain.Release;
import io.promoflow.rules.policy.ApprovalPolicy.OnTimeout;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * An approval as {@code GET /api/v1/approvals} serves it: the stored {@link Approval} with its
 * times as ISO-8601 UTC instants (GitHub issue 17 point 2; the store keeps epoch ms).
 *
 * @param requestedAt when the approval was asked; {@code expiresAt} (the deadline) and {@code
 *     remindAt} likewise
 * @param timeoutMs the policy's timeout, a duration in milliseconds (not a time)
 * @param decisions every decision in order, withdrawn ones included
 * @param release the platform release the promotion belongs to, or null (decided with {@code POST
 *     /api/v1/releases/{releaseId}/decisions})
 */
public record ApprovalView(
    String approvalId,
    String promotionId,
    String application,
    String version,
    String digest,
    String sourceStage,
    String targetStage,
    String requestedBy,
    String commitAuthor,
    List<String> requiredRoles,
    int quorum,
    Map<String, Integer> allOf,
    boolean sequential,
    Instant requestedAt,
    Instant expiresAt,
    Instant remindAt,
    long timeoutMs,
    OnTimeout onTimeout,
    String escalationRole,
    boolean reminded,
    boolean escalated,
    boolean extended,
    String gateSummary,
    ApprovalStatus status,
    List<DecisionView> decisions,
    String gateResultsDigest,
    List<String> excludedApprovers,
    String override,
    Release release) {

  /**
   * One decision.
   *
   * @param at when it was recorded (the event's time)
   * @param via the delegated channel it came through ({@code slack}), or null: own credential
   */
  public record DecisionView(
      String approver,
      String email,
      List<String> roles,
      boolean approve,
      String comment,
      Instant at,
      boolean withdrawn,
      String via) {

    static DecisionView of(Decision d) {
      return new DecisionView(
          d.approver(),
          d.email(),
          d.roles(),
          d.approve(),
          d.comment(),
          Instant.ofEpochMilli(d.at()),
          d.withdrawn(),
          d.via());
    }
  }

  /** The view of {@code a}. */
  public static ApprovalView of(Approval a) {
    return new ApprovalView(
        a.approvalId(),
        a.promotionId(),
        a.application(),
        a.version(),
        a.digest(),
        a.sourceStage(),
        a.targetStage(),
        a.requestedBy(),
        a.commitAuthor(),
        a.requiredRoles(),
        a.quorum(),
        a.allOf(),
        a.sequential(),
        Instant.ofEpochMilli(a.requestedAt()),
        Instant.ofEpochMilli(a.expiresAt()),
        Instant.ofEpochMilli(a.remindAt()),
        a.timeoutMs(),
        a.onTimeout(),
        a.escalationRole(),
        a.reminded(),
        a.escalated(),
        a.extended(),
        a.gateSummary(),
        a.status(),
        a.decisions().stream().map(DecisionView::of).toList(),
        a.gateResultsDigest(),
        a.excludedApprovers(),
        a.override(),
        a.release());
  }
}
