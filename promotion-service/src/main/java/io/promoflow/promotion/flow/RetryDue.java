package io.promoflow.promotion.flow;

/**
 * An executor retry waiting for its time (store {@code executor-retries}, key promotion id).
 *
 * @param executor executor type, e.g. webhook
 * @param attempt the attempt to ask for
 * @param dueAt epoch ms
 */
public record RetryDue(String application, String promotionId, String executor, int attempt, long dueAt) {
}
