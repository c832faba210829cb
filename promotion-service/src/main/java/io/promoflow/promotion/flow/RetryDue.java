package io.promoflow.promotion.flow;

/**
 * A promotion waiting for its time (store {@code executor-retries}, key promotion id): an executor
 * retry, or, with no executor, a SCHEDULED promotion waiting for its stage's deployment window or
 * the end of a freeze.
 *
 * @param executor executor type, e.g. webhook; null for a scheduled promotion
 * @param attempt the attempt to ask for
 * @param dueAt epoch ms
 */
public record RetryDue(
    String application, String promotionId, String executor, int attempt, long dueAt) {}
