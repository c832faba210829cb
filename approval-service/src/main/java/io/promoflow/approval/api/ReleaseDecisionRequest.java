package io.promoflow.approval.api;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * Body of {@code POST /api/v1/releases/{releaseId}/decisions}: one decision for every component
 * approval of a platform release; the approver is the authenticated principal.
 */
public record ReleaseDecisionRequest(@NotNull Verdict decision, @Size(max = 4000) String comment) {

  /** APPROVE or REJECT (a release's approvals are not withdrawn one by one). */
  public enum Verdict {
    APPROVE,
    REJECT
  }
}
