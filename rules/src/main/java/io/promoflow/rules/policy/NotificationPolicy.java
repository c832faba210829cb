package io.promoflow.rules.policy;

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
   * One route; an event matches when every given criterion matches.
   *
   * @param events event type names (e.g. {@code StagePromoted}); empty: every event
   * @param minSeverity lowest severity routed
   * @param stages stages the event concerns (e.g. PROD); empty: every stage
   * @param applications application name patterns, {@code *} matching any run of characters; empty:
   *     every application
   * @param channels {@code slack}, {@code email}, {@code webhook} or {@code log}
   * @param recipients e-mail addresses of this route; empty: {@code
   *     promoflow.notifications.email.to}
   * @param approvers also e-mail the people holding the roles that may decide a pending approval
   *     ({@code promoflow.notifications.email.roles})
   */
  public record NotificationRoute(
      List<String> events,
      Severity minSeverity,
      List<String> stages,
      List<String> applications,
      List<String> channels,
      List<String> recipients,
      Boolean approvers) {

    public NotificationRoute {
      events = events == null ? List.of() : List.copyOf(events);
      minSeverity = minSeverity == null ? Severity.LOW : minSeverity;
      stages = stages == null ? List.of() : List.copyOf(stages);
      applications = applications == null ? List.of() : List.copyOf(applications);
      channels = channels == null ? List.of() : List.copyOf(channels);
      recipients = recipients == null ? List.of() : List.copyOf(recipients);
      approvers = approvers != null && approvers;
    }

    /** True when {@code application} matches one of {@link #applications} (or none are given). */
    public boolean matchesApplication(String application) {
      return applications.isEmpty()
          || applications.stream()
              .anyMatch(
                  p ->
                      application.matches(
                          java.util.regex.Pattern.quote(p).replace("*", "\\E.*\\Q")));
    }
  }
}
