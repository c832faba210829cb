package io.promoflow.rollback;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.promoflow.platform.testing.Http;
import io.promoflow.platform.testing.RequiresExecutable;
import io.promoflow.platform.testing.RequiresExecutableCondition;
import io.promoflow.platform.testing.ServiceIntegrationTest;
import io.promoflow.platform.testing.TopicProbe;
import io.promoflow.schemas.Topics;
import io.promoflow.schemas.promotions.StagePromoted;
import io.promoflow.schemas.requests.PromotionType;
import io.promoflow.schemas.rollbacks.RollbackUnavailable;
import io.promoflow.schemas.verifications.HealthReported;
import io.promoflow.schemas.verifications.VerificationFailed;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Monitoring signals from a real Prometheus server (Debian's package; {@code .ci/run} installs it)
 * scraping a target this test serves. Skipped where no {@code prometheus} is on {@code PATH}: the
 * condition is evaluated before the Spring context (and this class's
 * {@code @DynamicPropertySource}) loads, so a machine with only Java reports it skipped.
 */
@RequiresExecutable("prometheus")
@ServiceIntegrationTest(
    application = RollbackApplication.class,
    properties = {"spring.config.name=rollback-service", "promoflow.monitoring.tick=200ms"})
class PrometheusMonitoringIT {

  static final Duration WAIT = Duration.ofSeconds(60);
  static HttpServer target;
  static Process prometheus;
  static String prometheusUrl;

  @Value("${spring.embedded.kafka.brokers}")
  String brokers;

  @DynamicPropertySource
  static void startPrometheus(DynamicPropertyRegistry registry) throws IOException {
    Path binary = RequiresExecutableCondition.find("prometheus").orElseThrow();
    target = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    target.createContext(
        "/metrics",
        exchange -> {
          byte[] body =
              ("# TYPE app_health gauge\napp_health{app=\"inventory\"} 0.3\n"
                      + "# TYPE app_error_ratio gauge\napp_error_ratio{app=\"inventory\"} 0.2\n")
                  .getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "text/plain; version=0.0.4");
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    target.start();
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Path dir = Files.createDirectories(Path.of("target", "prometheus-" + UUID.randomUUID()));
    Path config =
        Files.writeString(
            dir.resolve("prometheus.yml"),
            "global:\n  scrape_interval: 1s\nscrape_configs:\n"
                + "  - job_name: app\n    static_configs:\n      - targets: ['127.0.0.1:"
                + target.getAddress().getPort()
                + "']\n");
    prometheus =
        new ProcessBuilder(
                binary.toString(),
                "--config.file=" + config,
                "--storage.tsdb.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("log").toFile())
            .start();
    prometheusUrl = "http://127.0.0.1:" + port;
    Awaitility.await()
        .atMost(WAIT)
        .ignoreExceptions()
        .until(
            () ->
                Http.get(prometheusUrl + "/api/v1/query?query=app_health", null)
                    .body()
                    .contains("\"0.3\""));

    String policy =
        Files.readString(Path.of("../config/pipeline-local.yaml"))
            .replace(
                "  - name: DEV\n    monitoringWindow: PT3S\n",
                "  - name: DEV\n    monitoringWindow: PT30S\n    verification:\n      prometheus:\n        interval: PT1S\n"
                    + "        signals:\n          healthScore: 'app_health{app=\"{application}\"}'\n"
                    + "          errorRate: 'app_error_ratio{app=\"{application}\"}'\n");
    assertThat(policy).contains("app_health");
    Path policyFile = Files.writeString(dir.resolve("pipeline.yaml"), policy);
    registry.add("promoflow.policy.location", () -> "file:" + policyFile.toAbsolutePath());
    registry.add("promoflow.monitoring.prometheus-url", () -> prometheusUrl);
  }

  @AfterAll
  static void stop() {
    if (prometheus != null) {
      prometheus.destroy();
    }
    if (target != null) {
      target.stop(0);
    }
  }

  @Test
  void aBreachSeenByPrometheusFailsTheMonitoringWindow() {
    try (TopicProbe probe = new TopicProbe(brokers)) {
      probe.producePromotion(
          "p-1",
          TopicProbe.artifact("inventory", "2.0.0", 'd'),
          StagePromoted.newBuilder()
              .setPromotionType(PromotionType.AUTOMATIC)
              .setTargetStage("DEV")
              .setRequestedBy("t")
              .setExecutor("record")
              .build());
      List<Object> verifications =
          probe.payloads(
              Topics.VERIFICATIONS,
              WAIT,
              p -> p.stream().anyMatch(VerificationFailed.class::isInstance));
      HealthReported fromPrometheus =
          verifications.stream()
              .filter(HealthReported.class::isInstance)
              .map(HealthReported.class::cast)
              .findFirst()
              .orElseThrow();
      assertThat(fromPrometheus.getHealthScore()).isEqualTo(0.3);
      assertThat(fromPrometheus.getErrorRate()).isEqualTo(0.2);
      VerificationFailed failed =
          verifications.stream()
              .filter(VerificationFailed.class::isInstance)
              .map(VerificationFailed.class::cast)
              .findFirst()
              .orElseThrow();
      assertThat(failed.getRollbackScore()).isEqualTo(70);
      assertThat(failed.getReasons())
          .anyMatch(r -> r.startsWith("health 0.30 below 0.80"))
          .anyMatch(r -> r.startsWith("error rate 0.200 above 0.050"));
      assertThat(probe.payloads(Topics.ROLLBACKS, WAIT, p -> !p.isEmpty()).get(0))
          .isInstanceOf(RollbackUnavailable.class);
    }
  }
}
