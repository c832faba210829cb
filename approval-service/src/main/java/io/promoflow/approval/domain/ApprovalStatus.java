package io.promoflow.approval.domain;

/** Where an approval stands. Only PENDING takes decisions. */
public enum ApprovalStatus { PENDING, GRANTED, REJECTED, EXPIRED }
