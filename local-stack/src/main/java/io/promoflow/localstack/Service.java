package io.promoflow.localstack;

import io.promoflow.approval.ApprovalApplication;
import io.promoflow.console.ConsoleApplication;
import io.promoflow.gate.GateApplication;
import io.promoflow.notification.NotificationApplication;
import io.promoflow.promotion.PromotionApplication;
import io.promoflow.rollback.RollbackApplication;
import io.promoflow.trigger.TriggerApplication;
import java.util.function.Supplier;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * The console and the six services with their default ports (DESIGN.md "HTTP"). The console comes
 * first: it is the one address a person needs, printed first; it starts after the six, whose URLs
 * it is given ({@code promoflow.console.services.*}).
 */
public enum Service {
  CONSOLE("console", 8080, ConsoleApplication::builder),
  TRIGGER("trigger", 8081, TriggerApplication::builder),
  GATE("gate", 8082, GateApplication::builder),
  PROMOTION("promotion", 8083, PromotionApplication::builder),
  APPROVAL("approval", 8084, ApprovalApplication::builder),
  ROLLBACK("rollback", 8085, RollbackApplication::builder),
  NOTIFICATION("notification", 8086, NotificationApplication::builder);

  private final String label;
  private final int defaultPort;
  private final Supplier<SpringApplicationBuilder> builder;

  Service(String label, int defaultPort, Supplier<SpringApplicationBuilder> builder) {
    this.label = label;
    this.defaultPort = defaultPort;
    this.builder = builder;
  }

  /** The six services the console calls (every entry but {@link #CONSOLE}), in order. */
  public static java.util.List<Service> services() {
    return java.util.Arrays.stream(values()).filter(s -> s != CONSOLE).toList();
  }

  /** Short names of every entry, for messages: console, trigger, gate, … */
  public static String labels() {
    return java.util.Arrays.stream(values())
        .map(Service::label)
        .collect(java.util.stream.Collectors.joining(", "));
  }

  /**
   * The properties that tell the console where each service answers: {@code
   * promoflow.console.services.<label>=<url>}.
   *
   * @param url the base URL of each of the six services
   */
  public static java.util.List<String> consoleServiceUrls(
      java.util.function.Function<Service, String> url) {
    return services().stream()
        .map(s -> "promoflow.console.services." + s.label() + "=" + url.apply(s))
        .toList();
  }

  /** Short name: console, trigger, gate, promotion, approval, rollback, notification. */
  public String label() {
    return label;
  }

  public int defaultPort() {
    return defaultPort;
  }

  /** A new application builder with the service's own configuration file. */
  public SpringApplicationBuilder builder() {
    return builder.get();
  }
}
