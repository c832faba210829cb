package io.promoflow.promotion.domain;

import io.promoflow.platform.policy.ApprovalPolicy;
import io.promoflow.platform.policy.HotfixPolicy;
import io.promoflow.platform.policy.PipelinePolicy;
import io.promoflow.platform.policy.RollbackPolicy;
import io.promoflow.platform.policy.StagePolicy;
import io.promoflow.platform.policy.TransitionPolicy;
import io.promoflow.platform.policy.Urgency;
import java.util.Optional;

/**
 * Which approval a promotion needs, from the policy: a rollback follows its stage's {@code rollback.mode}
 * ({@code approval} uses {@code rollback.approval}); a hotfix into the production stage uses
 * {@code hotfix.<URGENCY>.approval}; any other promotion uses {@code transitions[FROM->TO].approval}.
 */
public final class ApprovalRequirement {

  private ApprovalRequirement() {
  }

  /**
   * The approval needed, or empty when the promotion may proceed once its gates pass. Gates in their warning band
   * turn a step without an approval into one that needs the approvers of the production transition.
   */
  public static Optional<ApprovalPolicy> of(PipelinePolicy policy, Promotion p, boolean gatesWarned) {
    Optional<ApprovalPolicy> required = of(policy, p);
    if (required.isPresent() || !gatesWarned) {
      return required;
    }
    return policy.transition(policy.previousStage(policy.productionStage()).orElse(null), policy.productionStage())
        .map(TransitionPolicy::approval);
  }

  /** The approval the policy requires for {@code p}, or empty. */
  public static Optional<ApprovalPolicy> of(PipelinePolicy policy, Promotion p) {
    switch (p.type()) {
      case "ROLLBACK" -> {
        RollbackPolicy rollback = policy.stage(p.targetStage()).map(StagePolicy::rollback).orElse(RollbackPolicy.DEFAULTS);
        return rollback.mode() == RollbackPolicy.RollbackMode.approval ? Optional.ofNullable(rollback.approval()) : Optional.empty();
      }
      case "HOTFIX" -> {
        HotfixPolicy hotfix = p.urgency() == null ? null : policy.hotfix().get(Urgency.valueOf(p.urgency()));
        boolean production = policy.productionStage().equals(p.targetStage());
        return hotfix != null && production ? Optional.ofNullable(hotfix.approval()) : Optional.empty();
      }
      default -> {
        return policy.transition(p.sourceStage(), p.targetStage()).map(TransitionPolicy::approval);
      }
    }
  }
}
