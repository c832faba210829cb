package io.promoflow.promotion.domain;

/**
 * The {@code record} executor: promotion is not deployment, so the decision itself is the act; deployers subscribe
 * to {@code StagePromoted}. Never fails.
 */
public final class RecordExecutor implements PromotionExecutor {

  @Override
  public String name() {
    return "record";
  }

  @Override
  public Outcome execute(Promotion promotion) {
    return Outcome.success("recorded " + promotion.application() + " " + promotion.version() + " as running in "
        + promotion.targetStage());
  }
}
