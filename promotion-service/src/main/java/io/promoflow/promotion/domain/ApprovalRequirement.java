package io.promoflow.promotion.domain;

import io.promoflow.rules.policy.ApprovalPolicy;
import io.promoflow.rules.policy.HotfixPolicy;
import io.promoflow.rules.policy.PipelinePolicy;
import io.promoflow.rules.policy.ReleaseType;
import io.promoflow.rules.policy.RollbackPolicy;
import io.promoflow.rules.policy.StagePolicy;
import io.promoflow.rules.policy.TransitionPolicy;
import io.promoflow.schemas.gates.GateOutcome;
import java.util.Optional;

/**
 * Which approval a promotion needs, from the policy (issue 12 "Authority", point 1): a rollback
 * follows its stage's {@code rollback.mode} ({@code approval} uses {@code rollback.approval}); a
 * hotfix into the production stage uses {@code hotfix.<URGENCY>.approval}; any other promotion, and
 * a hotfix into another stage, uses the approval of the transition into its target stage ({@code
 * transitions[FROM->TO].approval}, or the transition from the stage before the target when the step
 * skips stages). A component promotion of a platform release (not a rollback: a release rollback
 * follows its stage's rollback policy like any other) uses its release type's approval ({@code
 * releases.types.<TYPE>.approval}, RELEASES.md point 5) where the policy sets one, else the rules
 * above; a release type Promoflow does not know requires {@link #UNSATISFIABLE} (fail closed; its
 * gates fail too). The production stage is never entered without an approval ({@link
 * PipelinePolicy#productionStage()}): where none of these names one, the production transition's
 * approval applies, and where the policy has none either, {@link #UNSATISFIABLE}.
 */
public final class ApprovalRequirement {

  /**
   * A requirement nobody can meet ({@link AuthorityCheck} refuses a requirement that names no
   * approver).
   */
  public static final ApprovalPolicy UNSATISFIABLE =
      new ApprovalPolicy(java.util.List.of(), 0, java.util.Map.of(), false, null, null, null, null);

  private ApprovalRequirement() {}

  /**
   * The approval needed, or empty when the promotion may proceed once its gates pass. Gates in
   * their warning band turn a step without an approval into one that needs the approvers of the
   * production transition.
   */
  public static Optional<ApprovalPolicy> of(
      PipelinePolicy policy, Promotion p, boolean gatesWarned) {
    Optional<ApprovalPolicy> required = of(policy, p);
    if (required.isPresent() || !gatesWarned) {
      return required;
    }
    return Optional.of(productionApproval(policy));
  }

  /** The approval the policy requires for {@code p}, or empty. */
  public static Optional<ApprovalPolicy> of(PipelinePolicy policy, Promotion p) {
    Optional<ApprovalPolicy> named =
        switch (p.type()) {
          case ROLLBACK -> {
            RollbackPolicy rollback =
                policy
                    .stage(p.targetStage())
                    .map(StagePolicy::rollback)
                    .orElse(RollbackPolicy.DEFAULTS);
            yield rollback.mode() == RollbackPolicy.RollbackMode.approval
                ? Optional.ofNullable(rollback.approval())
                : Optional.empty();
          }
          case HOTFIX -> {
            // an urgency the policy does not know was read as null (Promotion.urgency): it has no
            // hotfix path
            HotfixPolicy hotfix = p.urgency() == null ? null : policy.hotfix().get(p.urgency());
            boolean production = policy.productionStage().equals(p.targetStage());
            yield production
                ? Optional.ofNullable(hotfix == null ? null : hotfix.approval())
                : transitionInto(policy, p);
          }
          default -> p.release() != null ? releaseApproval(policy, p) : transitionInto(policy, p);
        };
    if (named.isEmpty() && policy.productionStage().equals(p.targetStage())) {
      return Optional.of(productionApproval(policy));
    }
    return named;
  }

  /** True when the policy requires an approval before {@code p} enters its target stage. */
  public static boolean required(PipelinePolicy policy, Promotion p) {
    return of(policy, p, p.gateOutcome() == GateOutcome.WARNED).isPresent();
  }

  /**
   * The approval of {@code p}'s release type where the policy sets one, else the transition's; an
   * unknown release type: {@link #UNSATISFIABLE}.
   */
  private static Optional<ApprovalPolicy> releaseApproval(PipelinePolicy policy, Promotion p) {
    ReleaseType type;
    try {
      type = ReleaseType.valueOf(String.valueOf(p.release().type()));
    } catch (IllegalArgumentException unknown) {
      return Optional.of(UNSATISFIABLE);
    }
    ApprovalPolicy byType = policy.releases().approval(type);
    return byType != null ? Optional.of(byType) : transitionInto(policy, p);
  }

  private static Optional<ApprovalPolicy> transitionInto(PipelinePolicy policy, Promotion p) {
    Optional<TransitionPolicy> step =
        policy
            .transition(p.sourceStage(), p.targetStage())
            .or(
                () ->
                    policy
                        .previousStage(p.targetStage())
                        .flatMap(from -> policy.transition(from, p.targetStage())));
    return step.map(TransitionPolicy::approval);
  }

  private static ApprovalPolicy productionApproval(PipelinePolicy policy) {
    String production = policy.productionStage();
    return policy
        .transition(policy.previousStage(production).orElse(null), production)
        .map(TransitionPolicy::approval)
        .orElse(UNSATISFIABLE);
  }
}
