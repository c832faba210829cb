package io.promoflow.rules.policy;

/**
 * What a failed verification does in a stage (reference stage matrix: DEV immediate and automatic,
 * QA automatic, STAGING approval, PROD emergency path).
 *
 * @param mode automatic: the rollback promotion runs at once; approval: it waits for the approval
 *     of {@code approval}; manual: a rollback is only recommended
 * @param strategy how deployers should roll back
 * @param approval who approves a rollback when {@code mode} is approval
 */
public record RollbackPolicy(
    RollbackMode mode, RollbackStrategy strategy, ApprovalPolicy approval) {

  public static final RollbackPolicy DEFAULTS = new RollbackPolicy(null, null, null);

  public RollbackPolicy {
    mode = mode == null ? RollbackMode.automatic : mode;
    strategy = strategy == null ? RollbackStrategy.immediate : strategy;
  }

  /** How a rollback proceeds. */
  public enum RollbackMode {
    automatic,
    approval,
    manual
  }

  /** How deployers roll back. */
  public enum RollbackStrategy {
    immediate,
    graceful,
    blue_green,
    canary
  }
}
