package io.promoflow.approval.domain;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An approval asked for one promotion, bound to its artifact digest and the gate results it was asked on.
 *
 * @param requiredRoles an approver of the quorum holds one of them
 * @param quorum distinct approvers needed from {@code requiredRoles}
 * @param allOf role → distinct approvers holding it that must approve (in order when {@code sequential})
 * @param requestedAt epoch ms; {@code expiresAt}, {@code remindAt} likewise
 * @param timeoutMs the policy's timeout, for an extension or an escalation
 * @param commitAuthor author of the artifact's commit (an e-mail address, or a name when the build had none), who may
 *     not approve it either; null when unknown
 * @param onTimeout reject, escalate or extend
 * @param escalationRole role that may decide once escalated; null: none
 * @param reminded the reminder was sent; {@code escalated} and {@code extended} likewise happen once
 * @param decisions every decision in order, withdrawn ones included (kept for the record)
 * @param gateResultsDigest sha256 of the gate results the approval was asked on (from
 *     {@code PromotionAwaitingApproval}); every grant carries it so promotion-service can check it; null when unknown
 * @param excludedApprovers people who may not decide besides requester and commit author (whoever forced or scheduled
 *     the promotion), by user name or e-mail
 * @param override the break-glass override the approvers are asked to confirm, or null
 */
public record Approval(String approvalId, String promotionId, String application, String version, String digest,
    String sourceStage, String targetStage, String requestedBy, String commitAuthor, List<String> requiredRoles, int quorum,
    Map<String, Integer> allOf, boolean sequential, long requestedAt, long expiresAt, long remindAt, long timeoutMs,
    String onTimeout, String escalationRole, boolean reminded, boolean escalated, boolean extended, String gateSummary,
    ApprovalStatus status, List<Decision> decisions, String gateResultsDigest, List<String> excludedApprovers,
    String override) {

  public Approval {
    excludedApprovers = excludedApprovers == null ? List.of() : List.copyOf(excludedApprovers);
    requiredRoles = requiredRoles == null ? List.of() : List.copyOf(requiredRoles);
    allOf = allOf == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(allOf));
    decisions = decisions == null ? List.of() : List.copyOf(decisions);
    onTimeout = onTimeout == null ? "reject" : onTimeout;
  }

  /** Decisions that count: not withdrawn. */
  public List<Decision> standing() {
    return decisions.stream().filter(d -> !d.withdrawn()).toList();
  }

  /** Distinct approvers whose approval stands, in order. */
  public List<String> approvers() {
    return approvals().stream().map(Decision::approver).toList();
  }

  /** The standing approvals, one per approver (the first), in order: who granted, with e-mail and roles held then. */
  public List<Decision> approvals() {
    java.util.Set<String> seen = new java.util.HashSet<>();
    return standing().stream().filter(Decision::approve).filter(d -> seen.add(d.approver())).toList();
  }

  /** Every role that may decide now (the escalation role once escalated). */
  public List<String> eligibleRoles() {
    java.util.LinkedHashSet<String> roles = new java.util.LinkedHashSet<>(requiredRoles);
    roles.addAll(allOf.keySet());
    if (escalated && escalationRole != null) {
      roles.add(escalationRole);
    }
    return List.copyOf(roles);
  }

  Approval with(ApprovalStatus next, Decision decision) {
    List<Decision> d = new ArrayList<>(decisions);
    if (decision != null) {
      d.add(decision);
    }
    return copy(next, d, expiresAt, reminded, escalated, extended);
  }

  Approval withdrawn(String approver) {
    List<Decision> d = new ArrayList<>();
    for (Decision x : decisions) {
      d.add(x.approver().equals(approver) && !x.withdrawn() ? x.withdraw() : x);
    }
    return copy(status, d, expiresAt, reminded, escalated, extended);
  }

  Approval copy(ApprovalStatus s, List<Decision> d, long expires, boolean rem, boolean esc, boolean ext) {
    return new Approval(approvalId, promotionId, application, version, digest, sourceStage, targetStage, requestedBy,
        commitAuthor, requiredRoles, quorum, allOf, sequential, requestedAt, expires, remindAt, timeoutMs, onTimeout,
        escalationRole, rem, esc, ext, gateSummary, s, d, gateResultsDigest, excludedApprovers, override);
  }
}
