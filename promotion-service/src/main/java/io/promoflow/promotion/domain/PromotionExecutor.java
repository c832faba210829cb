package io.promoflow.promotion.domain;

/**
 * The executor port: acts on the outside world for a decided promotion (pipeline policy {@code
 * transitions[].executor}). Runs after the decision is committed and before {@code StagePromoted};
 * every call carries the promotion id as idempotency key, so a receiver recognises a retried or
 * repeated call.
 */
public interface PromotionExecutor {

  /** Executor type in the policy, e.g. {@code webhook}. */
  String type();

  /**
   * One call. Never throws for a failed call: the failure is returned, categorised.
   *
   * @param attempt 1 for the first call of this run
   */
  AttemptOutcome attempt(ExecutionRequest request, int attempt);
}
