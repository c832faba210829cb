package io.promoflow.approval.domain;

import java.util.List;

/**
 * One approver's decision.
 *
 * @param approver the authenticated user name
 * @param email the approver's authenticated e-mail address, or null when the identity has none
 * @param roles the roles the approver held when deciding
 * @param approve true for APPROVE, false for REJECT
 * @param at epoch ms, when approval-service recorded the decision (the time its deadline check
 *     passed, as written in the event by approval-service, the only writer of the approvals topic),
 *     never later than when it was read
 * @param withdrawn the approver took it back before the grant
 * @param via the delegated channel the decision came through ({@code slack}: recorded with the
 *     delegation credential, {@code ApprovalDecisionRecorded.via}), or null for the approver's own
 *     credential; at most one delegated approval counts toward an approval ({@link ApprovalRules})
 */
public record Decision(
    String approver,
    String email,
    List<String> roles,
    boolean approve,
    String comment,
    long at,
    boolean withdrawn,
    String via) {

  public Decision {
    roles = roles == null ? List.of() : List.copyOf(roles);
    via = via == null || via.isBlank() ? null : via;
  }

  /** An APPROVE recorded at {@code at} (epoch ms) with the approver's own credential. */
  public static Decision approval(
      String approver, String email, List<String> roles, String comment, long at) {
    return approval(approver, email, roles, comment, at, null);
  }

  /** An APPROVE recorded at {@code at} (epoch ms), through {@code via} (null: own credential). */
  public static Decision approval(
      String approver, String email, List<String> roles, String comment, long at, String via) {
    return new Decision(approver, email, roles, true, comment, at, false, via);
  }

  /** A REJECT recorded at {@code at} (epoch ms); the rules refuse it without a comment. */
  public static Decision rejection(
      String approver, String email, List<String> roles, String comment, long at) {
    return rejection(approver, email, roles, comment, at, null);
  }

  /** A REJECT recorded at {@code at} (epoch ms), through {@code via} (null: own credential). */
  public static Decision rejection(
      String approver, String email, List<String> roles, String comment, long at, String via) {
    return new Decision(approver, email, roles, false, comment, at, false, via);
  }

  /** True when the decision came through a delegated channel, not the approver's credential. */
  public boolean delegated() {
    return via != null;
  }

  Decision withdraw() {
    return new Decision(approver, email, roles, approve, comment, at, true, via);
  }
}
