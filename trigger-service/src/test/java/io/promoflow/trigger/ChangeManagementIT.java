package io.promoflow.trigger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.promoflow.platform.testing.Http;
import io.promoflow.platform.testing.ServiceIntegrationTest;
import io.promoflow.platform.testing.TopicProbe;
import io.promoflow.schemas.Topics;
import io.promoflow.schemas.requests.PromotionRequested;
import io.promoflow.trigger.adapters.changemanagement.ChangeManagementStandIn;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * GitHub issue 18 point 4 over HTTP: a request into production without {@code changeRequestId} is
 * refused with 400 naming the field; an id is verified with change management (a local stand-in)
 * before anything is published: unknown 400, not approved 409, no answer 503; an approved one is
 * published with its id.
 */
@ServiceIntegrationTest(
    application = TriggerApplication.class,
    properties = {
      "spring.config.name=trigger-service",
      "promoflow.trigger.evidence-dir=target/evidence",
      "promoflow.change-management.token=" + ChangeManagementStandIn.TOKEN
    })
class ChangeManagementIT {

  static final ChangeManagementStandIn STAND_IN = start();
  static final Duration WAIT = Duration.ofSeconds(30);

  static ChangeManagementStandIn start() {
    try {
      return new ChangeManagementStandIn();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @DynamicPropertySource
  static void changeManagement(DynamicPropertyRegistry registry) {
    registry.add("promoflow.change-management.url", STAND_IN::url);
  }

  @AfterAll
  static void stop() {
    STAND_IN.close();
  }

  @LocalServerPort int port;

  @Value("${spring.embedded.kafka.brokers}")
  String brokers;

  String url(String path) {
    return "http://localhost:" + port + path;
  }

  Http.Response promote(String target, String changeRequestId) {
    Map<String, Object> body = new HashMap<>();
    body.put("application", "inventory");
    body.put("version", "5.0.0");
    body.put("targetStage", target);
    body.put("type", "MANUAL");
    if (changeRequestId != null) {
      body.put("changeRequestId", changeRequestId);
    }
    return Http.post(url("/api/v1/promotions"), "local-dev", body);
  }

  @Test
  void aChangeRequestIsRequiredIntoProductionAndVerifiedBeforeAnythingIsPublished() {
    Map<String, Object> build =
        Map.of(
            "application", "inventory",
            "version", "5.0.0",
            "digest", "sha256:" + "c".repeat(64),
            "sourceCommit", "b".repeat(40),
            "pipelineRunId", "1",
            "buildFinishedAt", "2026-11-20T10:00:00Z");
    await()
        .atMost(WAIT)
        .until(() -> Http.post(url("/api/v1/builds"), "local-ci", build).status() == 202);

    // no id into PROD: 400 naming the field, before the build is even looked up
    Http.Response missing = promote("PROD", null);
    assertThat(missing.status()).isEqualTo(400);
    assertThat(missing.contentType()).startsWith("application/problem+json");
    assertThat(missing.json().get("field").asString()).isEqualTo("changeRequestId");
    assertThat(missing.json().get("detail").asString())
        .contains("required for a promotion into PROD");
    assertThat(promote("PROD", "   ").json().get("field").asString()).isEqualTo("changeRequestId");

    // an approved change request: accepted once the build is recorded
    await().atMost(WAIT).until(() -> promote("PROD", "CHG-OK-1").status() == 202);

    Http.Response unknown = promote("PROD", "CHG-404");
    assertThat(unknown.status()).isEqualTo(400);
    assertThat(unknown.json().get("field").asString()).isEqualTo("changeRequestId");
    Http.Response assessing = promote("PROD", "CHG-ASSESS-1");
    assertThat(assessing.status()).isEqualTo(409);
    assertThat(assessing.json().get("detail").asString()).contains("not approved (state assess)");
    Http.Response down = promote("PROD", "CHG-FAIL-1");
    assertThat(down.status()).isEqualTo(503);
    assertThat(down.json().get("field").asString()).isEqualTo("changeRequestId");
    // optional into STAGING, but an id given is verified all the same
    assertThat(promote("STAGING", "CHG-ASSESS-2").status()).isEqualTo(409);
    assertThat(promote("STAGING", null).status()).isEqualTo(202);
    assertThat(promote("PROD", "CHG-OK-2").status()).isEqualTo(202);
    assertThat(STAND_IN.asked).contains("CHG-404", "CHG-ASSESS-1", "CHG-FAIL-1", "CHG-ASSESS-2");

    // one producer, one partition: once the last accepted request is on the topic, everything
    // published before it is too — and no refused request is among them
    try (TopicProbe probe = new TopicProbe(brokers)) {
      List<PromotionRequested> requests =
          probe
              .payloads(
                  Topics.PROMOTION_REQUESTS,
                  WAIT,
                  p ->
                      p.stream()
                          .anyMatch(
                              r ->
                                  "CHG-OK-2".equals(((PromotionRequested) r).getChangeRequestId())))
              .stream()
              .map(PromotionRequested.class::cast)
              .filter(r -> !r.getTargetStage().equals("DEV"))
              .toList();
      assertThat(requests)
          .extracting(PromotionRequested::getChangeRequestId)
          .containsExactly("CHG-OK-1", null, "CHG-OK-2");
    }
  }
}
