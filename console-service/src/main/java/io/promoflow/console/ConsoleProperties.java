package io.promoflow.console;

import java.net.URI;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the console is reached and where the six services are.
 *
 * @param url the console's own public base URL (links in e-mails and Slack point here)
 * @param services base URL of each service by its short name: trigger, gate, promotion, approval,
 *     rollback, notification (the local stack's defaults are 8081–8086)
 */
@ConfigurationProperties("promoflow.console")
public record ConsoleProperties(
    @DefaultValue("http://localhost:8080") URI url, Map<String, URI> services) {

  /** The short names every console needs a base URL for. */
  public static final Set<String> SERVICES =
      Set.of("trigger", "gate", "promotion", "approval", "rollback", "notification");

  public ConsoleProperties {
    services = services == null ? Map.of() : Map.copyOf(new TreeMap<>(services));
    if (!services.keySet().containsAll(SERVICES)) {
      throw new IllegalArgumentException(
          "promoflow.console.services must name every service "
              + SERVICES
              + ", got "
              + services.keySet());
    }
  }

  /**
   * The base URL of a service.
   *
   * @throws IllegalArgumentException for a name outside {@link #SERVICES}
   */
  public URI service(String name) {
    URI uri = services.get(name);
    if (uri == null) {
      throw new IllegalArgumentException("unknown service " + name);
    }
    return uri;
  }
}
