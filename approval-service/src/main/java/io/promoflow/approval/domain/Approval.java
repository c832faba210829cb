package io.promoflow.approval.domain;

import java.util.ArrayList;
import java.util.List;

/**
 * An approval asked for one promotion.
 *
 * @param requiredRoles an approver must hold one of them
 * @param quorum distinct approvers needed
 * @param requestedAt epoch ms; {@code expiresAt} likewise
 * @param commitAuthor author of the artifact's commit, who may not approve it either; null when unknown
 */
public record Approval(String approvalId, String promotionId, String application, String version, String digest,
    String sourceStage, String targetStage, String requestedBy, String commitAuthor, List<String> requiredRoles, int quorum,
    long requestedAt, long expiresAt, String gateSummary, ApprovalStatus status, List<Decision> decisions) {

  public Approval {
    requiredRoles = requiredRoles == null ? List.of() : List.copyOf(requiredRoles);
    decisions = decisions == null ? List.of() : List.copyOf(decisions);
  }

  /** Distinct approvers who approved. */
  public List<String> approvers() {
    return decisions.stream().filter(Decision::approve).map(Decision::approver).distinct().toList();
  }

  Approval with(ApprovalStatus next, Decision decision) {
    List<Decision> d = new ArrayList<>(decisions);
    if (decision != null) {
      d.add(decision);
    }
    return new Approval(approvalId, promotionId, application, version, digest, sourceStage, targetStage, requestedBy,
        commitAuthor, requiredRoles, quorum, requestedAt, expiresAt, gateSummary, next, d);
  }
}
