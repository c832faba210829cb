package io.promoflow.notification.domain;

import io.promoflow.platform.policy.NotificationPolicy;
import java.util.LinkedHashSet;
import java.util.Set;

/** The channels a notification goes to: the union of every policy route ({@code notifications.routes}) it matches. */
public final class NotificationRouter {

  private final NotificationPolicy policy;

  public NotificationRouter(NotificationPolicy policy) {
    this.policy = policy;
  }

  /** Channel names ({@code slack}, {@code email}, {@code log}) for {@code n}; empty when no route matches. */
  public Set<String> channels(Notification n) {
    Set<String> channels = new LinkedHashSet<>();
    for (NotificationPolicy.NotificationRoute route : policy.routes()) {
      boolean event = route.events().isEmpty() || route.events().contains(n.eventType());
      if (event && n.severity().compareTo(route.minSeverity()) >= 0) {
        channels.addAll(route.channels());
      }
    }
    return channels;
  }
}
