package io.promoflow.rules.keys;

import java.util.List;

/**
 * Key of one notification delivery: {@code <eventId>|<channel>|<recipient>}, the {@code
 * deliveryKey} recorded in {@code NotificationAttempted}/{@code Delivered}/{@code Failed} on {@code
 * promoflow.notifications.v1} (so its bytes never change: restarts find earlier deliveries by it).
 * The recipient is the free component ({@link KeyFormat}): an e-mail local part may contain {@code
 * |}; the event id (a UUID) and the channel never do.
 */
public record DeliveryKey(String eventId, String channel, String recipient) {

  private static final String SHAPE = "<eventId>|<channel>|<recipient>";

  public DeliveryKey {
    KeyFormat.fixed("DeliveryKey", "eventId", eventId);
    KeyFormat.fixed("DeliveryKey", "channel", channel);
    KeyFormat.free("DeliveryKey", "recipient", recipient);
  }

  /**
   * The key of the delivery of the notification about {@code eventId} to {@code recipient} on
   * {@code channel}.
   */
  public static DeliveryKey of(String eventId, String channel, String recipient) {
    return new DeliveryKey(eventId, channel, recipient);
  }

  /**
   * Reads a key written by {@link #value()}; a malformed one throws {@link MalformedKeyException}.
   */
  public static DeliveryKey parse(String key) {
    List<String> p = KeyFormat.split("DeliveryKey", SHAPE, key, 3, 2);
    return new DeliveryKey(p.get(0), p.get(1), p.get(2));
  }

  /** {@code <eventId>|<channel>|<recipient>}. */
  public String value() {
    return KeyFormat.join(eventId, channel, recipient);
  }

  @Override
  public String toString() {
    return value();
  }
}
