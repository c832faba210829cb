package io.promoflow.approval.domain;

/**
 * Where an approval stands. Only PENDING takes decisions; VOIDED: its promotion ended without it.
 */
public enum ApprovalStatus {
  PENDING,
  GRANTED,
  REJECTED,
  EXPIRED,
  VOIDED
}
