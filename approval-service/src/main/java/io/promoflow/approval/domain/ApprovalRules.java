package io.promoflow.approval.domain;

import java.time.Instant;
import java.util.Set;

/**
 * Who may decide and when an approval is granted: an approver holds one of the required roles, is neither the
 * requester nor the commit author (separation of duties), decides once, before expiry; a reject needs a comment;
 * one reject rejects; {@code quorum} distinct approvals grant.
 */
public final class ApprovalRules {

  private ApprovalRules() {
  }

  /**
   * Checks a decision before it is recorded.
   *
   * @param now epoch ms
   * @throws DecisionRefused with the reason
   */
  public static void check(Approval a, String user, Set<String> roles, boolean approve, String comment, long now) {
    if (a.status() != ApprovalStatus.PENDING) {
      throw new DecisionRefused(DecisionRefused.Kind.CONFLICT, "approval " + a.approvalId() + " is " + a.status(), null);
    }
    if (now >= a.expiresAt()) {
      throw new DecisionRefused(DecisionRefused.Kind.CONFLICT, "approval " + a.approvalId() + " expired at "
          + Instant.ofEpochMilli(a.expiresAt()), null);
    }
    if (user.equals(a.requestedBy())) {
      throw new DecisionRefused(DecisionRefused.Kind.FORBIDDEN, user + " requested this promotion and cannot decide it "
          + "(separation of duties)", null);
    }
    if (a.commitAuthor() != null && user.equalsIgnoreCase(a.commitAuthor())) {
      throw new DecisionRefused(DecisionRefused.Kind.FORBIDDEN, user + " authored the commit of " + a.version()
          + " and cannot approve it (separation of duties)", null);
    }
    if (a.requiredRoles().stream().noneMatch(roles::contains)) {
      throw new DecisionRefused(DecisionRefused.Kind.FORBIDDEN, user + " holds none of the roles " + a.requiredRoles()
          + " this approval needs", null);
    }
    if (a.decisions().stream().anyMatch(d -> d.approver().equals(user))) {
      throw new DecisionRefused(DecisionRefused.Kind.CONFLICT, user + " already decided approval " + a.approvalId(), null);
    }
    if (!approve && (comment == null || comment.isBlank())) {
      throw new DecisionRefused(DecisionRefused.Kind.INVALID, "a rejection needs a comment saying why", "comment");
    }
  }

  /** The approval after a recorded decision; a decision that breaks a rule leaves it unchanged. */
  public static Approval apply(Approval a, Decision d) {
    try {
      check(a, d.approver(), Set.copyOf(d.roles()), d.approve(), d.comment(), d.at());
    } catch (DecisionRefused refused) {
      return a;
    }
    if (!d.approve()) {
      return a.with(ApprovalStatus.REJECTED, d);
    }
    Approval withDecision = a.with(ApprovalStatus.PENDING, d);
    return withDecision.approvers().size() >= a.quorum() ? withDecision.with(ApprovalStatus.GRANTED, null) : withDecision;
  }

  /** The approval after its promotion ended without it: VOIDED when it was still pending. */
  public static Approval voided(Approval a) {
    return a.status() == ApprovalStatus.PENDING ? a.with(ApprovalStatus.VOIDED, null) : a;
  }

  /** The approval at {@code now} (epoch ms): EXPIRED when still pending past its deadline. */
  public static Approval expire(Approval a, long now) {
    return a.status() == ApprovalStatus.PENDING && now >= a.expiresAt() ? a.with(ApprovalStatus.EXPIRED, null) : a;
  }
}
