package io.promoflow.notification.domain;

/**
 * One recorded delivery step, as shown by {@code GET /api/v1/notifications}.
 *
 * @param status ATTEMPTED, DELIVERED or FAILED
 * @param attempts calls made to the channel (0 for an intent)
 * @param at ISO-8601 time of the record
 */
public record Delivery(
    String deliveryKey,
    String promotionId,
    String application,
    String eventType,
    String channel,
    String recipient,
    String severity,
    String status,
    String summary,
    int attempts,
    String at) {}
