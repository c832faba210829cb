package io.promoflow.promotion.domain;

/**
 * One step of a promotion's timeline.
 *
 * @param at epoch ms
 * @param state the promotion's state after the step
 * @param event the event that caused or recorded the step
 * @param actor who acted
 * @param detail what happened, in words
 */
public record TimelineEntry(
    long at, PromotionState state, String event, String actor, String detail) {}
