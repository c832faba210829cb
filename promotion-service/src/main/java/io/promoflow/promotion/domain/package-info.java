/**
 * Pure rules, no Spring or Kafka: the promotion state machine, the approval authority invariant,
 * executor error classification and the audit chain's head. Start reading at {@code
 * PromotionStateMachine}.
 */
package io.promoflow.promotion.domain;
