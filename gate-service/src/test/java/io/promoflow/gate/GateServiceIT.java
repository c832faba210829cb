package io.promoflow.gate;

import static org.assertj.core.api.Assertions.assertThat;

import io.promoflow.platform.kafka.DeadLetters;
import io.promoflow.platform.testing.Http;
import io.promoflow.platform.testing.ServiceIntegrationTest;
import io.promoflow.platform.testing.TopicProbe;
import io.promoflow.schemas.Topics;
import io.promoflow.schemas.common.ArtifactRef;
import io.promoflow.schemas.common.EventMetadata;
import io.promoflow.schemas.gates.GateOutcome;
import io.promoflow.schemas.gates.GatesEvaluated;
import io.promoflow.schemas.requests.PromotionRequested;
import io.promoflow.schemas.requests.PromotionRequestsEnvelope;
import io.promoflow.schemas.requests.PromotionType;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;

@ServiceIntegrationTest(
    application = GateApplication.class,
    properties = "spring.config.name=gate-service")
// every exchange below is checked against the service's /v3/api-docs afterwards (issue 17)
@org.junit.jupiter.api.extension.ExtendWith(io.promoflow.platform.testing.OpenApiContract.class)
class GateServiceIT {

  static final Duration WAIT = Duration.ofSeconds(30);
  static final ArtifactRef V = new ArtifactRef("inventory", "1.4.2", "sha256:" + "a".repeat(64));

  @LocalServerPort int port;

  @Value("${spring.embedded.kafka.brokers}")
  String brokers;

  static EventMetadata meta(String promotionId) {
    return TopicProbe.metadata(promotionId, V);
  }

  @Test
  void evaluatesRequestsFromTheTopicAndServesTheReport() {
    try (TopicProbe probe = new TopicProbe(brokers)) {
      probe.produceBuild(meta(null), "b".repeat(40), "1");
      probe.produceRaw(Topics.PROMOTION_REQUESTS.name(), "inventory", "not an envelope".getBytes());
      probe.produce(
          Topics.PROMOTION_REQUESTS,
          "inventory",
          new PromotionRequestsEnvelope(
              meta("p-1"),
              PromotionRequested.newBuilder()
                  .setType(PromotionType.AUTOMATIC)
                  .setTargetStage("DEV")
                  .setRequestedBy("t")
                  .build()));
      probe.produce(
          Topics.PROMOTION_REQUESTS,
          "inventory",
          new PromotionRequestsEnvelope(
              meta("p-2"),
              PromotionRequested.newBuilder()
                  .setType(PromotionType.MANUAL)
                  .setSourceStage("STAGING")
                  .setTargetStage("PROD")
                  .setRequestedBy("dev")
                  .build()));

      List<Object> results =
          probe.payloads(
              Topics.GATE_RESULTS,
              WAIT,
              p -> p.stream().filter(GatesEvaluated.class::isInstance).count() == 2);
      List<GatesEvaluated> summaries =
          results.stream()
              .filter(GatesEvaluated.class::isInstance)
              .map(GatesEvaluated.class::cast)
              .toList();
      assertThat(summaries.get(0).getOutcome()).isEqualTo(GateOutcome.PASSED);
      assertThat(summaries.get(1).getOutcome()).isEqualTo(GateOutcome.FAILED);
      assertThat(summaries.get(1).getFailedGates()).containsExactly("source-stage-verified");

      List<ConsumerRecord<String, Object>> dead =
          probe.read(Topics.PROMOTION_REQUESTS.deadLetterName(), WAIT, r -> !r.isEmpty());
      assertThat(new String(dead.get(0).headers().lastHeader(DeadLetters.REASON).value()))
          .contains("cannot decode");
    }
    Http.Response[] report = new Http.Response[1];
    Awaitility.await()
        .atMost(WAIT)
        .until(
            () ->
                (report[0] = Http.get("http://localhost:" + port + "/api/v1/promotions/p-2/gates"))
                        .status()
                    == 200);
    assertThat(report[0].json().get("outcome").asString()).isEqualTo("FAILED");
    assertThat(report[0].json().get("gates").get(3).get("reason").asString())
        .contains("does not run in STAGING");
    Http.Response missing = Http.get("http://localhost:" + port + "/api/v1/promotions/nope/gates");
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.contentType()).startsWith("application/problem+json");
  }
}
