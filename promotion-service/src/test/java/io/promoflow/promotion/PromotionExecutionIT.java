package io.promoflow.promotion;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.promoflow.platform.testing.Http;
import io.promoflow.platform.testing.TopicProbe;
import io.promoflow.promotion.adapters.execution.WebhookExecutor;
import io.promoflow.schemas.Topics;
import io.promoflow.schemas.common.EventMetadata;
import io.promoflow.schemas.gates.GateOutcome;
import io.promoflow.schemas.gates.GateResultsEnvelope;
import io.promoflow.schemas.gates.GatesEvaluated;
import io.promoflow.schemas.promotions.PromotionAttempted;
import io.promoflow.schemas.promotions.PromotionFailed;
import io.promoflow.schemas.promotions.PromotionsEnvelope;
import io.promoflow.schemas.promotions.StagePromoted;
import io.promoflow.schemas.requests.PromotionRequested;
import io.promoflow.schemas.requests.PromotionRequestsEnvelope;
import io.promoflow.schemas.requests.PromotionType;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.junit.jupiter.SpringJUnitConfig;

/**
 * The webhook executor against a local HTTP server that fails in scripted ways, with
 * promotion-service started (and restarted) by hand on an embedded broker.
 */
@SpringJUnitConfig
@EmbeddedKafka(partitions = 1)
class PromotionExecutionIT {

  static final Duration WAIT = Duration.ofSeconds(45);
  static final Pattern PROMOTION_ID = Pattern.compile("\"promotionId\":\"([^\"]+)\"");

  /**
   * Per promotion: answers in order; "stall" waits past the attempt timeout; "status:body" answers
   * with a body.
   */
  static final Map<String, Queue<String>> scripts = new ConcurrentHashMap<>();

  static final List<Map<String, String>> calls = new CopyOnWriteArrayList<>();
  static final CountDownLatch never = new CountDownLatch(1);
  static HttpServer deployer;
  static Path policy;
  static Path state;

  @Autowired EmbeddedKafkaBroker broker;

  @BeforeAll
  static void deployer() throws IOException {
    deployer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    deployer.setExecutor(Executors.newCachedThreadPool());
    deployer.createContext(
        "/deploy",
        exchange -> {
          String body =
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          Matcher m = PROMOTION_ID.matcher(body);
          String id = m.find() ? m.group(1) : "?";
          calls.add(
              Map.of(
                  "promotionId",
                  id,
                  "attempt",
                  exchange.getRequestHeaders().getFirst("X-Promoflow-Attempt"),
                  "idempotencyKey",
                  exchange.getRequestHeaders().getFirst("Idempotency-Key"),
                  "signature",
                  String.valueOf(
                      exchange.getRequestHeaders().getFirst("X-Promoflow-Signature-256")),
                  "body",
                  body));
          String answer = scripts.getOrDefault(id, new ConcurrentLinkedQueue<>()).poll();
          if ("stall".equals(answer)) {
            try {
              never.await(1500, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            answer = "200";
          }
          String[] parts = (answer == null ? "200" : answer).split(":", 2);
          byte[] out =
              (parts.length > 1 ? parts[1] : "{\"accepted\":true}")
                  .getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(Integer.parseInt(parts[0]), out.length);
          exchange.getResponseBody().write(out);
          exchange.close();
        });
    deployer.start();
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    String local = Files.readString(Path.of("../config/pipeline-local.yaml"));
    String webhook =
        "executor: {type: webhook, url: 'http://127.0.0.1:"
            + deployer.getAddress().getPort()
            + "/deploy',"
            + " signingKey: deploy, attemptTimeout: PT0.5S, maxAttempts: 3, initialBackoff: PT0.1S, jitter: 0.2}";
    String refused =
        "executor: {type: webhook, url: 'http://127.0.0.1:"
            + closedPort
            + "/deploy', maxAttempts: 3,"
            + " initialBackoff: PT0.05S}";
    String pending =
        "executor: {type: webhook, url: 'http://127.0.0.1:"
            + deployer.getAddress().getPort()
            + "/deploy',"
            + " maxAttempts: 4, initialBackoff: PT4S, jitter: 0.0}";
    String yaml =
        local
            .replace("    minScore: 85\n", "    minScore: 85\n    " + pending + "\n")
            .replace(
                "  - {from: BUILD, to: DEV, trigger: automatic}",
                "  - {from: BUILD, to: DEV, trigger: automatic, " + webhook + "}")
            .replace("    minScore: 80\n", "    minScore: 80\n    " + refused + "\n");
    assertThat(yaml).contains(webhook).contains(refused).contains(pending);
    Files.createDirectories(Path.of("target"));
    policy =
        Files.writeString(
            Path.of("target", "executor-policy-" + UUID.randomUUID() + ".yaml"), yaml);
    state = Path.of("target", "state", "executor-" + UUID.randomUUID());
  }

  @AfterAll
  static void stop() {
    deployer.stop(0);
  }

  ConfigurableApplicationContext start() {
    return start(
        broker,
        policy,
        state,
        "--promoflow.executors.keys.deploy=deploy-secret",
        // the scripted failures all hit one target: keep its circuit closed here (ChannelGuardTest
        // covers opening)
        "--resilience4j.circuitbreaker.configs.default.minimum-number-of-calls=100");
  }

  /**
   * Starts promotion-service (profile local, one partition) on {@code broker} with a policy file
   * and a state dir.
   */
  static ConfigurableApplicationContext start(
      EmbeddedKafkaBroker broker, Path policy, Path state, String... extra) {
    List<String> args =
        new java.util.ArrayList<>(
            List.of(
                "--spring.kafka.bootstrap-servers=" + broker.getBrokersAsString(),
                "--server.port=0",
                "--promoflow.policy.location=file:" + policy.toAbsolutePath(),
                "--promoflow.kafka.topics.partitions=1",
                "--promoflow.state-dir=" + state.toAbsolutePath(),
                "--spring.profiles.active=local"));
    args.addAll(List.of(extra));
    return PromotionApplication.builder().run(args.toArray(String[]::new));
  }

  static void promote(TopicProbe probe, String promotionId, String from, String to) {
    EventMetadata meta =
        TopicProbe.metadata(promotionId, TopicProbe.artifact("inventory", "1.4.2", 'a'));
    probe.produce(
        Topics.PROMOTION_REQUESTS,
        "inventory",
        new PromotionRequestsEnvelope(
            meta,
            PromotionRequested.newBuilder()
                .setType(PromotionType.AUTOMATIC)
                .setSourceStage(from)
                .setTargetStage(to)
                .setRequestedBy("t")
                .build()));
    probe.produce(
        Topics.GATE_RESULTS,
        "inventory",
        new GateResultsEnvelope(
            EventMetadata.newBuilder(meta).setEventId(UUID.randomUUID().toString()).build(),
            GatesEvaluated.newBuilder()
                .setOutcome(GateOutcome.PASSED)
                .setScorePercent(100)
                .setMinScorePercent(80)
                .setGateCount(6)
                .setPromotionType(PromotionType.AUTOMATIC)
                .setSourceStage(from)
                .setTargetStage(to)
                .setRequestedBy("t")
                .build()));
  }

  static List<Object> payloadsOf(
      TopicProbe probe, String promotionId, java.util.function.Predicate<List<Object>> until) {
    List<Object> mine = new CopyOnWriteArrayList<>();
    probe.read(
        Topics.PROMOTIONS.name(),
        WAIT,
        records -> {
          mine.clear();
          for (ConsumerRecord<String, Object> r : records) {
            PromotionsEnvelope e = (PromotionsEnvelope) r.value();
            if (promotionId.equals(e.getMeta().getPromotionId())) {
              mine.add(e.getPayload());
            }
          }
          return until.test(mine);
        });
    return mine;
  }

  static boolean ended(List<Object> payloads) {
    return payloads.stream()
        .anyMatch(p -> p instanceof StagePromoted || p instanceof PromotionFailed);
  }

  static List<PromotionAttempted> attempts(List<Object> payloads) {
    return payloads.stream()
        .filter(PromotionAttempted.class::isInstance)
        .map(PromotionAttempted.class::cast)
        .toList();
  }

  @Test
  void scriptedFailuresEndAsThePolicySaysAndARestartResumesAPendingRetry() {
    scripts.put("p-flaky", new ConcurrentLinkedQueue<>(List.of("503", "200")));
    scripts.put("p-auth", new ConcurrentLinkedQueue<>(List.of("401:{\"error\":\"bad token\"}")));
    scripts.put("p-slow", new ConcurrentLinkedQueue<>(List.of("stall", "200")));
    scripts.put(
        "p-garbage",
        new ConcurrentLinkedQueue<>(List.of("200:<html>proxy error</html>", "200", "200")));
    ConfigurableApplicationContext first = start();
    String base =
        "http://localhost:" + ((WebServerApplicationContext) first).getWebServer().getPort();
    try (TopicProbe probe = new TopicProbe(broker.getBrokersAsString())) {
      promote(probe, "p-flaky", null, "DEV");
      List<Object> flaky = payloadsOf(probe, "p-flaky", PromotionExecutionIT::ended);
      assertThat(attempts(flaky))
          .extracting(PromotionAttempted::getSucceeded)
          .containsExactly(false, true);
      assertThat(attempts(flaky).get(0).getCategory()).isEqualTo("REGISTRY");
      assertThat(attempts(flaky).get(0).getWillRetry()).isTrue();
      assertThat(flaky).filteredOn(StagePromoted.class::isInstance).hasSize(1);

      promote(probe, "p-auth", null, "DEV");
      PromotionFailed auth =
          (PromotionFailed)
              payloadsOf(probe, "p-auth", PromotionExecutionIT::ended).stream()
                  .filter(PromotionFailed.class::isInstance)
                  .findFirst()
                  .orElseThrow();
      assertThat(auth.getCategory()).isEqualTo("AUTHENTICATION");
      assertThat(auth.getSeverity()).isEqualTo("CRITICAL");
      assertThat(auth.getAttempts()).isEqualTo(1);
      assertThat(auth.getLastResponse()).contains("bad token");

      promote(probe, "p-slow", null, "DEV");
      List<Object> slow = payloadsOf(probe, "p-slow", PromotionExecutionIT::ended);
      assertThat(attempts(slow).get(0).getCategory()).isEqualTo("TIMEOUT");
      assertThat(slow).filteredOn(StagePromoted.class::isInstance).hasSize(1);

      promote(probe, "p-garbage", null, "DEV");
      List<Object> garbage = payloadsOf(probe, "p-garbage", PromotionExecutionIT::ended);
      assertThat(attempts(garbage).get(0).getDetail()).contains("not JSON");
      assertThat(garbage).filteredOn(StagePromoted.class::isInstance).hasSize(1);

      promote(probe, "p-refused", "DEV", "QA");
      PromotionFailed refused =
          (PromotionFailed)
              payloadsOf(probe, "p-refused", PromotionExecutionIT::ended).stream()
                  .filter(PromotionFailed.class::isInstance)
                  .findFirst()
                  .orElseThrow();
      assertThat(refused.getCategory()).isEqualTo("NETWORK");
      assertThat(refused.getAttempts()).isEqualTo(3);

      // every call carried the promotion id as idempotency key and a valid signature
      Map<String, String> call =
          calls.stream()
              .filter(c -> c.get("promotionId").equals("p-flaky"))
              .findFirst()
              .orElseThrow();
      assertThat(call.get("idempotencyKey")).isEqualTo("p-flaky");
      assertThat(call.get("signature"))
          .isEqualTo(WebhookExecutor.sign("deploy-secret".getBytes(), call.get("body").getBytes()));

      Http.Response timeline = Http.get(base + "/api/v1/promotions/p-flaky");
      assertThat(timeline.json().get("state").asString()).isEqualTo("PROMOTED");
      assertThat(timeline.body())
          .contains("attempt 1 failed: REGISTRY/HIGH (HTTP 503)")
          .contains("attempt 2 succeeded");
      assertThat(Http.get(base + "/actuator/prometheus", null).body())
          .contains("promoflow_executor_attempts_total")
          .contains("promoflow_executor_latency_seconds")
          .contains("resilience4j_circuitbreaker_state");

      // a retry is pending when the service stops; the next start executes once more and promotes
      // exactly once
      scripts.put("p-restart", new ConcurrentLinkedQueue<>(List.of("503", "503", "503")));
      promote(probe, "p-restart", "QA", "STAGING");
      PromotionAttempted pendingRetry =
          attempts(payloadsOf(probe, "p-restart", p -> !attempts(p).isEmpty())).get(0);
      assertThat(pendingRetry.getWillRetry()).isTrue();
      assertThat(pendingRetry.getNextAttemptAt()).isAfter(Instant.now());
      first.close();
      first = null;
      scripts.put("p-restart", new ConcurrentLinkedQueue<>(List.of("200")));
      ConfigurableApplicationContext second = start();
      try {
        List<Object> restarted = payloadsOf(probe, "p-restart", PromotionExecutionIT::ended);
        assertThat(restarted).filteredOn(StagePromoted.class::isInstance).hasSize(1);
        assertThat(restarted).filteredOn(PromotionFailed.class::isInstance).isEmpty();
        List<PromotionAttempted> all = attempts(restarted);
        assertThat(all.get(0).getSucceeded()).isFalse();
        assertThat(all.get(all.size() - 1).getSucceeded()).isTrue();
        assertThat(all)
            .extracting(PromotionAttempted::getAttempt)
            .doesNotHaveDuplicates()
            .isSortedAccordingTo(Integer::compare);
        assertThat(calls)
            .filteredOn(c -> c.get("promotionId").equals("p-restart"))
            .allSatisfy(c -> assertThat(c.get("idempotencyKey")).isEqualTo("p-restart"));
      } finally {
        second.close();
      }
    } finally {
      if (first != null) {
        first.close();
      }
    }
  }
}
