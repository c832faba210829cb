package io.promoflow.promotion.domain;

/**
 * Executes a decided promotion in the outside world. Runs after the decision and before {@code StagePromoted};
 * must be idempotent by {@code promotionId}.
 */
public interface PromotionExecutor {

  /** Name recorded on {@code StagePromoted.executor}. */
  String name();

  /**
   * Executes {@code promotion}.
   *
   * @return the outcome; a failure carries a category (VALIDATION, NETWORK, AUTHENTICATION, PERMISSION, REGISTRY,
   *     TIMEOUT, UNKNOWN)
   */
  Outcome execute(Promotion promotion);

  /** Result of an execution. */
  record Outcome(boolean succeeded, String category, String detail) {

    public static Outcome success(String detail) {
      return new Outcome(true, null, detail);
    }
  }
}
