package io.promoflow.promotion.domain;

import io.promoflow.rules.policy.PipelinePolicy;
import io.promoflow.schemas.requests.PromotionType;
import java.util.Optional;

/**
 * Change management (GitHub issue 18 point 4; reference promotion-workflows-guide.md "Phase 5:
 * Change Management"): a promotion into a stage whose transition requires a change request ({@code
 * transitions[].changeRequest}, by default the production stage) must name one. trigger-service
 * refuses such a request with 400 before publishing it; this is the same rule where the event is
 * consumed, so a request written to the topic by any other road is blocked, not promoted (fail
 * closed). A rollback restores a version that was verified there before and is not held to it.
 */
public final class ChangeRequestRule {

  private ChangeRequestRule() {}

  /** Why {@code p} may not enter its target stage for want of a change request, or empty. */
  public static Optional<String> refusal(PipelinePolicy policy, Promotion p) {
    if (p.type() == PromotionType.ROLLBACK || !policy.changeRequestRequired(p.targetStage())) {
      return Optional.empty();
    }
    if (p.changeRequestId() != null && !p.changeRequestId().isBlank()) {
      return Optional.empty();
    }
    return Optional.of(
        "change request required into "
            + p.targetStage()
            + " (policy transitions[].changeRequest): the request names no changeRequestId");
  }
}
