package io.promoflow.notification.domain;

import io.promoflow.rules.policy.NotificationPolicy;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where a notification goes: every policy route ({@code notifications.routes}) that matches its
 * event type, severity, stage and application contributes its channels; e-mail goes to the route's
 * recipients (or the default list), and to the approvers' addresses when the route says {@code
 * approvers: true}.
 */
public final class NotificationRouter {

  private final NotificationPolicy policy;
  private final List<String> defaultRecipients;
  private final Map<String, List<String>> roleAddresses;

  /**
   * @param defaultRecipients e-mail recipients of routes that name none
   * @param roleAddresses e-mail addresses per role
   */
  public NotificationRouter(
      NotificationPolicy policy,
      List<String> defaultRecipients,
      Map<String, List<String>> roleAddresses) {
    this.policy = policy;
    this.defaultRecipients = defaultRecipients;
    this.roleAddresses = roleAddresses;
  }

  /** The deliveries of {@code n}, each once, in route order. */
  public List<Target> targets(Notification n) {
    Set<Target> targets = new LinkedHashSet<>();
    for (NotificationPolicy.NotificationRoute route : policy.routes()) {
      if (!matches(route, n)) {
        continue;
      }
      for (String channel : route.channels()) {
        if (!"email".equals(channel)) {
          targets.add(new Target(channel, channel));
          continue;
        }
        List<String> to =
            new ArrayList<>(route.recipients().isEmpty() ? defaultRecipients : route.recipients());
        if (route.approvers()) {
          n.approverRoles().forEach(role -> to.addAll(roleAddresses.getOrDefault(role, List.of())));
        }
        to.forEach(address -> targets.add(new Target("email", address)));
      }
    }
    return List.copyOf(targets);
  }

  private static boolean matches(NotificationPolicy.NotificationRoute route, Notification n) {
    return (route.events().isEmpty() || route.events().contains(n.eventType()))
        && n.severity().compareTo(route.minSeverity()) >= 0
        && (route.stages().isEmpty() || route.stages().contains(n.stage()))
        && route.matchesApplication(n.application());
  }
}
