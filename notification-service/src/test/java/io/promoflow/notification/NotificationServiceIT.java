package io.promoflow.notification;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.promoflow.notification.adapters.WebhookChannel;
import io.promoflow.platform.kafka.DeadLetters;
import io.promoflow.platform.testing.Http;
import io.promoflow.platform.testing.ServiceIntegrationTest;
import io.promoflow.platform.testing.TopicProbe;
import io.promoflow.schemas.Topics;
import io.promoflow.schemas.approvals.ApprovalRequested;
import io.promoflow.schemas.approvals.ApprovalsEnvelope;
import io.promoflow.schemas.common.EventMetadata;
import io.promoflow.schemas.notifications.NotificationAttempted;
import io.promoflow.schemas.notifications.NotificationDelivered;
import io.promoflow.schemas.notifications.NotificationFailed;
import io.promoflow.schemas.notifications.NotificationsEnvelope;
import io.promoflow.schemas.rollbacks.RollbackDecided;
import io.promoflow.schemas.rollbacks.RollbackUnavailable;
import io.promoflow.schemas.rollbacks.RollbacksEnvelope;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Real SMTP (GreenMail) and local HTTP servers standing in for Slack and a webhook receiver. */
@ServiceIntegrationTest(
    application = NotificationApplication.class,
    properties = {
      "spring.config.name=notification-service",
      "promoflow.notifications.email.to=release-team@example.com",
      "promoflow.notifications.email.roles.release-manager=rm@example.com",
      "promoflow.notifications.webhook.secret=hook-secret",
      "promoflow.notifications.slack.timeout=500ms",
      "resilience4j.retry.configs.default.wait-duration=50ms",
      "resilience4j.circuitbreaker.configs.default.minimum-number-of-calls=100",
      "spring.mail.host=127.0.0.1",
      "spring.mail.port=3025"
    })
// every exchange below is checked against the service's /v3/api-docs afterwards (issue 17)
@org.junit.jupiter.api.extension.ExtendWith(io.promoflow.platform.testing.OpenApiContract.class)
class NotificationServiceIT {

  static final Duration WAIT = Duration.ofSeconds(30);

  /** A scripted answer per call: HTTP status, or -1 to stall past the client's timeout. */
  static final Queue<Integer> slackScript = new ConcurrentLinkedQueue<>();

  static final List<String> slackMessages = new CopyOnWriteArrayList<>();
  static final List<Map.Entry<String, String>> webhookCalls = new CopyOnWriteArrayList<>();
  static final CountDownLatch never = new CountDownLatch(1);
  static final HttpServer stubs = startStubs();

  @RegisterExtension static GreenMailExtension mail = new GreenMailExtension(ServerSetupTest.SMTP);

  @LocalServerPort int port;

  @Value("${spring.embedded.kafka.brokers}")
  String brokers;

  static HttpServer startStubs() {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
      server.createContext(
          "/slack",
          exchange -> {
            String body =
                new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Integer status = slackScript.poll();
            if (status != null && status == -1) {
              awaitQuietly(); // the client has given up by now: this answer is not counted as a
              // delivery
              answer(exchange, 200);
              return;
            }
            if (status == null || status == 200) {
              slackMessages.add(body);
            }
            answer(exchange, status == null ? 200 : status);
          });
      server.createContext(
          "/hook",
          exchange -> {
            String body =
                new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            webhookCalls.add(
                Map.entry(
                    exchange.getRequestHeaders().getFirst("X-Promoflow-Signature-256"), body));
            answer(exchange, 204);
          });
      server.start();
      return server;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static void awaitQuietly() {
    try {
      never.await(1500, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static void answer(HttpExchange exchange, int status) throws IOException {
    exchange.sendResponseHeaders(status, -1);
    exchange.close();
  }

  @DynamicPropertySource
  static void endpoints(DynamicPropertyRegistry registry) {
    String base = "http://127.0.0.1:" + stubs.getAddress().getPort();
    registry.add("promoflow.notifications.slack.webhook-url", () -> base + "/slack");
    registry.add("promoflow.notifications.webhook.url", () -> base + "/hook");
  }

  @AfterAll
  static void stopStubs() {
    stubs.stop(0);
  }

  @BeforeEach
  void reset() {
    slackScript.clear();
    slackMessages.clear();
    webhookCalls.clear();
  }

  static EventMetadata meta(String eventId, String promotionId) {
    EventMetadata meta =
        TopicProbe.metadata(promotionId, TopicProbe.artifact("inventory", "1.4.2", 'a'));
    meta.setEventId(eventId);
    return meta;
  }

  List<Object> deliveries(TopicProbe probe, String eventIdPrefix, int atLeast) {
    return probe
        .payloads(Topics.NOTIFICATIONS, WAIT, p -> outcomes(p, eventIdPrefix).size() >= atLeast)
        .stream()
        .filter(o -> outcomes(List.of(o), eventIdPrefix).size() == 1)
        .toList();
  }

  static List<Object> outcomes(List<Object> payloads, String eventIdPrefix) {
    return payloads.stream()
        .filter(
            p ->
                p instanceof NotificationDelivered d && d.getDeliveryKey().startsWith(eventIdPrefix)
                    || p instanceof NotificationFailed f
                        && f.getDeliveryKey().startsWith(eventIdPrefix))
        .toList();
  }

  @Test
  void anApprovalRequestReachesSlackTheTeamAndTheApproversOnceEvenWhenRedelivered()
      throws Exception {
    ApprovalsEnvelope event =
        new ApprovalsEnvelope(
            meta("evt-approval", "p-7"),
            ApprovalRequested.newBuilder()
                .setApprovalId("apr-7")
                .setRequiredRoles(List.of("release-manager", "platform-lead"))
                .setQuorum(1)
                .setRequestedBy("dev")
                .setSourceStage("STAGING")
                .setTargetStage("PROD")
                .setGateSummary("6/6 gates passed")
                .setExpiresAt(Instant.parse("2026-11-22T10:00:00Z"))
                .build());
    try (TopicProbe probe = new TopicProbe(brokers)) {
      probe.produceRaw(Topics.APPROVALS.name(), "inventory", "garbage".getBytes());
      probe.produce(Topics.APPROVALS, "inventory", event);
      probe.produce(Topics.APPROVALS, "inventory", event);
      List<Object> delivered = deliveries(probe, "evt-approval|", 4);
      assertThat(delivered)
          .allSatisfy(d -> assertThat(d).isInstanceOf(NotificationDelivered.class));
      assertThat(delivered)
          .extracting(d -> ((NotificationDelivered) d).getRecipient())
          .containsExactlyInAnyOrder(
              "slack", "release-team@example.com", "rm@example.com", "webhook");
      assertThat(probe.read(Topics.APPROVALS.deadLetterName(), WAIT, r -> !r.isEmpty())).hasSize(1);
    }
    Awaitility.await().atMost(WAIT).until(() -> mail.getReceivedMessages().length == 2);
    MimeMessage message = mail.getReceivedMessages()[0];
    assertThat(message.getSubject())
        .isEqualTo("[Promoflow][HIGH] inventory 1.4.2 awaits approval for PROD");
    String raw = GreenMailUtil.getWholeMessage(message);
    assertThat(raw)
        .contains("text/plain")
        .contains("text/html")
        .contains("approvals approve apr-7")
        .contains("<table");
    assertThat(slackMessages)
        .singleElement()
        .satisfies(
            m ->
                assertThat(m)
                    .contains("\"blocks\"")
                    .contains("awaits approval for PROD")
                    .contains("Requested by")
                    .contains("approvals approve apr-7"));
    Map.Entry<String, String> hook = webhookCalls.get(0);
    assertThat(hook.getKey())
        .isEqualTo(WebhookChannel.sign("hook-secret".getBytes(), hook.getValue().getBytes()));
    assertThat(hook.getValue()).contains("\"eventType\":\"ApprovalRequested\"");

    Http.Response sent =
        Http.get("http://localhost:" + port + "/api/v1/notifications?promotionId=p-7");
    assertThat(
            sent.json().valueStream().filter(d -> d.get("status").asString().equals("DELIVERED")))
        .hasSize(4);
  }

  @Test
  void aSlowOrFailingSlackThatRecoversIsRetriedAndDeliveredOnce() {
    slackScript.add(-1); // stalls past the 500 ms timeout
    slackScript.add(503);
    try (TopicProbe probe = new TopicProbe(brokers)) {
      probe.produce(
          Topics.ROLLBACKS,
          "inventory",
          new RollbacksEnvelope(
              meta("evt-flaky", "p-8"),
              new RollbackDecided(
                  "QA",
                  "1.4.1",
                  "sha256:" + "b".repeat(64),
                  "automatic",
                  "immediate",
                  100,
                  List.of("health 0.2"),
                  "CRITICAL")));
      NotificationDelivered slack =
          deliveries(probe, "evt-flaky|slack", 1).stream()
              .map(NotificationDelivered.class::cast)
              .findFirst()
              .orElseThrow();
      assertThat(slack.getAttempts()).isEqualTo(3);
    }
    assertThat(slackMessages)
        .singleElement()
        .satisfies(m -> assertThat(m).contains("rolls back from 1.4.2 to 1.4.1"));
  }

  @Test
  void aSlackThatKeepsFailingEndsInNotificationFailedAndTheDeadLetterTopic() {
    for (int i = 0; i < 4; i++) {
      slackScript.add(500);
    }
    try (TopicProbe probe = new TopicProbe(brokers)) {
      probe.produce(
          Topics.ROLLBACKS,
          "inventory",
          new RollbacksEnvelope(
              meta("evt-down", "p-9"), new RollbackUnavailable("QA", "no known-good version")));
      NotificationFailed failed =
          deliveries(probe, "evt-down|slack", 1).stream()
              .map(NotificationFailed.class::cast)
              .findFirst()
              .orElseThrow();
      assertThat(failed.getAttempts()).isEqualTo(4);
      assertThat(failed.getError()).contains("500");
      var dead = probe.read(Topics.ROLLBACKS.deadLetterName(), WAIT, r -> !r.isEmpty());
      assertThat(new String(dead.get(0).headers().lastHeader(DeadLetters.REASON).value()))
          .contains("slack delivery to slack failed after 4 attempt(s)");
      // the e-mail of the same event was not held back by Slack
      assertThat(deliveries(probe, "evt-down|email", 1))
          .allSatisfy(d -> assertThat(d).isInstanceOf(NotificationDelivered.class));
    }
  }

  @Test
  void aRestartBetweenCallingTheChannelAndRecordingItSendsNothingTwice() {
    String eventId = "evt-restart-" + UUID.randomUUID();
    try (TopicProbe probe = new TopicProbe(brokers)) {
      // what a previous instance left behind: the intent to call Slack, and no outcome
      probe.produce(
          Topics.NOTIFICATIONS,
          "inventory",
          new NotificationsEnvelope(
              meta(UUID.randomUUID().toString(), "p-10"),
              new NotificationAttempted(
                  eventId + "|slack|slack", "RollbackUnavailable", "slack", "slack")));
      Awaitility.await()
          .atMost(WAIT)
          .until(
              () ->
                  Http.get("http://localhost:" + port + "/api/v1/notifications?promotionId=p-10")
                          .json()
                          .size()
                      == 1);
      probe.produce(
          Topics.ROLLBACKS,
          "inventory",
          new RollbacksEnvelope(
              meta(eventId, "p-10"), new RollbackUnavailable("STAGING", "no known-good version")));
      NotificationFailed unknown =
          deliveries(probe, eventId + "|slack", 1).stream()
              .map(NotificationFailed.class::cast)
              .findFirst()
              .orElseThrow();
      assertThat(unknown.getError()).contains("outcome unknown").contains("not sent again");
      assertThat(deliveries(probe, eventId + "|email", 1)).hasSize(1);
    }
    assertThat(slackMessages).noneMatch(m -> m.contains(eventId));
  }
}
