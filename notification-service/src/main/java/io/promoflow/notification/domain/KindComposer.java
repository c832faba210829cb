package io.promoflow.notification.domain;

/**
 * Turns one kind of event (one union branch of a consumed envelope) into a notification: sets the
 * severity, title and whatever else the kind says on the {@link NotificationDraft}, which already
 * holds the artifact facts.
 *
 * @param <T> the event's payload class
 */
@FunctionalInterface
public interface KindComposer<T> {

  /** Fills {@code draft} from {@code event}; severity and title must be set. */
  void compose(T event, NotificationDraft draft);
}
