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

@ServiceIntegrationTest(
    application = PromotionApplication.class,
    properties = "spring.config.name=promotion-service")
// every exchange below is checked against the service's /v3/api-docs afterwards (issue 17)
@org.junit.jupiter.api.extension.ExtendWith(io.promoflow.platform.testing.OpenApiContract.class)
class PromotionServiceIT {

  static final Duration WAIT = Duration.ofSeconds(30);
  static final ArtifactRef V = new ArtifactRef("inventory", "1.4.2", "sha256:" + "a".repeat(64));

  @LocalServerPort int port;

  @Value("${spring.embedded.kafka.brokers}")
  String brokers;

  static EventMetadata meta(String promotionId) {
    return EventMetadata.newBuilder(TopicProbe.metadata(promotionId, V))
        .setPolicyDigest("sha256:p")
        .build();
  }

  @Test
  void promotesFromGateResultsAndServesStateTimelineAndAudit() {
    try (TopicProbe probe = new TopicProbe(brokers)) {
      assertThat(probe.payloads(Topics.POLICIES, WAIT, p -> !p.isEmpty()).get(0))
          .isInstanceOfSatisfying(
              PolicyActivated.class, p -> assertThat(p.getDigest()).startsWith("sha256:"));
      probe.produceBuild(meta(null), "b".repeat(40), "9876");
      probe.produce(
          Topics.PROMOTION_REQUESTS,
          "inventory",
          new PromotionRequestsEnvelope(
              meta("p-1"),
              PromotionRequested.newBuilder()
                  .setType(PromotionType.AUTOMATIC)
                  .setTargetStage("DEV")
                  .setRequestedBy("trigger-service")
                  .build()));
      probe.produce(
          Topics.GATE_RESULTS,
          "inventory",
          new GateResultsEnvelope(
              meta("p-1"),
              GatesEvaluated.newBuilder()
                  .setOutcome(GateOutcome.PASSED)
                  .setScorePercent(100)
                  .setMinScorePercent(100)
                  .setGateCount(6)
                  .setPromotionType(PromotionType.AUTOMATIC)
                  .setTargetStage("DEV")
                  .setRequestedBy("trigger-service")
                  .build()));
      probe.produceRaw(Topics.GATE_RESULTS.name(), "inventory", new byte[] {(byte) 0xC3, 1, 0, 0});
      StagePromoted promoted =
          (StagePromoted)
              probe
                  .payloads(
                      Topics.PROMOTIONS,
                      WAIT,
                      p -> p.stream().anyMatch(StagePromoted.class::isInstance))
                  .stream()
                  .filter(StagePromoted.class::isInstance)
                  .findFirst()
                  .orElseThrow();
      assertThat(promoted.getTargetStage()).isEqualTo("DEV");
      assertThat(probe.read(Topics.GATE_RESULTS.deadLetterName(), WAIT, r -> !r.isEmpty()))
          .hasSize(1);
    }
    String base = "http://localhost:" + port;
    Http.Response[] promotion = new Http.Response[1];
    Awaitility.await()
        .atMost(WAIT)
        .until(
            () ->
                (promotion[0] = Http.get(base + "/api/v1/promotions/p-1")).status() == 200
                    && promotion[0].json().get("state").asString().equals("PROMOTED"));
    assertThat(promotion[0].json().get("timeline").size()).isGreaterThanOrEqualTo(4);
    Http.Response audit = Http.get(base + "/api/v1/promotions/p-1/audit");
    assertThat(audit.json().get("status").asString()).isEqualTo("SUCCESS");
    assertThat(audit.json().get("pipelineRunId").asString()).isEqualTo("9876");
    assertThat(audit.json().get("artifact").get("sourceCommit").asString())
        .isEqualTo("b".repeat(40));
    Http.Response anonymous = Http.get(base + "/api/v1/applications/inventory", null);
    assertThat(anonymous.status()).as("every read needs a token").isEqualTo(401);
    assertThat(anonymous.contentType()).startsWith("application/problem+json");
    Http.Response app = Http.get(base + "/api/v1/applications/inventory", Http.VIEWER);
    assertThat(app.status()).isEqualTo(200);
    assertThat(app.json().get("stages").get("DEV").get("version").asString()).isEqualTo("1.4.2");
    assertThat(app.json().get("stages").get("DEV").get("verification").asString())
        .isEqualTo("PENDING");
    assertThat(
            Http.get(base + "/api/v1/applications").json().findValues("application").stream()
                .map(n -> n.asString())
                .toList())
        .contains("inventory");
    Http.Response missing = Http.get(base + "/api/v1/promotions/unknown");
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.contentType()).startsWith("application/problem+json");
    assertThat(Http.get(base + "/actuator/prometheus", null).body())
        .as("metrics stay open")
        .contains("kafka_stream");
  }

  @Test
  void anAdminForcesPastFailedNonCriticalGatesButNeverPastACriticalOne() {
    String base = "http://localhost:" + port;
    try (TopicProbe probe = new TopicProbe(brokers)) {
      for (String[] c :
          new String[][] {{"p-force", "1.5.0", ""}, {"p-critical", "1.5.1", "vulnerabilities"}}) {
        ArtifactRef artifact = new ArtifactRef("billing", c[1], "sha256:" + "c".repeat(64));
        EventMetadata build = EventMetadata.newBuilder(meta(null)).setArtifact(artifact).build();
        probe.produceBuild(build, "b".repeat(40), "1");
        EventMetadata m = EventMetadata.newBuilder(meta(c[0])).setArtifact(artifact).build();
        probe.produce(
            Topics.PROMOTION_REQUESTS,
            "billing",
            new PromotionRequestsEnvelope(
                m,
                PromotionRequested.newBuilder()
                    .setType(PromotionType.AUTOMATIC)
                    .setTargetStage("DEV")
                    .setRequestedBy("trigger-service")
                    .build()));
        probe.produce(
            Topics.GATE_RESULTS,
            "billing",
            new GateResultsEnvelope(
                EventMetadata.newBuilder(m).setEventId(UUID.randomUUID().toString()).build(),
                GatesEvaluated.newBuilder()
                    .setOutcome(GateOutcome.FAILED)
                    .setScorePercent(50)
                    .setMinScorePercent(80)
                    .setGateCount(2)
                    .setPromotionType(PromotionType.AUTOMATIC)
                    .setTargetStage("DEV")
                    .setRequestedBy("trigger-service")
                    .setFailedGates(
                        c[2].isEmpty() ? java.util.List.of("coverage") : java.util.List.of(c[2]))
                    .setFailedCriticalGates(
                        c[2].isEmpty() ? java.util.List.of() : java.util.List.of(c[2]))
                    .build()));
      }
      for (String id : new String[] {"p-force", "p-critical"}) {
        Awaitility.await()
            .atMost(WAIT)
            .until(
                () -> {
                  Http.Response r = Http.get(base + "/api/v1/promotions/" + id);
                  return r.status() == 200 && r.json().get("state").asString().equals("BLOCKED");
                });
      }
      String url = base + "/api/v1/promotions/p-force/override";
      assertThat(
              Http.post(url, "local-dev", java.util.Map.of("kind", "FORCE", "reason", "x"))
                  .status())
          .isEqualTo(403);
      Http.Response noReason = Http.post(url, "local-admin", java.util.Map.of("kind", "FORCE"));
      assertThat(noReason.status()).isEqualTo(400);
      assertThat(noReason.contentType()).startsWith("application/problem+json");
      assertThat(noReason.body()).contains("reason");
      Http.Response critical =
          Http.post(
              base + "/api/v1/promotions/p-critical/override",
              "local-admin",
              java.util.Map.of("kind", "FORCE", "reason", "release train"));
      assertThat(critical.status()).isEqualTo(409);
      assertThat(critical.body()).contains("vulnerabilities");
      assertThat(
              Http.post(
                      url,
                      "local-admin",
                      java.util.Map.of("kind", "FORCE", "reason", "coverage tool is flaky"))
                  .status())
          .isEqualTo(202);
      Awaitility.await()
          .atMost(WAIT)
          .until(
              () ->
                  Http.get(base + "/api/v1/promotions/p-force")
                      .json()
                      .get("state")
                      .asString()
                      .equals("PROMOTED"));
      assertThat(
              probe.payloads(
                  Topics.PROMOTIONS,
                  WAIT,
                  p ->
                      p.stream()
                          .anyMatch(
                              io.promoflow.schemas.promotions.PromotionOverridden.class
                                  ::isInstance)))
          .filteredOn(io.promoflow.schemas.promotions.PromotionOverridden.class::isInstance)
          .hasSize(1)
          .first()
          .extracting(o -> ((io.promoflow.schemas.promotions.PromotionOverridden) o).getReason())
          .isEqualTo("coverage tool is flaky");
      assertThat(Http.get(base + "/api/v1/promotions/p-critical").json().get("state").asString())
          .isEqualTo("BLOCKED");
    }
  }

  @Test
  void forceIntoProdEndsAwaitingApprovalWithTheAdminExcluded() {
    String base = "http://localhost:" + port;
    ArtifactRef artifact = new ArtifactRef("payments", "3.0.0", "sha256:" + "e".repeat(64));
    try (TopicProbe probe = new TopicProbe(brokers)) {
      EventMetadata m =
          EventMetadata.newBuilder(meta("p-prod-force")).setArtifact(artifact).build();
      // asking for approval names the commit author: without the build the promotion would wait for
      // it
      probe.produce(
          Topics.BUILDS,
          "payments",
          new BuildsEnvelope(
              EventMetadata.newBuilder(meta(null)).setArtifact(artifact).build(),
              BuildCompleted.newBuilder()
                  .setSourceCommit("c".repeat(40))
                  .setPipelineRunId("77")
                  .setBuildFinishedAt(Instant.now())
                  .setCommitAuthor("carol@example.com")
                  .build()));
      probe.produce(
          Topics.PROMOTION_REQUESTS,
          "payments",
          new PromotionRequestsEnvelope(
              m,
              PromotionRequested.newBuilder()
                  .setType(PromotionType.MANUAL)
                  .setSourceStage("STAGING")
                  .setTargetStage("PROD")
                  .setRequestedBy("dev")
                  .setChangeRequestId("CHG-77")
                  .build()));
      probe.produce(
          Topics.GATE_RESULTS,
          "payments",
          new GateResultsEnvelope(
              EventMetadata.newBuilder(m).setEventId(UUID.randomUUID().toString()).build(),
              GatesEvaluated.newBuilder()
                  .setOutcome(GateOutcome.FAILED)
                  .setScorePercent(70)
                  .setMinScorePercent(90)
                  .setGateCount(4)
                  .setPromotionType(PromotionType.MANUAL)
                  .setSourceStage("STAGING")
                  .setTargetStage("PROD")
                  .setRequestedBy("dev")
                  .setChangeRequestId("CHG-77")
                  .setFailedGates(java.util.List.of("coverage"))
                  .build()));
      Awaitility.await()
          .atMost(WAIT)
          .until(
              () -> {
                Http.Response r = Http.get(base + "/api/v1/promotions/p-prod-force");
                return r.status() == 200 && r.json().get("state").asString().equals("BLOCKED");
              });
      assertThat(
              Http.post(
                      base + "/api/v1/promotions/p-prod-force/override",
                      "local-admin",
                      java.util.Map.of("kind", "FORCE", "reason", "hotfix for the outage"))
                  .status())
          .isEqualTo(202);
      Awaitility.await()
          .atMost(WAIT)
          .until(
              () ->
                  Http.get(base + "/api/v1/promotions/p-prod-force")
                      .json()
                      .get("state")
                      .asString()
                      .equals("AWAITING_APPROVAL"));
      io.promoflow.schemas.promotions.PromotionAwaitingApproval ask =
          probe
              .payloads(
                  Topics.PROMOTIONS,
                  WAIT,
                  p ->
                      p.stream()
                          .anyMatch(
                              a ->
                                  a
                                          instanceof
                                          io.promoflow.schemas.promotions.PromotionAwaitingApproval
                                              w
                                      && w.getOverride() != null))
              .stream()
              .filter(io.promoflow.schemas.promotions.PromotionAwaitingApproval.class::isInstance)
              .map(io.promoflow.schemas.promotions.PromotionAwaitingApproval.class::cast)
              .filter(a -> a.getTargetStage().equals("PROD") && a.getOverride() != null)
              .findFirst()
              .orElseThrow();
      assertThat(ask.getExcludedApprovers()).containsExactly("admin");
      assertThat(ask.getOverride()).isEqualTo("FORCE by admin: hotfix for the outage");
      assertThat(ask.getCommitAuthor()).isEqualTo("carol@example.com");
    }
    assertThat(Http.get(base + "/api/v1/promotions/p-prod-force").json().get("timeline").toString())
        .contains("PromotionOverridden")
        .contains("admin");
  }
}
