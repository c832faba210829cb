package io.promoflow.notification;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import com.sun.net.httpserver.HttpServer;
import io.promoflow.platform.testing.Http;
import io.promoflow.platform.testing.ServiceIntegrationTest;
import io.promoflow.platform.testing.TopicProbe;
import io.promoflow.schemas.Topics;
import io.promoflow.schemas.approvals.ApprovalRequested;
import io.promoflow.schemas.approvals.ApprovalsEnvelope;
import io.promoflow.schemas.common.ArtifactRef;
import io.promoflow.schemas.common.EventMetadata;
import io.promoflow.schemas.notifications.NotificationDelivered;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@ServiceIntegrationTest(application = NotificationApplication.class, properties = {"spring.config.name=notification-service",
    "promoflow.notifications.email.to=release-team@example.com",
    "spring.mail.host=127.0.0.1",
    "spring.mail.port=3025"})
class NotificationServiceIT {

  static final Duration WAIT = Duration.ofSeconds(30);
  static final List<String> slackMessages = new CopyOnWriteArrayList<>();
  static final HttpServer slack = startSlack();

  @RegisterExtension
  static GreenMailExtension mail = new GreenMailExtension(ServerSetupTest.SMTP);

  @LocalServerPort
  int port;
  @Value("${spring.embedded.kafka.brokers}")
  String brokers;

  static HttpServer startSlack() {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      server.createContext("/hook", exchange -> {
        slackMessages.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        exchange.sendResponseHeaders(200, 2);
        exchange.getResponseBody().write("ok".getBytes());
        exchange.close();
      });
      server.start();
      return server;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @DynamicPropertySource
  static void slackUrl(DynamicPropertyRegistry registry) {
    registry.add("promoflow.notifications.slack.webhook-url",
        () -> "http://127.0.0.1:" + slack.getAddress().getPort() + "/hook");
  }

  @AfterAll
  static void stopSlack() {
    slack.stop(0);
  }

  @Test
  void anApprovalRequestReachesSlackAndMailOnceEvenWhenRedelivered() throws Exception {
    ApprovalsEnvelope event = new ApprovalsEnvelope(EventMetadata.newBuilder().setEventId("evt-approval-1")
        .setOccurredAt(Instant.now()).setActor("approval-service").setSource("approval-service").setPromotionId("p-7")
        .setArtifact(new ArtifactRef("inventory", "1.4.2", "sha256:" + "a".repeat(64))).build(),
        ApprovalRequested.newBuilder().setApprovalId("apr-7").setRequiredRoles(List.of("release-manager", "platform-lead"))
            .setQuorum(1).setRequestedBy("dev").setSourceStage("STAGING").setTargetStage("PROD")
            .setGateSummary("6/6 gates passed").setExpiresAt(Instant.parse("2026-11-22T10:00:00Z")).build());
    try (TopicProbe probe = new TopicProbe(brokers)) {
      probe.produceRaw(Topics.APPROVALS.name(), "inventory", "garbage".getBytes());
      probe.produce(Topics.APPROVALS, "inventory", event);
      probe.produce(Topics.APPROVALS, "inventory", event);
      List<Object> delivered = probe.payloads(Topics.NOTIFICATIONS, WAIT, p -> p.size() >= 2);
      assertThat(delivered).allSatisfy(d -> assertThat(d).isInstanceOf(NotificationDelivered.class));
      assertThat(delivered).extracting(d -> ((NotificationDelivered) d).getChannel()).containsExactlyInAnyOrder("slack", "email");
      assertThat(probe.read(Topics.APPROVALS.deadLetterName(), WAIT, r -> !r.isEmpty())).hasSize(1);
    }
    Awaitility.await().atMost(WAIT).until(() -> mail.getReceivedMessages().length == 1);
    MimeMessage message = mail.getReceivedMessages()[0];
    assertThat(message.getSubject()).contains("inventory 1.4.2").contains("PROD").contains("approval");
    assertThat(message.getAllRecipients()[0].toString()).isEqualTo("release-team@example.com");
    assertThat((String) message.getContent()).contains("approvals approve apr-7");
    assertThat(slackMessages).hasSize(1);
    assertThat(slackMessages.get(0)).contains("\"blocks\"").contains("awaits approval for PROD").contains("apr-7");

    Http.Response sent = Http.get("http://localhost:" + port + "/api/v1/notifications?promotionId=p-7");
    assertThat(sent.json().size()).isEqualTo(2);
    assertThat(sent.json().get(0).get("status").asString()).isEqualTo("DELIVERED");
    assertThat(Http.get("http://localhost:" + port + "/api/v1/notifications?promotionId=other").json().size()).isZero();
  }
}
