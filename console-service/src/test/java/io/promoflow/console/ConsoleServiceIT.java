package io.promoflow.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.promoflow.platform.testing.Http;
import io.promoflow.platform.testing.ServiceIntegrationTest;
import io.promoflow.platform.testing.TopicProbe;
import io.promoflow.schemas.Topic;
import io.promoflow.trigger.TriggerApplication;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.specific.SpecificRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The console on a real broker: the DORA endpoint and gauges computed from events on the topics,
 * and the API proxy in front of the real trigger-service (same answer through 8080 as direct), a
 * stub service that echoes what it received, and a service that is down.
 */
@ServiceIntegrationTest(
    application = ConsoleApplication.class,
    properties = {"spring.config.name=console-service", "promoflow.console.dora.gauge-refresh=1s"})
class ConsoleServiceIT {

  static final Duration WAIT = Duration.ofSeconds(60);
  static final JsonMapper JSON = JsonMapper.builder().build();
  static final HttpServer STUB = stub();
  static final int TRIGGER_PORT = freePort();
  static ConfigurableApplicationContext trigger;

  @LocalServerPort int port;

  @Value("${spring.embedded.kafka.brokers}")
  String brokers;

  @DynamicPropertySource
  static void services(DynamicPropertyRegistry registry) {
    String stub = "http://localhost:" + STUB.getAddress().getPort();
    registry.add("promoflow.console.services.trigger", () -> "http://localhost:" + TRIGGER_PORT);
    for (String s : List.of("gate", "promotion", "approval", "rollback")) {
      registry.add("promoflow.console.services." + s, () -> stub);
    }
    // nothing listens on a port just released: the service is down
    registry.add("promoflow.console.services.notification", () -> "http://localhost:" + freePort());
  }

  @AfterAll
  static void stop() {
    STUB.stop(0);
    if (trigger != null) {
      trigger.close();
    }
  }

  /** Echoes the request as JSON, answered 418 as problem+json so that both pass through. */
  static HttpServer stub() {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
      server.createContext(
          "/",
          exchange -> {
            Map<String, Object> echo = new TreeMap<>();
            echo.put("method", exchange.getRequestMethod());
            echo.put(
                "uri",
                exchange.getRequestURI().getRawPath()
                    + (exchange.getRequestURI().getRawQuery() == null
                        ? ""
                        : "?" + exchange.getRequestURI().getRawQuery()));
            Map<String, String> headers = new TreeMap<>();
            exchange
                .getRequestHeaders()
                .forEach((k, v) -> headers.put(k.toLowerCase(), String.join(",", v)));
            echo.put("headers", headers);
            echo.put(
                "body",
                new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            byte[] out = JSON.writeValueAsBytes(echo);
            exchange.getResponseHeaders().add("Content-Type", "application/problem+json");
            exchange.getResponseHeaders().add("X-Stub", "yes");
            exchange.sendResponseHeaders(418, out.length);
            exchange.getResponseBody().write(out);
            exchange.close();
          });
      server.start();
      return server;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @SuppressWarnings("unchecked")
  void produce(List<DoraEvents.Event> events) {
    try (TopicProbe probe = new TopicProbe(brokers)) {
      for (DoraEvents.Event e : events) {
        probe.produce((Topic<SpecificRecord>) e.topic(), e.key(), e.value());
      }
    }
  }

  @Test
  void doraFiguresComeFromTheEventLog() {
    String base = "http://localhost:" + port;
    produce(DoraEvents.standard("inventory", Instant.now()).events());
    String url = base + "/api/v1/metrics/dora?application=inventory&stage=PROD&window=P30D";
    Http.Response[] r = new Http.Response[1];
    Awaitility.await()
        .atMost(WAIT)
        .until(
            () ->
                (r[0] = Http.get(url)).status() == 200
                    && r[0].json().get("promotions").asLong() == 2);
    JsonNode dora = r[0].json();
    assertThat(dora.propertyNames())
        .containsExactlyInAnyOrder(
            "deploymentFrequencyPerDay",
            "leadTimeForChangesP50Ms",
            "leadTimeForChangesP90Ms",
            "changeFailureRate",
            "timeToRestoreP50Ms",
            "approvalWaitP50Ms",
            "promotionSuccessRate",
            "promotions");
    long h = Duration.ofHours(1).toMillis();
    assertThat(dora.get("deploymentFrequencyPerDay").asDouble()).isEqualTo(2 / 30.0);
    assertThat(dora.get("leadTimeForChangesP50Ms").asLong()).isEqualTo(2 * h);
    assertThat(dora.get("leadTimeForChangesP90Ms").asLong()).isEqualTo(4 * h);
    assertThat(dora.get("changeFailureRate").asDouble()).isEqualTo(0.5);
    assertThat(dora.get("timeToRestoreP50Ms").asLong()).isEqualTo(h);
    assertThat(dora.get("approvalWaitP50Ms").asLong()).isEqualTo(Duration.ofMinutes(30).toMillis());
    assertThat(dora.get("promotionSuccessRate").asDouble()).isEqualTo(2 / 3.0);

    Http.Response empty = Http.get(base + "/api/v1/metrics/dora?application=nothing-here");
    assertThat(empty.status()).isEqualTo(200);
    assertThat(empty.json().get("promotions").asLong()).isZero();
    assertThat(empty.json().get("changeFailureRate").isNull()).as("present, null").isTrue();
    assertThat(empty.json().propertyNames()).hasSize(8);

    Http.Response badWindow = Http.get(base + "/api/v1/metrics/dora?window=30%20days");
    assertThat(badWindow.status()).isEqualTo(400);
    assertThat(badWindow.contentType()).startsWith("application/problem+json");
    assertThat(badWindow.json().get("field").asString()).isEqualTo("window");
    Http.Response tooLong = Http.get(base + "/api/v1/metrics/dora?window=P365D");
    assertThat(tooLong.json().get("field").asString()).isEqualTo("window");
    Http.Response badStage = Http.get(base + "/api/v1/metrics/dora?stage=MARS");
    assertThat(badStage.status()).isEqualTo(400);
    assertThat(badStage.json().get("field").asString()).isEqualTo("stage");
    assertThat(Http.get(url, null).status())
        .as("the console's own routes need a token")
        .isEqualTo(401);

    Awaitility.await()
        .atMost(WAIT)
        .until(
            () ->
                Http.get(base + "/actuator/prometheus", null)
                    .body()
                    .contains(
                        "promoflow_dora_promotions{application=\"inventory\",stage=\"PROD\"} 2.0"));
    String scrape = Http.get(base + "/actuator/prometheus", null).body();
    assertThat(scrape)
        .contains(
            "promoflow_dora_change_failure_rate{application=\"inventory\",stage=\"PROD\"} 0.5",
            "promoflow_dora_lead_time_p90_seconds{application=\"inventory\",stage=\"PROD\"} 14400.0",
            "promoflow_dora_approval_wait_p90_seconds{application=\"inventory\",stage=\"PROD\"} 1800.0");
  }

  @Test
  void theProxyAnswersAsTheServicesDo() throws Exception {
    String console = "http://localhost:" + port;
    String direct = "http://localhost:" + TRIGGER_PORT;
    trigger =
        TriggerApplication.builder()
            .run(
                "--spring.kafka.bootstrap-servers=" + brokers,
                "--server.port=" + TRIGGER_PORT,
                "--spring.profiles.active=local",
                "--promoflow.policy.location=file:../config/pipeline-local.yaml",
                "--promoflow.kafka.topics.partitions=1",
                "--promoflow.state-dir=target/state/trigger-" + TRIGGER_PORT,
                "--promoflow.trigger.evidence-dir=target/evidence-" + TRIGGER_PORT);
    // the real trigger-service: refusals are the same through the console as direct
    String bad = "{\"application\":\"Bad App\",\"version\":\"1\"}";
    for (String token : new String[] {null, "local-viewer", "local-ci"}) {
      Http.Response d = Http.post(direct + "/api/v1/builds", token, bad, Map.of());
      Http.Response c = Http.post(console + "/api/v1/builds", token, bad, Map.of());
      assertThat(c.status()).as("token " + token).isEqualTo(d.status()).isBetween(400, 403);
      assertThat(c.contentType()).isEqualTo(d.contentType()).startsWith("application/problem+json");
      // the same document (trigger-service lists field errors in no fixed order)
      assertThat(c.json().propertyNames()).isEqualTo(d.json().propertyNames());
      for (String key : List.of("status", "title", "detail", "instance")) {
        assertThat(c.json().get(key)).as(key).isEqualTo(d.json().get(key));
      }
      if (d.json().has("errors")) {
        assertThat(c.json().get("errors").valueStream().toList())
            .containsExactlyInAnyOrderElementsOf(d.json().get("errors").valueStream().toList());
      }
    }
    // and a build published through the console is recorded
    String build =
        JSON.writeValueAsString(
            Map.of(
                "application",
                "billing",
                "version",
                "2.0.0",
                "digest",
                "sha256:" + "d".repeat(64),
                "sourceCommit",
                "e".repeat(40),
                "pipelineRunId",
                "7",
                "buildFinishedAt",
                Instant.now().toString()));
    // trigger-service refuses builds (503) until its Kafka Streams client runs: wait as a
    // deployer's
    // readiness probe would
    Awaitility.await()
        .atMost(WAIT)
        .until(() -> Http.get(direct + "/actuator/health/readiness", null).status() == 200);
    Http.Response published = Http.post(console + "/api/v1/builds", "local-ci", build, Map.of());
    assertThat(published.status()).isEqualTo(202);
    assertThat(published.json().get("version").asString()).isEqualTo("2.0.0");
    // direct, the same build is a repeat (200) once trigger-service's store has it
    Awaitility.await()
        .atMost(WAIT)
        .until(
            () ->
                Http.post(direct + "/api/v1/builds", "local-ci", build, Map.of()).status() == 200);

    // a stub service: method, raw path and query, body and end-to-end headers arrive as sent
    Http.Response echoed =
        Http.send(
            HttpRequest.newBuilder(
                    URI.create(console + "/api/v1/promotions/p%201/gates?x=a%20b&y=2"))
                .header("Content-Type", "application/json")
                .header("X-Request-Id", "r-1")
                .header("Proxy-Authorization", "Basic c2VjcmV0")
                .header("TE", "trailers")
                .method("PUT", HttpRequest.BodyPublishers.ofString("{\"a\":1}")),
            "opaque-token");
    assertThat(echoed.status()).isEqualTo(418);
    assertThat(echoed.contentType()).isEqualTo("application/problem+json");
    JsonNode seen = echoed.json();
    assertThat(seen.get("method").asString()).isEqualTo("PUT");
    assertThat(seen.get("uri").asString()).isEqualTo("/api/v1/promotions/p%201/gates?x=a%20b&y=2");
    assertThat(seen.get("body").asString()).isEqualTo("{\"a\":1}");
    JsonNode headers = seen.get("headers");
    assertThat(headers.get("authorization").asString()).isEqualTo("Bearer opaque-token");
    assertThat(headers.get("x-request-id").asString()).isEqualTo("r-1");
    assertThat(headers.get("content-type").asString()).isEqualTo("application/json");
    assertThat(headers.has("proxy-authorization")).as("hop-by-hop: dropped").isFalse();
    assertThat(headers.has("te")).as("hop-by-hop: dropped").isFalse();

    // a service that is down: 503 naming it; a path no service serves: 404
    Http.Response down = Http.get(console + "/api/v1/notifications?promotionId=p1");
    assertThat(down.status()).isEqualTo(503);
    assertThat(down.contentType()).startsWith("application/problem+json");
    assertThat(down.json().get("service").asString()).isEqualTo("notification-service");
    assertThat(down.json().get("detail").asString()).contains("notification-service");
    Http.Response unknown = Http.get(console + "/api/v1/nothing");
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.contentType()).startsWith("application/problem+json");
  }
}
