package io.promoflow.promotion;

import static org.assertj.core.api.Assertions.assertThat;

import io.promoflow.platform.testing.Http;
import io.promoflow.platform.testing.ServiceIntegrationTest;
import io.promoflow.platform.testing.TopicProbe;
import io.promoflow.schemas.Topics;
import io.promoflow.schemas.builds.BuildCompleted;
import io.promoflow.schemas.builds.BuildsEnvelope;
import io.promoflow.schemas.common.ArtifactRef;
import io.promoflow.schemas.common.EventMetadata;
import io.promoflow.schemas.gates.GateOutcome;
import io.promoflow.schemas.gates.GateResultsEnvelope;
import io.promoflow.schemas.gates.GatesEvaluated;
import io.promoflow.schemas.policies.PolicyActivated;
import io.promoflow.schemas.promotions.StagePromoted;
import io.promoflow.schemas.requests.PromotionRequested;
import io.promoflow.schemas.requests.PromotionRequestsEnvelope;
import io.promoflow.schemas.requests.PromotionType;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;

@ServiceIntegrationTest(application = PromotionApplication.class, properties = "spring.config.name=promotion-service")
class PromotionServiceIT {

  static final Duration WAIT = Duration.ofSeconds(30);
  static final ArtifactRef V = new ArtifactRef("inventory", "1.4.2", "sha256:" + "a".repeat(64));

  @LocalServerPort
  int port;
  @Value("${spring.embedded.kafka.brokers}")
  String brokers;

  static EventMetadata meta(String promotionId) {
    return EventMetadata.newBuilder().setEventId(UUID.randomUUID().toString()).setOccurredAt(Instant.now())
        .setActor("test").setSource("test").setArtifact(V).setPromotionId(promotionId).setPolicyDigest("sha256:p").build();
  }

  @Test
  void promotesFromGateResultsAndServesStateTimelineAndAudit() {
    try (TopicProbe probe = new TopicProbe(brokers)) {
      assertThat(probe.payloads(Topics.POLICIES, WAIT, p -> !p.isEmpty()).get(0)).isInstanceOfSatisfying(PolicyActivated.class,
          p -> assertThat(p.getDigest()).startsWith("sha256:"));
      probe.produce(Topics.BUILDS, "inventory", new BuildsEnvelope(meta(null), BuildCompleted.newBuilder()
          .setSourceCommit("b".repeat(40)).setPipelineRunId("9876").setBuildFinishedAt(Instant.now()).build()));
      probe.produce(Topics.PROMOTION_REQUESTS, "inventory", new PromotionRequestsEnvelope(meta("p-1"),
          PromotionRequested.newBuilder().setType(PromotionType.AUTOMATIC).setTargetStage("DEV").setRequestedBy("trigger-service").build()));
      probe.produce(Topics.GATE_RESULTS, "inventory", new GateResultsEnvelope(meta("p-1"), GatesEvaluated.newBuilder()
          .setOutcome(GateOutcome.PASSED).setScorePercent(100).setMinScorePercent(100).setGateCount(6)
          .setPromotionType(PromotionType.AUTOMATIC).setTargetStage("DEV").setRequestedBy("trigger-service").build()));
      probe.produceRaw(Topics.GATE_RESULTS.name(), "inventory", new byte[] {(byte) 0xC3, 1, 0, 0});
      StagePromoted promoted = (StagePromoted) probe.payloads(Topics.PROMOTIONS, WAIT,
          p -> p.stream().anyMatch(StagePromoted.class::isInstance)).stream().filter(StagePromoted.class::isInstance)
          .findFirst().orElseThrow();
      assertThat(promoted.getTargetStage()).isEqualTo("DEV");
      assertThat(probe.read(Topics.GATE_RESULTS.deadLetterName(), WAIT, r -> !r.isEmpty())).hasSize(1);
    }
    String base = "http://localhost:" + port;
    Http.Response[] promotion = new Http.Response[1];
    Awaitility.await().atMost(WAIT).until(() -> (promotion[0] = Http.get(base + "/api/v1/promotions/p-1")).status() == 200
        && promotion[0].json().get("state").asString().equals("PROMOTED"));
    assertThat(promotion[0].json().get("timeline").size()).isGreaterThanOrEqualTo(4);
    Http.Response audit = Http.get(base + "/api/v1/promotions/p-1/audit");
    assertThat(audit.json().get("status").asString()).isEqualTo("SUCCESS");
    assertThat(audit.json().get("pipelineRunId").asString()).isEqualTo("9876");
    assertThat(audit.json().get("artifact").get("sourceCommit").asString()).isEqualTo("b".repeat(40));
    Http.Response app = Http.get(base + "/api/v1/applications/inventory");
    assertThat(app.json().get("stages").get("DEV").get("version").asString()).isEqualTo("1.4.2");
    assertThat(app.json().get("stages").get("DEV").get("verification").asString()).isEqualTo("PENDING");
    assertThat(Http.get(base + "/api/v1/applications").json().get(0).get("application").asString()).isEqualTo("inventory");
    Http.Response missing = Http.get(base + "/api/v1/promotions/unknown");
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.contentType()).startsWith("application/problem+json");
    assertThat(Http.get(base + "/actuator/prometheus").body()).contains("kafka_stream");
  }
}
