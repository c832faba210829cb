package io.promoflow.console.flow.board;

/**
 * Something changed that a board page may show: the application and, where the event names them,
 * the promotion and the platform release. Carries no data of the event: a page re-reads what it
 * shows from the services.
 *
 * @param topic the topic the event was read from
 * @param event the event's type, e.g. {@code StagePromoted}
 * @param application the application, or null when the event names none
 * @param promotionId the promotion, or null
 * @param releaseId the platform release the event is of or belongs to (the key of {@code
 *     promoflow.releases.v1}, or a promotion event's {@code release}), or null
 */
public record BoardChange(
    String topic, String event, String application, String promotionId, String releaseId) {}
