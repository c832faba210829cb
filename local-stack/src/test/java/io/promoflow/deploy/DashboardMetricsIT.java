package io.promoflow.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.promoflow.cli.demo.DemoEvidence;
import io.promoflow.console.ConsoleApplication;
import io.promoflow.localstack.KafkaIdentities;
import io.promoflow.localstack.LocalStack;
import io.promoflow.localstack.Service;
import io.promoflow.platform.testing.Http;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Every metric the Grafana dashboards query is one the services export: the local stack (and a
 * console of this test's own, on the same broker) runs a build into DEV, then every service's
 * {@code /actuator/prometheus} is scraped and each dashboard query's metric must be among the names
 * scraped. The names come from the real scrape, never from a list kept by hand.
 */
class DashboardMetricsIT {

  static final Duration WAIT = Duration.ofSeconds(120);
  static LocalStack stack;
  static ConfigurableApplicationContext console;

  @BeforeAll
  static void start() throws IOException {
    System.setProperty("org.springframework.boot.logging.LoggingSystem", "none");
    Map<Service, Integer> ports = new EnumMap<>(Service.class);
    for (Service s : Service.values()) {
      ports.put(s, 0);
    }
    Path home = Path.of("target", "dashboards-" + UUID.randomUUID());
    stack =
        LocalStack.start(
            new LocalStack.Settings(
                home,
                freePort(),
                freePort(),
                ports,
                "file:../config/pipeline-local.yaml",
                List.of()),
            Duration.ofSeconds(120));
    List<String> args =
        new ArrayList<>(
            List.of(
                "--spring.kafka.bootstrap-servers=" + stack.bootstrap(),
                "--promoflow.kafka.username=console-service",
                "--promoflow.kafka.password="
                    + KafkaIdentities.local().of("console-service").password(),
                "--server.port=0",
                "--spring.profiles.active=local",
                "--promoflow.policy.location=file:../config/pipeline-local.yaml",
                "--promoflow.state-dir=" + home.resolve("console-state").toAbsolutePath(),
                "--promoflow.console.dora.gauge-refresh=1s",
                // its own instance next to a console the local stack may run
                "--promoflow.instance-id=dashboards",
                "--spring.main.banner-mode=off"));
    for (Service s : Service.values()) {
      args.add("--promoflow.console.services." + s.label() + "=" + stack.url(s));
    }
    console = ConsoleApplication.builder().run(args.toArray(String[]::new));
  }

  @AfterAll
  static void stop() {
    if (console != null) {
      console.close();
    }
    if (stack != null) {
      stack.close();
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** Every metric name on every service's and the console's scrape. */
  static Set<String> scraped() {
    List<String> bases = new ArrayList<>();
    for (Service s : Service.values()) {
      bases.add(stack.url(s));
    }
    bases.add(
        "http://localhost:" + ((WebServerApplicationContext) console).getWebServer().getPort());
    Set<String> names = new TreeSet<>();
    for (String base : bases) {
      for (String line : Http.get(base + "/actuator/prometheus", null).body().split("\n")) {
        if (!line.isBlank() && !line.startsWith("#")) {
          names.add(line.split("[{ ]", 2)[0]);
        }
      }
    }
    return names;
  }

  @Test
  void everyDashboardQueryReadsAMetricTheServicesExport() {
    String version = "9.0." + (System.nanoTime() % 1000);
    Map<String, Object> build =
        Map.ofEntries(
            Map.entry("application", "dashboards"),
            Map.entry("version", version),
            Map.entry("digest", "sha256:" + "e".repeat(64)),
            Map.entry("sourceCommit", "d".repeat(40)),
            Map.entry("pipelineRunId", "dash-1"),
            Map.entry("buildFinishedAt", Instant.now().toString()),
            Map.entry("evidence", DemoEvidence.evidence()));
    assertThat(Http.post(stack.url(Service.TRIGGER) + "/api/v1/builds", "local-ci", build).status())
        .isEqualTo(202);
    Set<String> wanted = GrafanaDashboards.allMetrics();
    assertThat(wanted).hasSizeGreaterThan(10);
    // the promotion into DEV, its verification window and the gauges' refresh take a while: the
    // last attempt's assertion names what is still missing
    Awaitility.await()
        .atMost(WAIT)
        .pollInterval(Duration.ofSeconds(1))
        .untilAsserted(
            () -> {
              Set<String> left = new TreeSet<>(wanted);
              left.removeAll(scraped());
              assertThat(left).as("dashboard metrics no service exports").isEmpty();
            });
  }
}
