package io.promoflow.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import io.promoflow.cli.audit.AuditTopicReader;
import io.promoflow.cli.audit.ChainVerifier;
import io.promoflow.cli.audit.KafkaConnection;
import io.promoflow.cli.demo.DemoEvidence;
import io.promoflow.platform.testing.Http;
import io.promoflow.rules.keys.ReleaseIds;
import io.promoflow.schemas.ApprovalIds;
import io.promoflow.schemas.KafkaCredentials;
import io.promoflow.schemas.Topics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A platform release as a user drives it (GitHub issue 18 points 1–3, RELEASES.md): the local stack
 * with a real KRaft broker and {@code config/pipeline-local.yaml}, driven only over HTTP with the
 * documented demo identities (README "Local identities"), like {@code ./promoflow demo --release}
 * followed by {@code ./promoflow releases approve}. Three components are built with real evidence
 * and move DEV → QA → STAGING by themselves; the release is created, requested into PROD, passes
 * its release gates, is approved once for all three components by release-manager and enters PROD
 * as a unit. A second release whose components do not satisfy a declared SemVer range is refused by
 * the compatibility gate without any component promotion. Both releases' audit chains verify.
 */
class ReleaseEndToEndIT {

  static final Duration WAIT = StackUnderTest.WAIT;

  /** What checkout requires of the others (its {@code dependencies-json} evidence document). */
  static final Map<String, String> CHECKOUT_REQUIRES =
      new LinkedHashMap<>(Map.of("inventory", ">=1.4 <2", "catalog", ">=1.0"));

  /** The release's components and their versions, in the order the release names them. */
  static final Map<String, String> COMPONENTS = new LinkedHashMap<>();

  static {
    COMPONENTS.put("catalog", "1.0.3");
    COMPONENTS.put("inventory", "1.4.2");
    COMPONENTS.put("checkout", "2.1.0");
  }

  static StackUnderTest e2e;

  @BeforeAll
  static void start() throws IOException {
    e2e = StackUnderTest.start(List.of("catalog", "inventory", "checkout"));
  }

  @AfterAll
  static void stop() {
    if (e2e != null) {
      e2e.close();
    }
  }

  @Test
  void aPlatformReleaseEntersProductionAsAUnitWithOneApprovalAndAnIncompatibleOneIsRefused()
      throws Exception {
    // 1. CI publishes three builds with the demo's real evidence; checkout also declares what it
    //    requires of the others. The local policy moves each DEV -> QA -> STAGING once verified.
    COMPONENTS.forEach(
        (application, version) ->
            assertThat(
                    Http.post(
                            url(Service.TRIGGER, "/api/v1/builds"),
                            "local-ci",
                            build(application, version))
                        .status())
                .as("build " + application + " " + version)
                .isEqualTo(202));
    COMPONENTS.forEach(
        (application, version) ->
            e2e.awaitApplication(application, StackUnderTest.stage("STAGING", version, "PASSED")));

    // 2. the release is created (202: accepted, recorded once the coordinator read it) and
    //    requested into PROD with a change request (required into production)
    String release = "2026.47.0";
    Map<String, Object> create = new LinkedHashMap<>();
    create.put("version", release);
    create.put("type", "PLATFORM_MINOR");
    create.put(
        "components",
        COMPONENTS.entrySet().stream()
            .map(c -> Map.of("application", c.getKey(), "version", c.getValue()))
            .toList());
    create.put("changeRequestId", "CHG-1");
    create.put("train", false);
    Http.Response created =
        Http.post(url(Service.TRIGGER, "/api/v1/releases"), "local-dev", create);
    assertThat(created.status()).as(created.body()).isEqualTo(202);
    String releaseId = created.json().path("releaseId").asString();
    // one home for release ids: a name-UUID of the version, so replay reproduces it
    assertThat(releaseId).isEqualTo(ReleaseIds.of(release));
    assertThat(created.json().path("version").asString()).isEqualTo(release);
    JsonNode recorded = awaitRelease(releaseId, r -> true);
    assertThat(recorded.path("type").asString()).isEqualTo("PLATFORM_MINOR");
    assertThat(recorded.path("requestedBy").asString()).isEqualTo("dev");
    assertThat(recorded.path("components").valueStream().map(c -> c.path("application").asString()))
        .containsExactlyElementsOf(COMPONENTS.keySet());
    JsonNode checkout = component(recorded, "checkout");
    assertThat(checkout.path("digest").asString()).isEqualTo(digest("checkout", "2.1.0"));
    // the requirements were copied from checkout's dependencies-json evidence of its build record
    assertThat(checkout.path("requires").path("inventory").asString()).isEqualTo(">=1.4 <2");
    assertThat(checkout.path("requires").path("catalog").asString()).isEqualTo(">=1.0");
    // the same version and components again: 200 with the first id
    Http.Response again = Http.post(url(Service.TRIGGER, "/api/v1/releases"), "local-dev", create);
    assertThat(again.status()).as(again.body()).isEqualTo(200);
    assertThat(again.json().path("releaseId").asString()).isEqualTo(releaseId);

    Http.Response promote = requestProd(releaseId, "CHG-1");
    assertThat(promote.status()).as(promote.body()).isEqualTo(202);
    assertThat(promote.json().path("targetStage").asString()).isEqualTo("PROD");

    // both release gates pass and each component's PROD promotion awaits its approval
    List<JsonNode> pending = new ArrayList<>();
    JsonNode gated =
        awaitRelease(
            releaseId,
            r -> {
              JsonNode prod = promotion(r, "PROD");
              if (prod == null
                  || prod.path("components").size() != COMPONENTS.size()
                  || !prod.path("releaseGates")
                      .valueStream()
                      .allMatch(g -> g.path("passed").asBoolean())
                  || prod.path("releaseGates").size() != 2) {
                return false;
              }
              pending.clear();
              Http.get(url(Service.APPROVAL, "/api/v1/approvals?releaseId=" + releaseId))
                  .json()
                  .valueStream()
                  .filter(a -> "PENDING".equals(a.path("status").asString()))
                  .forEach(pending::add);
              return pending.size() == COMPONENTS.size();
            });
    JsonNode prod = promotion(gated, "PROD");
    assertThat(prod.path("state").asString()).isEqualTo("PROMOTING");
    assertThat(prod.path("requestedBy").asString()).isEqualTo("dev");
    assertThat(prod.path("releaseGates").valueStream().map(g -> g.path("gate").asString()))
        .containsExactlyInAnyOrder("service-versions", "compatibility");
    Map<String, String> approvalIds = new LinkedHashMap<>();
    for (JsonNode c : prod.path("components")) {
      String application = c.path("application").asString();
      // component promotion ids come from one home too, so a replay reproduces them
      assertThat(c.path("promotionId").asString())
          .isEqualTo(ReleaseIds.promotionId(releaseId, "PROD", application));
      assertThat(c.path("approvalId").asString())
          .isEqualTo(ApprovalIds.of(c.path("promotionId").asString()));
      assertThat(c.path("outcome").asString()).isEqualTo("PENDING");
      approvalIds.put(application, c.path("approvalId").asString());
    }
    assertThat(pending.stream().map(a -> a.path("approvalId").asString()))
        .containsExactlyInAnyOrderElementsOf(approvalIds.values());
    for (JsonNode a : pending) {
      assertThat(a.path("targetStage").asString()).isEqualTo("PROD");
      assertThat(a.path("requestedBy").asString()).isEqualTo("dev");
      assertThat(a.path("release").path("releaseId").asString()).isEqualTo(releaseId);
      assertThat(a.path("release").path("components").valueStream().map(JsonNode::asString))
          .containsExactlyInAnyOrderElementsOf(COMPONENTS.keySet());
    }

    // 3. one decision for the whole release. A component approval cannot be decided alone (asked
    //    while all three are pending, so the refusal is the release rule, not "already decided")
    Http.Response single =
        Http.post(
            url(
                Service.APPROVAL,
                "/api/v1/approvals/" + approvalIds.get("checkout") + "/decisions"),
            "local-approver-1",
            Map.of("decision", "APPROVE"));
    assertThat(single.status()).as(single.body()).isEqualTo(409);
    assertThat(single.json().path("detail").asString())
        .contains("part of release " + release)
        .contains("/api/v1/releases/" + releaseId + "/decisions");
    String decide = url(Service.APPROVAL, "/api/v1/releases/" + releaseId + "/decisions");
    // the requester (a developer) holds no approver role
    Http.Response own = Http.post(decide, "local-dev", Map.of("decision", "APPROVE"));
    assertThat(own.status()).as(own.body()).isEqualTo(403);
    assertThat(own.json().path("detail").asString()).contains("dev needs one of the roles");
    Http.Response approved =
        Http.post(
            decide, "local-approver-1", Map.of("decision", "APPROVE", "comment", "release go"));
    assertThat(approved.status()).as(approved.body()).isEqualTo(202);
    assertThat(approved.json().path("releaseId").asString()).isEqualTo(releaseId);
    assertThat(approved.json().path("approvalIds").valueStream().map(JsonNode::asString))
        .containsExactlyInAnyOrderElementsOf(approvalIds.values());
    // each component approval is granted by that one decision
    Awaitility.await()
        .atMost(WAIT)
        .until(
            () ->
                Http.get(url(Service.APPROVAL, "/api/v1/approvals?releaseId=" + releaseId))
                        .json()
                        .valueStream()
                        .filter(a -> approvalIds.containsValue(a.path("approvalId").asString()))
                        .filter(a -> "GRANTED".equals(a.path("status").asString()))
                        .count()
                    == COMPONENTS.size());
    // a second decision finds nothing to decide: every component approval is granted, so the
    // release route answers 409 naming what was decided, as a single decided approval does
    Http.Response twice =
        Http.post(decide, "local-approver-1", Map.of("decision", "APPROVE", "comment", "again"));
    assertThat(twice.status()).as(twice.body()).isEqualTo(409);
    assertThat(twice.json().path("detail").asString())
        .contains("no approval of release " + releaseId + " is pending any more");

    // 4. every component promoted: the release entered PROD as a unit
    JsonNode promoted =
        awaitRelease(
            releaseId,
            r ->
                promotion(r, "PROD") != null
                    && "PROMOTED".equals(promotion(r, "PROD").path("state").asString()));
    assertThat(
            promotion(promoted, "PROD")
                .path("components")
                .valueStream()
                .map(c -> c.path("outcome").asString()))
        .containsOnly("PROMOTED")
        .hasSize(COMPONENTS.size());
    assertThat(promoted.path("components").valueStream().map(c -> c.path("stage").asString()))
        .containsOnly("PROD");
    assertThat(promoted.path("timeline").valueStream().map(s -> s.path("event").asString()))
        .containsSubsequence(
            "ReleaseCreated",
            "ReleasePromotionRequested",
            "ReleaseGatesEvaluated",
            "ReleasePromotionStarted",
            "ReleaseStagePromoted");
    COMPONENTS.forEach(
        (application, version) -> {
          JsonNode app =
              e2e.awaitApplication(
                  application,
                  a ->
                      version.equals(a.path("stages").path("PROD").path("version").asString(null)));
          assertThat(app.path("stages").path("PROD").path("digest").asString(null))
              .as(application + " PROD digest")
              .isEqualTo(digest(application, version));
        });
    // the console answers the release like trigger-service (its API proxy, one address)
    JsonNode direct = Http.get(url(Service.TRIGGER, "/api/v1/releases/" + releaseId)).json();
    Http.Response viaConsole =
        Http.get(e2e.stack.url(Service.CONSOLE) + "/api/v1/releases/" + releaseId);
    assertThat(viaConsole.status()).as(viaConsole.body()).isEqualTo(200);
    assertThat(viaConsole.json()).isEqualTo(direct);

    // 5. inventory 2.0.0 is built and verified in STAGING; a release of it with checkout 2.1.0,
    //    which requires inventory '>=1.4 <2', is refused by the compatibility gate: nothing
    // promoted
    assertThat(
            Http.post(
                    url(Service.TRIGGER, "/api/v1/builds"), "local-ci", build("inventory", "2.0.0"))
                .status())
        .isEqualTo(202);
    e2e.awaitApplication("inventory", StackUnderTest.stage("STAGING", "2.0.0", "PASSED"));
    String incompatible = "2026.48.0";
    Map<String, Object> create2 = new LinkedHashMap<>();
    create2.put("version", incompatible);
    create2.put("type", "PLATFORM_MINOR");
    create2.put(
        "components",
        List.of(
            Map.of("application", "checkout", "version", "2.1.0"),
            Map.of("application", "inventory", "version", "2.0.0")));
    create2.put("changeRequestId", "CHG-2");
    create2.put("train", false);
    Http.Response created2 =
        Http.post(url(Service.TRIGGER, "/api/v1/releases"), "local-dev", create2);
    assertThat(created2.status()).as(created2.body()).isEqualTo(202);
    String releaseId2 = created2.json().path("releaseId").asString();
    awaitRelease(releaseId2, r -> true);
    Http.Response promote2 = requestProd(releaseId2, "CHG-2");
    assertThat(promote2.status()).as(promote2.body()).isEqualTo(202);
    JsonNode refused =
        awaitRelease(
            releaseId2,
            r ->
                promotion(r, "PROD") != null
                    && "GATES_FAILED".equals(promotion(r, "PROD").path("state").asString()));
    JsonNode refusedProd = promotion(refused, "PROD");
    JsonNode compatibility = gate(refusedProd, "compatibility");
    assertThat(compatibility.path("passed").asBoolean()).isFalse();
    assertThat(compatibility.path("reason").asString())
        .contains("checkout requires inventory '>=1.4 <2'")
        .contains("2.0.0 does not satisfy");
    assertThat(compatibility.path("inputs").path("checkout.requires.inventory.version").asString())
        .isEqualTo("2.0.0");
    // catalog is not in this release: the version now in PROD (1.0.3) satisfies '>=1.0'
    assertThat(compatibility.path("inputs").path("checkout.requires.catalog.version").asString())
        .isEqualTo("1.0.3");
    assertThat(gate(refusedProd, "service-versions").path("passed").asBoolean()).isTrue();
    assertThat(refusedProd.path("reasons").valueStream().map(JsonNode::asString))
        .anyMatch(r -> r.contains("checkout requires inventory"));
    // no component promotion was requested: promotion-service never hears of one, approval-service
    // asks none, and PROD still runs the first release's inventory
    List<String> neverRequested =
        List.of(
            ReleaseIds.promotionId(releaseId2, "PROD", "checkout"),
            ReleaseIds.promotionId(releaseId2, "PROD", "inventory"));
    Awaitility.await()
        .during(Duration.ofSeconds(3))
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                neverRequested.stream()
                        .allMatch(
                            id ->
                                Http.get(url(Service.PROMOTION, "/api/v1/promotions/" + id))
                                        .status()
                                    == 404)
                    && Http.get(url(Service.APPROVAL, "/api/v1/approvals?releaseId=" + releaseId2))
                        .json()
                        .isEmpty());
    assertThat(
            Http.get(url(Service.PROMOTION, "/api/v1/applications/inventory"))
                .json()
                .path("stages")
                .path("PROD")
                .path("version")
                .asString())
        .isEqualTo("1.4.2");

    // 6. an auditor, with Kafka only: every chain verifies, the releases' own chains included
    //    (release:<releaseId>), and the release's events are on the PROD promotions' audit records
    String[] verified =
        StackUnderTest.cli(
            "audit",
            "verify",
            "--bootstrap",
            e2e.stack.bootstrap(),
            "--signatures",
            "--public-key",
            e2e.home.resolve("attestation/public.pem").toString());
    assertThat(verified[1])
        .contains("every chain is intact")
        .containsPattern("(\\d+) of \\1 promotion attestations verify");
    assertThat(verified[0]).isEqualTo("0");
    KafkaConnection kafka =
        new KafkaConnection(
            e2e.stack.bootstrap(),
            KafkaCredentials.of(
                "promoflow-audit", "local-promoflow-audit", KafkaCredentials.SCRAM_SHA_512));
    // promotion-service chains each release event as it reads it: wait until both failures are in
    Map<String, List<String>> chains = new LinkedHashMap<>();
    Awaitility.await()
        .atMost(WAIT)
        .until(
            () -> {
              chains.clear();
              List<ChainVerifier.Entry> entries = new ArrayList<>();
              for (AuditTopicReader.Read read : AuditTopicReader.read(kafka, Topics.AUDIT.name())) {
                String key = read.entry().application();
                if (("release:" + releaseId).equals(key) || ("release:" + releaseId2).equals(key)) {
                  entries.add(read.entry());
                  chains
                      .computeIfAbsent(key, k -> new ArrayList<>())
                      .add(read.entry().record().getSubjectEventType());
                }
              }
              assertThat(ChainVerifier.verify(entries).intact()).isTrue();
              return chains
                      .getOrDefault("release:" + releaseId, List.of())
                      .contains("ReleaseStagePromoted")
                  && chains
                      .getOrDefault("release:" + releaseId2, List.of())
                      .contains("ReleasePromotionFailed");
            });
    assertThat(chains.get("release:" + releaseId))
        .startsWith("ReleaseCreated")
        .contains("ReleasePromotionRequested", "ReleaseGatesEvaluated", "ReleasePromotionStarted");
    assertThat(chains.get("release:" + releaseId2))
        .startsWith("ReleaseCreated")
        .contains("ReleasePromotionRequested", "ReleaseGatesEvaluated")
        .doesNotContain("ReleasePromotionStarted");
    String[] exported =
        StackUnderTest.cli(
            "audit", "export", "--bootstrap", e2e.stack.bootstrap(), "--application", "checkout");
    assertThat(exported[0]).as(exported[1]).isEqualTo("0");
    JsonNode prodRecord =
        tools.jackson.databind.json.JsonMapper.builder()
            .build()
            .readTree(exported[1])
            .valueStream()
            .filter(
                r ->
                    ReleaseIds.promotionId(releaseId, "PROD", "checkout")
                        .equals(r.path("promotionId").asString()))
            .findFirst()
            .orElseThrow();
    assertThat(prodRecord.path("status").asString()).isEqualTo("SUCCESS");
    assertThat(prodRecord.path("approver").asString()).isEqualTo("release-manager");
    assertThat(prodRecord.path("requestedBy").asString()).isEqualTo("dev");
    assertThat(prodRecord.path("changeRequestId").asString()).isEqualTo("CHG-1");
    assertThat(prodRecord.path("release").path("releaseId").asString()).isEqualTo(releaseId);
    assertThat(
            prodRecord.path("releaseTimeline").valueStream().map(e -> e.path("event").asString()))
        .contains("ReleaseCreated", "ReleaseStagePromoted");
  }

  static String url(Service s, String path) {
    return e2e.url(s, path);
  }

  static Http.Response requestProd(String releaseId, String changeRequestId) {
    return Http.post(
        url(Service.TRIGGER, "/api/v1/releases/" + releaseId + "/promotions"),
        "local-dev",
        Map.of("targetStage", "PROD", "changeRequestId", changeRequestId));
  }

  /**
   * Polls {@code GET /api/v1/releases/{releaseId}} (trigger-service) until it answers 200 and
   * {@code until} holds; the failure names the last answer.
   */
  static JsonNode awaitRelease(String releaseId, Predicate<JsonNode> until) {
    Http.Response[] last = new Http.Response[1];
    try {
      Awaitility.await()
          .atMost(WAIT)
          .pollInterval(Duration.ofMillis(200))
          .until(
              () -> {
                last[0] = Http.get(url(Service.TRIGGER, "/api/v1/releases/" + releaseId));
                return last[0].status() == 200 && until.test(last[0].json());
              });
    } catch (ConditionTimeoutException e) {
      throw new AssertionError(
          "release " + releaseId + ": " + (last[0] == null ? "no answer" : last[0].body()), e);
    }
    return last[0].json();
  }

  /** The release's promotion into {@code stage}, or null. */
  static JsonNode promotion(JsonNode release, String stage) {
    return release
        .path("promotions")
        .valueStream()
        .filter(p -> stage.equals(p.path("targetStage").asString()))
        .findFirst()
        .orElse(null);
  }

  static JsonNode component(JsonNode release, String application) {
    return release
        .path("components")
        .valueStream()
        .filter(c -> application.equals(c.path("application").asString()))
        .findFirst()
        .orElseThrow();
  }

  static JsonNode gate(JsonNode promotion, String gate) {
    return promotion
        .path("releaseGates")
        .valueStream()
        .filter(g -> gate.equals(g.path("gate").asString()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no release gate " + gate + " in " + promotion));
  }

  /**
   * The builds route's body for {@code application} {@code version} with the demo's real evidence
   * (Surefire, JaCoCo, CycloneDX, integration tests, benchmark); checkout also carries its {@code
   * dependencies-json} document.
   */
  static Map<String, Object> build(String application, String version) {
    List<Map<String, String>> evidence = new ArrayList<>(DemoEvidence.evidence());
    if (application.equals("checkout")) {
      evidence.add(DemoEvidence.dependencies(CHECKOUT_REQUIRES));
    }
    String digest = digest(application, version);
    Map<String, Object> build = new LinkedHashMap<>();
    build.put("application", application);
    build.put("version", version);
    build.put("digest", digest);
    build.put("uri", "oci://registry.example.com/platform/" + application + "@" + digest);
    build.put("sourceCommit", sha1(application + ":" + version));
    build.put("commitAuthor", "author@platform.example");
    build.put("repository", "platform/" + application);
    build.put("pipelineRunId", "rel-e2e-" + application + "-" + version);
    build.put("pipelineUrl", "https://ci.example.com/runs/1");
    build.put("buildFinishedAt", Instant.now().toString());
    build.put("evidence", evidence);
    return build;
  }

  static String digest(String application, String version) {
    return "sha256:" + hex("SHA-256", application + ":" + version);
  }

  static String sha1(String text) {
    return hex("SHA-1", text);
  }

  private static String hex(String algorithm, String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance(algorithm).digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(algorithm + " is part of every JDK", e);
    }
  }
}
