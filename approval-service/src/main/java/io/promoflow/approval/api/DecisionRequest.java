package io.promoflow.approval.api;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** Body of {@code POST /api/v1/approvals/{approvalId}/decisions}; the approver is the authenticated principal. */
public record DecisionRequest(@NotNull Verdict decision, @Size(max = 4000) String comment) {

  /** APPROVE or REJECT. */
  public enum Verdict { APPROVE, REJECT }
}
