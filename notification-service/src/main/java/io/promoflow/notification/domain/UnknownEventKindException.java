package io.promoflow.notification.domain;

/**
 * An event of a kind the composer neither notifies nor declares silent, e.g. a union branch added
 * to a consumed envelope without a composer. Thrown rather than ignored so that the listener's
 * error handler records the event on its topic's {@code .dlt} with this message as the reason: a
 * notification must never vanish silently.
 */
public class UnknownEventKindException extends IllegalStateException {

  public UnknownEventKindException(String kind) {
    super(
        "no notification composer for event kind "
            + kind
            + ": add one to the notification-service domain "
            + "(NotificationComposer) or declare the kind silent");
  }
}
