package io.promoflow.trigger;

import static org.assertj.core.api.Assertions.assertThat;

import io.promoflow.platform.testing.Http;
import io.promoflow.platform.testing.ServiceIntegrationTest;
import io.promoflow.platform.testing.TopicProbe;
import io.promoflow.platform.testing.TopologyTests;
import io.promoflow.rules.keys.ReleaseIds;
import io.promoflow.rules.release.train.TrainCalendar;
import io.promoflow.schemas.Topics;
import io.promoflow.schemas.common.ArtifactRef;
import io.promoflow.schemas.releases.ReleasePromotionStarted;
import io.promoflow.schemas.requests.PromotionRequested;
import io.promoflow.schemas.verifications.VerificationPassed;
import io.promoflow.schemas.verifications.VerificationsEnvelope;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Platform releases over HTTP on a real broker (GitHub issue 18 points 1 and 3): create (202, a
 * repeat 200, other components 409, an unknown build 400 naming the field), show, list, promote (a
 * wrong stage 400, then 202), and the release promotion reaching the promotion requests topic as
 * one request per component carrying the release.
 */
@ServiceIntegrationTest(
    application = TriggerApplication.class,
    properties = {
      "spring.config.name=trigger-service",
      "promoflow.trigger.evidence-dir=target/evidence"
    })
@org.junit.jupiter.api.extension.ExtendWith(io.promoflow.platform.testing.OpenApiContract.class)
class ReleaseApiIT {

  static final Duration WAIT = Duration.ofSeconds(30);
  static final String VERSION = "2026.47.0";
  static final ArtifactRef INVENTORY = TopicProbe.artifact("cart", "1.4.2", 'a');
  static final ArtifactRef ORDERS = TopicProbe.artifact("checkout", "2.0.0", 'b');

  @LocalServerPort int port;

  @Value("${spring.embedded.kafka.brokers}")
  String brokers;

  TopicProbe probe;

  @BeforeEach
  void probe() {
    probe = new TopicProbe(brokers);
  }

  @AfterEach
  void close() {
    probe.close();
  }

  String url(String path) {
    return "http://localhost:" + port + path;
  }

  /** Posts until the route answers something else than 503 (the topology starting). */
  Http.Response post(String path, String token, Object body) {
    Http.Response[] last = new Http.Response[1];
    Awaitility.await()
        .atMost(WAIT)
        .until(() -> (last[0] = Http.post(url(path), token, body)).status() != 503);
    return last[0];
  }

  void build(ArtifactRef a, List<Map<String, String>> evidence) {
    Map<String, Object> body = new HashMap<>();
    body.put("application", a.getApplication());
    body.put("version", a.getVersion());
    body.put("digest", a.getDigest());
    body.put("sourceCommit", "b".repeat(40));
    body.put("pipelineRunId", "1");
    body.put("buildFinishedAt", "2026-11-20T10:00:00Z");
    body.put("evidence", evidence);
    // 200: the context (and broker) may be shared with another IT that recorded it already
    assertThat(post("/api/v1/builds", "local-ci", body).status()).isIn(200, 202);
    // recorded once the topology's store shows it: a repeat is answered 200
    Awaitility.await()
        .atMost(WAIT)
        .until(() -> Http.post(url("/api/v1/builds"), "local-ci", body).status() == 200);
  }

  Map<String, Object> release(String version, Map<String, String>... components) {
    Map<String, Object> body = new HashMap<>();
    body.put("version", version);
    body.put("type", "PLATFORM_MINOR");
    body.put("components", List.of(components));
    return body;
  }

  static Map<String, String> component(ArtifactRef a) {
    return Map.of("application", a.getApplication(), "version", a.getVersion());
  }

  void verifiedInQa(ArtifactRef a) {
    probe.produce(
        Topics.VERIFICATIONS,
        a.getApplication(),
        new VerificationsEnvelope(
            TopicProbe.metadata(null, a),
            VerificationPassed.newBuilder()
                .setStage("QA")
                .setWindowStartedAt(Instant.now())
                .build()));
  }

  @Test
  @SuppressWarnings("unchecked")
  void aReleaseIsCreatedShownListedAndPromotedAsOneRequestPerComponent() {
    build(INVENTORY, List.of());
    build(
        ORDERS,
        List.of(
            Map.of(
                "format",
                "dependencies-json",
                "content",
                "{\"requires\": {\"cart\": \">=1.4 <2\"}}")));

    Http.Response unknown =
        post(
            "/api/v1/releases",
            "local-dev",
            release(
                VERSION,
                component(INVENTORY),
                Map.of("application", "checkout", "version", "9.9.9")));
    assertThat(unknown.status()).isEqualTo(400);
    assertThat(unknown.contentType()).startsWith("application/problem+json");
    assertThat(unknown.json().get("field").asString()).isEqualTo("components[1].version");

    Http.Response badType =
        post("/api/v1/releases", "local-dev", Map.of("version", "x1", "type", "HUGE"));
    assertThat(badType.status()).isEqualTo(400);
    assertThat(badType.json().get("field").asString()).isEqualTo("type");
    assertThat(
            post("/api/v1/releases", "local-monitor", release(VERSION, component(INVENTORY)))
                .status())
        .isEqualTo(403);

    Map<String, Object> body = release(VERSION, component(INVENTORY), component(ORDERS));
    Http.Response created = post("/api/v1/releases", "local-approver-1", body);
    assertThat(created.status()).isEqualTo(202);
    String releaseId = created.json().get("releaseId").asString();
    assertThat(releaseId).isEqualTo(ReleaseIds.of(VERSION));
    // a repeat once the coordinator recorded it: 200 with the same id
    Awaitility.await()
        .atMost(WAIT)
        .until(() -> Http.post(url("/api/v1/releases"), "local-dev", body).status() == 200);
    Http.Response again = post("/api/v1/releases", "local-dev", body);
    assertThat(again.json().get("releaseId").asString()).isEqualTo(releaseId);
    Http.Response conflicting =
        post("/api/v1/releases", "local-dev", release(VERSION, component(INVENTORY)));
    assertThat(conflicting.status()).isEqualTo(409);
    assertThat(conflicting.json().get("field").asString()).isEqualTo("components");

    Http.Response shown = Http.get(url("/api/v1/releases/" + releaseId), Http.VIEWER);
    assertThat(shown.status()).isEqualTo(200);
    assertThat(shown.json().get("version").asString()).isEqualTo(VERSION);
    assertThat(shown.json().get("validationLevel").asString()).isEqualTo("standard");
    assertThat(shown.json().get("requestedBy").asString()).isEqualTo("release-manager");
    assertThat(shown.json().get("components").get(1).get("requires").get("cart").asString())
        .isEqualTo(">=1.4 <2");
    assertThat(shown.json().get("components").get(0).get("digest").asString())
        .isEqualTo(INVENTORY.getDigest());
    assertThat(Http.get(url("/api/v1/releases/rel-nope"), Http.VIEWER).status()).isEqualTo(404);

    Http.Response list = Http.get(url("/api/v1/releases?train=false&limit=10"), Http.VIEWER);
    assertThat(list.status()).isEqualTo(200);
    assertThat(list.json().get(0).get("releaseId").asString()).isEqualTo(releaseId);
    assertThat(list.json().get(0).get("state").asString()).isEqualTo("CREATED");

    String promotions = "/api/v1/releases/" + releaseId + "/promotions";
    Http.Response first = post(promotions, "local-dev", Map.of("targetStage", "DEV"));
    assertThat(first.status()).isEqualTo(400);
    assertThat(first.json().get("field").asString()).isEqualTo("targetStage");
    assertThat(post(promotions, "local-dev", Map.of("targetStage", "NOWHERE")).status())
        .isEqualTo(400);
    assertThat(
            post(
                    "/api/v1/releases/" + ReleaseIds.of("0.0.0") + "/promotions",
                    "local-dev",
                    Map.of("targetStage", "STAGING"))
                .status())
        .isEqualTo(404);

    verifiedInQa(INVENTORY);
    verifiedInQa(ORDERS);
    Http.Response promoted = post(promotions, "local-ci", Map.of("targetStage", "STAGING"));
    assertThat(promoted.status()).isEqualTo(202);
    assertThat(promoted.json().get("targetStage").asString()).isEqualTo("STAGING");

    List<Object> requests =
        probe.payloads(
            Topics.PROMOTION_REQUESTS,
            WAIT,
            p ->
                p.stream()
                        .filter(x -> x instanceof PromotionRequested r && r.getRelease() != null)
                        .count()
                    == 2);
    List<PromotionRequested> ofRelease =
        requests.stream()
            .filter(x -> x instanceof PromotionRequested r && r.getRelease() != null)
            .map(x -> (PromotionRequested) x)
            .toList();
    assertThat(ofRelease)
        .allSatisfy(
            r -> {
              assertThat(r.getTargetStage()).isEqualTo("STAGING");
              assertThat(r.getSourceStage()).isEqualTo("QA");
              assertThat(r.getRequestedBy()).isEqualTo("ci");
              assertThat(r.getRelease().getReleaseId()).isEqualTo(releaseId);
              assertThat(r.getRelease().getComponents()).containsExactly("cart", "checkout");
            });
    assertThat(
            probe.payloads(
                Topics.RELEASES,
                WAIT,
                p -> p.stream().anyMatch(x -> x instanceof ReleasePromotionStarted)))
        .anyMatch(x -> x instanceof ReleasePromotionStarted);

    // the store shows the promotion; a second one while it is in flight is refused
    Awaitility.await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(
                        Http.get(url("/api/v1/releases/" + releaseId), Http.VIEWER)
                            .json()
                            .get("promotions")
                            .get(0)
                            .get("state")
                            .asString())
                    .isEqualTo("PROMOTING"));
    Http.Response inFlight = post(promotions, "local-dev", Map.of("targetStage", "STAGING"));
    assertThat(inFlight.status()).isEqualTo(409);
    Http.Response afterwards = Http.get(url("/api/v1/releases/" + releaseId), Http.VIEWER);
    assertThat(
            afterwards
                .json()
                .get("promotions")
                .get(0)
                .get("releaseGates")
                .get(1)
                .get("gate")
                .asString())
        .isEqualTo("compatibility");
    assertThat(
            afterwards
                .json()
                .get("promotions")
                .get(0)
                .get("components")
                .get(0)
                .get("approvalId")
                .asString())
        .startsWith("apr-");
  }

  /**
   * A release train (issue 18 point 2): created without components under the train version of the
   * next train date, shown with its phases, listed with {@code ?train=true}; a wrong version, a
   * date off the cadence and components are refused naming the field.
   */
  @Test
  void aTrainIsCreatedWithTheTrainVersionShownAndListed() {
    TrainCalendar calendar = TrainCalendar.of(TopologyTests.localPolicy());
    LocalDate date = calendar.nextTrainDate(Instant.now());
    String version = calendar.version(date);

    Http.Response wrongVersion =
        post("/api/v1/releases", "local-dev", Map.of("train", true, "version", "2020.01.0"));
    assertThat(wrongVersion.status()).isEqualTo(400);
    assertThat(wrongVersion.contentType()).startsWith("application/problem+json");
    assertThat(wrongVersion.json().get("field").asString()).isEqualTo("version");
    Http.Response offCadence =
        post(
            "/api/v1/releases",
            "local-dev",
            Map.of("train", true, "trainDate", date.plusDays(1).toString()));
    assertThat(offCadence.status()).isEqualTo(400);
    assertThat(offCadence.json().get("field").asString()).isEqualTo("trainDate");
    Http.Response withComponents =
        post(
            "/api/v1/releases",
            "local-dev",
            Map.of("train", true, "components", List.of(component(INVENTORY))));
    assertThat(withComponents.status()).isEqualTo(400);
    assertThat(withComponents.json().get("field").asString()).isEqualTo("components");

    Http.Response created = post("/api/v1/releases", "local-dev", Map.of("train", true));
    assertThat(created.status()).isIn(200, 202);
    assertThat(created.json().get("version").asString()).isEqualTo(version);
    String releaseId = created.json().get("releaseId").asString();
    assertThat(releaseId).isEqualTo(ReleaseIds.of(version));

    Awaitility.await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              Http.Response list =
                  Http.get(url("/api/v1/releases?train=true&limit=10"), Http.VIEWER);
              assertThat(list.status()).isEqualTo(200);
              assertThat(list.json().size()).as("the coordinator recorded it").isPositive();
              assertThat(list.json().get(0).get("releaseId").asString()).isEqualTo(releaseId);
              assertThat(list.json().get(0).get("train").asBoolean()).isTrue();
              assertThat(list.json().get(0).get("phase").asString()).isNotBlank();
            });
    Http.Response shown = Http.get(url("/api/v1/releases/" + releaseId), Http.VIEWER);
    assertThat(shown.json().get("train").asBoolean()).isTrue();
    assertThat(shown.json().get("trainDate").asString()).isEqualTo(calendar.start(date).toString());
    assertThat(shown.json().get("phases")).hasSize(8);
    assertThat(shown.json().get("phases").get(0).get("phase").asString()).isEqualTo("collection");
    assertThat(shown.json().get("phases").get(0).get("scheduledAt").asString())
        .isEqualTo(calendar.start(date).toString());
    assertThat(post("/api/v1/releases", "local-dev", Map.of("train", true)).status())
        .as("a repeat of the same train")
        .isEqualTo(200);
  }
}
