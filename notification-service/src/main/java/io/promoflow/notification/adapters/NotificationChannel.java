package io.promoflow.notification.adapters;

import io.promoflow.notification.domain.Notification;

/**
 * Where notifications go. Implementations throw on a failed delivery; the caller retries and
 * records the outcome.
 */
public interface NotificationChannel {

  /** {@code slack}, {@code email}, {@code webhook} or {@code log}. */
  String name();

  /**
   * Delivers {@code n} to {@code recipient} (an e-mail address, or the channel's name for
   * single-endpoint channels).
   *
   * @throws RuntimeException when the channel refused or could not be reached
   */
  void send(Notification n, String recipient);
}
