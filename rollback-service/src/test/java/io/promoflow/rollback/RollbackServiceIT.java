package io.promoflow.rollback;

import static org.assertj.core.api.Assertions.assertThat;

import io.promoflow.platform.testing.Http;
import io.promoflow.platform.testing.ServiceIntegrationTest;
import io.promoflow.platform.testing.TopicProbe;
import io.promoflow.schemas.Topics;
import io.promoflow.schemas.promotions.StagePromoted;
import io.promoflow.schemas.requests.PromotionType;
import io.promoflow.schemas.rollbacks.RollbackUnavailable;
import io.promoflow.schemas.verifications.HealthReported;
import io.promoflow.schemas.verifications.VerificationFailed;
import io.promoflow.schemas.verifications.VerificationInconclusive;
import io.promoflow.schemas.verifications.VerificationRerunRequested;
import io.promoflow.schemas.verifications.VerificationStarted;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;

@ServiceIntegrationTest(
    application = RollbackApplication.class,
    properties = "spring.config.name=rollback-service")
// every exchange below is checked against the service's /v3/api-docs afterwards (issue 17)
@org.junit.jupiter.api.extension.ExtendWith(io.promoflow.platform.testing.OpenApiContract.class)
class RollbackServiceIT {

  static final Duration WAIT = Duration.ofSeconds(30);

  @LocalServerPort int port;

  @Value("${spring.embedded.kafka.brokers}")
  String brokers;

  @Test
  void healthReportsAreValidatedPublishedAndAssessed() {
    String url = "http://localhost:" + port + "/api/v1/health-reports";
    try (TopicProbe probe = new TopicProbe(brokers)) {
      probe.producePromotion(
          "p-1",
          TopicProbe.artifact("inventory", "1.4.2", 'a'),
          StagePromoted.newBuilder()
              .setPromotionType(PromotionType.AUTOMATIC)
              .setTargetStage("DEV")
              .setRequestedBy("t")
              .setExecutor("record")
              .build());
      Map<String, Object> failing =
          Map.of(
              "application",
              "inventory",
              "stage",
              "DEV",
              "version",
              "1.4.2",
              "healthScore",
              0.2,
              "errorRate",
              0.5,
              "criticalAnomalies",
              2,
              "businessImpact",
              "HIGH");
      Http.Response[] accepted = new Http.Response[1];
      Awaitility.await()
          .atMost(WAIT)
          .until(() -> (accepted[0] = Http.post(url, "local-monitor", failing)).status() == 202);

      Http.Response bad =
          Http.post(
              url,
              "local-monitor",
              Map.of(
                  "application",
                  "inventory",
                  "stage",
                  "DEV",
                  "version",
                  "1.4.2",
                  "healthScore",
                  1.7,
                  "errorRate",
                  0.0));
      assertThat(bad.status()).isEqualTo(400);
      assertThat(bad.json().get("field").asString()).isEqualTo("healthScore");
      assertThat(
              Http.post(
                      url,
                      "local-monitor",
                      Map.of(
                          "application",
                          "inventory",
                          "stage",
                          "DEV",
                          "version",
                          "0.9",
                          "healthScore",
                          1.0,
                          "errorRate",
                          0.0))
                  .status())
          .isEqualTo(409);
      assertThat(
              Http.post(
                      url,
                      "local-monitor",
                      Map.of(
                          "application",
                          "inventory",
                          "stage",
                          "MARS",
                          "version",
                          "1",
                          "healthScore",
                          1.0,
                          "errorRate",
                          0.0))
                  .json()
                  .get("field")
                  .asString())
          .isEqualTo("stage");
      assertThat(Http.post(url, "local-dev", failing).status()).isEqualTo(403);
      // Jackson reads "NaN" and "Infinity" strings as doubles: refused by name, like negatives and
      // out-of-range values
      Map<String, Map<String, Object>> outOfRange =
          Map.of(
              "healthScore", Map.of("healthScore", "NaN", "errorRate", 0.0),
              "errorRate", Map.of("healthScore", 1.0, "errorRate", "Infinity"),
              "latencyP99Ms", Map.of("healthScore", 1.0, "errorRate", 0.0, "latencyP99Ms", -5),
              "criticalAnomalies",
                  Map.of("healthScore", 1.0, "errorRate", 0.0, "criticalAnomalies", -1));
      outOfRange.forEach(
          (field, numbers) -> {
            Map<String, Object> report =
                new java.util.HashMap<>(
                    Map.of("application", "inventory", "stage", "DEV", "version", "1.4.2"));
            report.putAll(numbers);
            Http.Response r = Http.post(url, "local-monitor", report);
            assertThat(r.status()).as(r.body()).isEqualTo(400);
            assertThat(r.contentType()).startsWith("application/problem+json");
            assertThat(r.json().get("field").asString()).as(r.body()).isEqualTo(field);
          });
      assertThat(
              Http.post(
                      url,
                      "local-monitor",
                      "{\"application\":\"inventory\",\"stage\":\"DEV\",\"version\":\"1.4.2\","
                          + "\"healthScore\":NaN,\"errorRate\":0}",
                      Map.of())
                  .status())
          .isEqualTo(400);
      assertThat(
              Http.post(
                      url,
                      "local-monitor",
                      "{\"application\":\"inventory\",\"stage\":\"DEV\",\"version\":\"1.4.2\","
                          + "\"healthScore\":-1e400,\"errorRate\":0}",
                      Map.of())
                  .json()
                  .get("field")
                  .asString())
          .isEqualTo("healthScore");

      assertThat(
              probe.payloads(
                  Topics.VERIFICATIONS,
                  WAIT,
                  p -> p.stream().anyMatch(VerificationFailed.class::isInstance)))
          .filteredOn(HealthReported.class::isInstance)
          .hasSize(1);
      assertThat(probe.payloads(Topics.ROLLBACKS, WAIT, p -> !p.isEmpty()).get(0))
          .isInstanceOf(RollbackUnavailable.class);

      // 1.4.2 is now held in DEV; only an admin lifts the hold, once, with a reason
      String lift = "http://localhost:" + port + "/api/v1/holds/lift";
      Map<String, Object> body =
          Map.of(
              "application",
              "inventory",
              "stage",
              "DEV",
              "version",
              "1.4.2",
              "reason",
              "fixed by config change CR-12");
      assertThat(Http.post(lift, "local-dev", body).status()).isEqualTo(403);
      assertThat(
              Http.post(
                      lift,
                      "local-admin",
                      Map.of("application", "inventory", "stage", "DEV", "version", "1.4.2"))
                  .json()
                  .get("field")
                  .asString())
          .isEqualTo("reason");
      Awaitility.await()
          .atMost(WAIT)
          .until(() -> Http.post(lift, "local-admin", body).status() == 202);
      assertThat(probe.payloads(Topics.ROLLBACKS, WAIT, p -> p.size() == 2).get(1))
          .isInstanceOfSatisfying(
              io.promoflow.schemas.rollbacks.HoldLifted.class,
              h -> assertThat(h.getReason()).isEqualTo("fixed by config change CR-12"));
      Awaitility.await()
          .atMost(WAIT)
          .until(() -> Http.post(lift, "local-admin", body).status() == 409);
    }
  }

  @Test
  void aQuietWindowIsInconclusiveAndAMonitorRerunsIt() {
    String url = "http://localhost:" + port + "/api/v1/verifications/rerun";
    Map<String, Object> body =
        Map.of("application", "catalog", "stage", "QA", "reason", "deployer reports health now");
    try (TopicProbe probe = new TopicProbe(brokers)) {
      // 503 while the streams start, then 409: nothing of catalog is in QA yet
      Awaitility.await()
          .atMost(WAIT)
          .until(() -> Http.post(url, "local-monitor", body).status() == 409);
      probe.producePromotion(
          "p-c",
          TopicProbe.artifact("catalog", "3.1.0", 'c'),
          StagePromoted.newBuilder()
              .setPromotionType(PromotionType.AUTOMATIC)
              .setTargetStage("QA")
              .setRequestedBy("t")
              .setExecutor("record")
              .build());
      // nobody reports health for 3.1.0: its window ends inconclusive, nothing is rolled back
      VerificationInconclusive inconclusive =
          probe
              .read(
                  Topics.VERIFICATIONS.name(),
                  WAIT,
                  r ->
                      r.stream()
                          .anyMatch(
                              c ->
                                  "catalog".equals(c.key())
                                      && payload(c) instanceof VerificationInconclusive))
              .stream()
              .filter(c -> "catalog".equals(c.key()))
              .map(RollbackServiceIT::payload)
              .filter(VerificationInconclusive.class::isInstance)
              .map(VerificationInconclusive.class::cast)
              .findFirst()
              .orElseThrow();
      assertThat(inconclusive.getReasons())
          .singleElement()
          .asString()
          .startsWith("no health report");

      Http.Response missing =
          Http.post(url, "local-monitor", Map.of("application", "catalog", "stage", "QA"));
      assertThat(missing.status()).isEqualTo(400);
      assertThat(missing.json().get("field").asString()).isEqualTo("reason");
      assertThat(
              Http.post(
                      url,
                      "local-monitor",
                      Map.of("application", "catalog", "stage", "MARS", "reason", "x"))
                  .json()
                  .get("field")
                  .asString())
          .isEqualTo("stage");
      assertThat(Http.post(url, "local-dev", body).status()).isEqualTo(403);
      assertThat(Http.post(url, "local-ci", body).status()).isEqualTo(403);
      Http.Response accepted = Http.post(url, "local-monitor", body);
      assertThat(accepted.status()).isEqualTo(202);
      assertThat(accepted.json().get("version").asString()).isEqualTo("3.1.0");

      List<Object> catalog =
          probe
              .read(
                  Topics.VERIFICATIONS.name(),
                  WAIT,
                  r ->
                      r.stream()
                              .filter(
                                  c ->
                                      "catalog".equals(c.key())
                                          && payload(c) instanceof VerificationStarted)
                              .count()
                          == 2)
              .stream()
              .filter(c -> "catalog".equals(c.key()))
              .map(RollbackServiceIT::payload)
              .toList();
      assertThat(catalog)
          .filteredOn(VerificationRerunRequested.class::isInstance)
          .singleElement()
          .isInstanceOfSatisfying(
              VerificationRerunRequested.class,
              r -> assertThat(r.getReason()).isEqualTo("deployer reports health now"));
      assertThat(catalog).filteredOn(VerificationStarted.class::isInstance).hasSize(2);
    }
  }

  static Object payload(org.apache.kafka.clients.consumer.ConsumerRecord<String, Object> record) {
    return ((org.apache.avro.specific.SpecificRecord) record.value()).get(1);
  }
}
