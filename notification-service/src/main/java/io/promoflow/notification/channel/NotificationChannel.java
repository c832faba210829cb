package io.promoflow.notification.channel;

import io.promoflow.notification.domain.Notification;
import java.util.List;

/** Where notifications go. Implementations throw on a failed delivery; the caller records the failure. */
public interface NotificationChannel {

  /** {@code slack}, {@code email} or {@code log}. */
  String name();

  /** Recipients of every notification on this channel (one delivery each). */
  List<String> recipients();

  /**
   * Delivers {@code n} to {@code recipient}.
   *
   * @throws RuntimeException when the channel refused or could not be reached
   */
  void send(Notification n, String recipient);
}
