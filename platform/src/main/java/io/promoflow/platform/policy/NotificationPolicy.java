package io.promoflow.platform.policy;

import java.util.List;

/**
 * Routes from event types and severities to channels.
 *
 * @param routes every route that matches an event delivers it, once per channel and recipient
 */
public record NotificationPolicy(List<NotificationRoute> routes) {

  public NotificationPolicy {
    routes = routes == null ? List.of() : List.copyOf(routes);
  }

  /**
   * One route.
   *
   * @param events event type names (e.g. {@code StagePromoted}); empty: every event
   * @param minSeverity lowest severity routed
   * @param channels {@code slack}, {@code email} or {@code log}
   */
  public record NotificationRoute(List<String> events, Severity minSeverity, List<String> channels) {

    public NotificationRoute {
      events = events == null ? List.of() : List.copyOf(events);
      minSeverity = minSeverity == null ? Severity.LOW : minSeverity;
      channels = channels == null ? List.of() : List.copyOf(channels);
    }
  }
}
