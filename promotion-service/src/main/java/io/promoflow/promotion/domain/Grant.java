package io.promoflow.promotion.domain;

import io.promoflow.schemas.approvals.ApprovalDecisionRef;
import io.promoflow.schemas.approvals.ApprovalGranted;
import io.promoflow.schemas.common.EventMetadata;
import java.util.List;

/**
 * An {@code ApprovalGranted} as promotion-service judges it ({@link AuthorityCheck}): what it names
 * and who decided.
 *
 * @param approvalId the approval the grant closes; must be {@code ApprovalIds.of(promotionId)}
 * @param artifactDigest the envelope's {@code meta.artifact.digest}; null when the envelope names
 *     no artifact
 * @param gateResultsDigest the gate results the approvers saw; null when the grant does not say
 * @param approvers who approved, as announced
 * @param decisions each approver with e-mail (null when unknown) and roles at the time of the
 *     decision
 */
public record Grant(
    String approvalId,
    String artifactDigest,
    String gateResultsDigest,
    List<String> approvers,
    List<Decision> decisions) {

  public Grant {
    approvers = approvers == null ? List.of() : List.copyOf(approvers);
    decisions = decisions == null ? List.of() : List.copyOf(decisions);
  }

  /**
   * One approving decision.
   *
   * @param approver principal name
   * @param email e-mail address of the principal, or null
   * @param roles roles the principal held when deciding
   * @param via the delegated channel the decision came through ({@code slack}: a call with the
   *     delegation credential, {@code ApprovalDecisionRef.via}), or null for the person's own
   *     credential; at most one delegated decision counts toward a requirement ({@link
   *     AuthorityCheck})
   */
  public record Decision(String approver, String email, List<String> roles, String via) {

    public Decision {
      roles = roles == null ? List.of() : List.copyOf(roles);
      via = via == null || via.isBlank() ? null : via;
    }

    /** A decision made with the person's own credential. */
    public Decision(String approver, String email, List<String> roles) {
      this(approver, email, roles, null);
    }

    /** True when the decision came through a delegated channel, not the person's credential. */
    public boolean delegated() {
      return via != null;
    }
  }

  /** The grant carried by an approvals envelope with metadata {@code meta}. */
  public static Grant of(EventMetadata meta, ApprovalGranted granted) {
    List<Decision> decisions =
        granted.getDecisions() == null
            ? List.of()
            : granted.getDecisions().stream()
                .map(
                    (ApprovalDecisionRef d) ->
                        new Decision(d.getApprover(), d.getEmail(), d.getRoles(), d.getVia()))
                .toList();
    return new Grant(
        granted.getApprovalId(),
        meta == null || meta.getArtifact() == null ? null : meta.getArtifact().getDigest(),
        granted.getGateResultsDigest(),
        granted.getApprovers(),
        decisions);
  }
}
