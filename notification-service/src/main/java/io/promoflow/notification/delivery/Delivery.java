package io.promoflow.notification.delivery;

/**
 * One recorded delivery attempt, as shown by {@code GET /api/v1/notifications}.
 *
 * @param status DELIVERED or FAILED
 * @param at ISO-8601 time of the record
 */
public record Delivery(String deliveryKey, String promotionId, String application, String eventType, String channel,
    String recipient, String severity, String status, String summary, String at) {
}
