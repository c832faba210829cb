package io.promoflow.gate;

import static org.assertj.core.api.Assertions.assertThat;

import io.promoflow.platform.testing.Http;
import io.promoflow.platform.testing.ServiceIntegrationTest;
import io.promoflow.platform.testing.TopicProbe;
import io.promoflow.schemas.Topics;
import io.promoflow.schemas.common.ArtifactRef;
import io.promoflow.schemas.common.EventMetadata;
import io.promoflow.schemas.gates.GateOutcome;
import io.promoflow.schemas.gates.GateResultsEnvelope;
import io.promoflow.schemas.gates.GatesEvaluated;
import io.promoflow.schemas.requests.PromotionRequested;
import io.promoflow.schemas.requests.PromotionRequestsEnvelope;
import io.promoflow.schemas.requests.PromotionType;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;

/**
 * Issue 11: decisions do not depend on the order in which builds and requests arrive, across a
 * restart of the gate's Kafka Streams client (a new client on the same state dir, with requests
 * held before the stop, and builds, requests and builds-after-requests produced while it was down).
 * Every request gets exactly one PASSED summary; none is blocked for a build that was recorded.
 * Readiness follows the client: 503 while it is stopped.
 */
@ServiceIntegrationTest(
    application = GateApplication.class,
    properties = "spring.config.name=gate-service")
class GateRestartIT {

  static final Duration WAIT = Duration.ofSeconds(60);
  static final int REQUESTS = 15;

  @LocalServerPort int port;

  @Value("${spring.embedded.kafka.brokers}")
  String brokers;

  @Autowired StreamsBuilderFactoryBean streams;

  static ArtifactRef version(int i) {
    return new ArtifactRef("restart-app", "2.0." + i, "sha256:" + String.format("%064x", i + 1));
  }

  static EventMetadata meta(ArtifactRef a, String promotionId) {
    return TopicProbe.metadata(promotionId, a);
  }

  void build(TopicProbe probe, int i) {
    probe.produceBuild(meta(version(i), null), "c".repeat(40), "run-" + i);
  }

  void request(TopicProbe probe, int i) {
    probe.produce(
        Topics.PROMOTION_REQUESTS,
        "restart-app",
        new PromotionRequestsEnvelope(
            meta(version(i), "r-" + i),
            PromotionRequested.newBuilder()
                .setType(PromotionType.AUTOMATIC)
                .setTargetStage("DEV")
                .setRequestedBy("t")
                .build()));
  }

  int readiness() {
    return Http.get("http://localhost:" + port + "/actuator/health/readiness").status();
  }

  static List<ConsumerRecord<String, Object>> summaries(
      List<ConsumerRecord<String, Object>> records) {
    // only this test's promotions (r-…): the broker may be shared with other tests of the cached
    // context
    return records.stream()
        .filter(
            r ->
                ((GateResultsEnvelope) r.value()).getPayload() instanceof GatesEvaluated
                    && String.valueOf(((GateResultsEnvelope) r.value()).getMeta().getPromotionId())
                        .startsWith("r-"))
        .toList();
  }

  @Test
  void everyRequestIsDecidedOnceAndPassesWhateverTheOrderAndRestarts() {
    Awaitility.await().atMost(WAIT).until(() -> readiness() == 200);
    try (TopicProbe probe = new TopicProbe(brokers)) {
      for (int i = 0; i < 5; i++) {
        request(probe, i);
        build(probe, i);
      }
      for (int i = 5; i < 10; i++) {
        request(probe, i);
      }
      probe.read(Topics.GATE_RESULTS.name(), WAIT, r -> summaries(r).size() >= 5);

      streams.stop();
      Awaitility.await().atMost(WAIT).until(() -> readiness() == 503);
      for (int i = 5; i < 10; i++) {
        build(probe, i);
      }
      for (int i = 10; i < REQUESTS; i++) {
        request(probe, i);
        build(probe, i);
      }
      streams.start();
      Awaitility.await().atMost(WAIT).until(() -> readiness() == 200);

      List<ConsumerRecord<String, Object>> decided =
          summaries(
              probe.read(Topics.GATE_RESULTS.name(), WAIT, r -> summaries(r).size() >= REQUESTS));
      assertThat(decided)
          .extracting(r -> ((GateResultsEnvelope) r.value()).getMeta().getPromotionId())
          .doesNotHaveDuplicates()
          .hasSize(REQUESTS);
      assertThat(decided)
          .allSatisfy(
              r -> {
                GatesEvaluated summary =
                    (GatesEvaluated) ((GateResultsEnvelope) r.value()).getPayload();
                assertThat(summary.getOutcome())
                    .as(summary.toString())
                    .isEqualTo(GateOutcome.PASSED);
                assertThat(summary.getFailedGates()).isEmpty();
              });
    }
  }
}
