package io.promoflow.approval.api;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * Body of {@code POST /api/v1/approvals/{approvalId}/decisions}; the approver is the authenticated
 * principal. WITHDRAW takes back the caller's approval before the grant.
 */
public record DecisionRequest(@NotNull Verdict decision, @Size(max = 4000) String comment) {

  /** APPROVE, REJECT or WITHDRAW. */
  public enum Verdict {
    APPROVE,
    REJECT,
    WITHDRAW
  }
}
