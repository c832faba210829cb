package io.promoflow.promotion.domain;

/** States of a promotion (DESIGN.md); the last seven are final except PROMOTING. */
public enum PromotionState {
  REQUESTED,
  EVALUATING,
  AWAITING_APPROVAL,
  SCHEDULED,
  PROMOTING,
  PROMOTED,
  BLOCKED,
  REJECTED,
  EXPIRED,
  FAILED,
  SUPERSEDED;

  /** True when nothing changes the promotion any more. */
  public boolean isFinal() {
    return this == PROMOTED
        || this == BLOCKED
        || this == REJECTED
        || this == EXPIRED
        || this == FAILED
        || this == SUPERSEDED;
  }
}
