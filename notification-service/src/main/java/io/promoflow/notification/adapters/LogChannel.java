package io.promoflow.notification.adapters;

import io.promoflow.notification.domain.Notification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes notifications to the service log: used for routes whose channel is not configured (the
 * local stack).
 */
public final class LogChannel implements NotificationChannel {

  private static final Logger log = LoggerFactory.getLogger("promoflow.notifications");
  private final String standsFor;

  /**
   * @param standsFor the routed channel this log stands in for (slack, email or log)
   */
  public LogChannel(String standsFor) {
    this.standsFor = standsFor;
  }

  @Override
  public String name() {
    return "log";
  }

  @Override
  public void send(Notification n, String recipient) {
    log.info(
        "[{}] {} → {} {}{}",
        n.severity(),
        standsFor,
        recipient,
        n.title() + " " + n.facts(),
        n.action() == null ? "" : " → " + n.action());
  }
}
