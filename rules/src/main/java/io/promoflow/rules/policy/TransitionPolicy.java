package io.promoflow.rules.policy;

import java.util.List;

/**
 * Rules of one step {@code from -> to}.
 *
 * @param from source stage, or {@code BUILD} for a new build
 * @param to target stage
 * @param trigger automatic: requested as soon as the source stage verified the version; manual: on
 *     request only
 * @param minScore minimum overall gate score, in percent (0–100)
 * @param approval who must approve before the stage changes; null: no approval
 * @param executor what executing a promotion into {@code to} does
 * @param gates quality gates decided from the build's evidence, after the built-in eligibility
 *     rules
 * @param changeRequest whether a request into {@code to} must name a change request ({@code
 *     changeRequestId}); null: the default, required into the production stage ({@link
 *     PipelinePolicy#changeRequestRequired})
 * @param registry the registry gate into {@code to}; null: its default ({@link
 *     PipelinePolicy#registryInto})
 */
public record TransitionPolicy(
    String from,
    String to,
    Trigger trigger,
    Integer minScore,
    ApprovalPolicy approval,
    ExecutorPolicy executor,
    java.util.List<GatePolicy> gates,
    ChangeRequest changeRequest,
    RegistryPolicy registry) {

  public TransitionPolicy {
    trigger = trigger == null ? Trigger.manual : trigger;
    minScore = minScore == null ? 100 : minScore;
    executor = executor == null ? ExecutorPolicy.RECORD : executor;
    gates = gates == null ? java.util.List.of() : java.util.List.copyOf(gates);
  }

  /** {@code FROM->TO}, the name used in validation messages. */
  public String key() {
    return from + "->" + to;
  }

  /** True when the policy requires an approval for this step. */
  public boolean needsApproval() {
    return approval != null;
  }

  /** Whether a request into the target stage names a change request. */
  public enum ChangeRequest {
    required,
    optional
  }

  /** How a transition starts. */
  public enum Trigger {
    automatic,
    manual
  }

  /** Roles an approver may hold. */
  public List<String> approverRoles() {
    return approval == null ? List.of() : approval.roles();
  }
}
