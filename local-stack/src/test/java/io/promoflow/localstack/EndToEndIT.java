package io.promoflow.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import io.promoflow.cli.demo.DemoEvidence;
import io.promoflow.platform.testing.Http;
import io.promoflow.trigger.adapters.github.WebhookSignature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The whole system as a user drives it: the six services and a real KRaft broker started by the
 * local stack, driven only through their HTTP routes with the documented demo identities.
 */
class EndToEndIT {

  static final Duration WAIT = StackUnderTest.WAIT;
  static StackUnderTest e2e;
  static LocalStack stack;
  static Path home;

  @BeforeAll
  static void start() throws IOException {
    e2e = StackUnderTest.start(List.of("inventory", "bookstore"));
    stack = e2e.stack;
    home = e2e.home;
  }

  @AfterAll
  static void stop() {
    if (e2e != null) {
      e2e.close();
    }
  }

  static String url(Service s, String path) {
    return e2e.url(s, path);
  }

  static JsonNode awaitApplication(String application, Predicate<JsonNode> until) {
    return e2e.awaitApplication(application, until);
  }

  static Predicate<JsonNode> stage(String stage, String version, String verification) {
    return StackUnderTest.stage(stage, version, verification);
  }

  static Map<String, Object> build(String version) {
    List<Map<String, String>> evidence = DemoEvidence.evidence();
    return Map.ofEntries(
        Map.entry("application", "bookstore"),
        Map.entry("version", version),
        Map.entry(
            "digest", "sha256:" + (version.replace(".", "") + "f".repeat(64)).substring(0, 64)),
        Map.entry("uri", "oci://registry.example.com/bookverse/bookstore@sha256:0"),
        Map.entry("sourceCommit", "c".repeat(40)),
        Map.entry("commitAuthor", "author@bookverse.example"),
        Map.entry("repository", "bookverse/bookstore"),
        Map.entry("pipelineRunId", "e2e-" + version),
        Map.entry("pipelineUrl", "https://ci.example.com/runs/1"),
        Map.entry("buildFinishedAt", Instant.now().toString()),
        Map.entry("evidence", evidence));
  }

  @Test
  void aUserDrivesBuildsFromCiToProductionWithApprovalAndRollback() throws Exception {
    // 1. GitHub delivers a signed workflow_run completed/success: that commit enters DEV
    byte[] payload =
        EndToEndIT.class.getResourceAsStream("/github/workflow_run-completed.json").readAllBytes();
    Http.Response delivered =
        Http.post(
            url(Service.TRIGGER, "/webhooks/github"),
            null,
            new String(payload, StandardCharsets.UTF_8),
            Map.of(
                "X-GitHub-Event",
                "workflow_run",
                "X-GitHub-Delivery",
                UUID.randomUUID().toString(),
                "X-Hub-Signature-256",
                WebhookSignature.sign("local-webhook-secret", payload)));
    assertThat(delivered.status()).isEqualTo(202);
    awaitApplication(
        "inventory",
        app ->
            "acb5820ced94".equals(app.path("stages").path("DEV").path("version").asString(null)));

    // 2. CI publishes a native build with real Surefire (unit and integration), JaCoCo and
    // CycloneDX documents and a
    //    benchmark summary; with the deployer reporting health after each promotion it moves to
    // STAGING alone
    assertThat(
            Http.post(url(Service.TRIGGER, "/api/v1/builds"), "local-ci", build("1.0.0")).status())
        .isEqualTo(202);
    awaitApplication("bookstore", stage("DEV", "1.0.0", "PASSED"));

    // 3. a newer build fails its DEV monitoring window: DEV rolls back to 1.0.0, the last verified
    // version
    assertThat(
            Http.post(url(Service.TRIGGER, "/api/v1/builds"), "local-ci", build("1.1.0")).status())
        .isEqualTo(202);
    awaitApplication("bookstore", stage("DEV", "1.1.0", "PENDING"));
    Map<String, Object> failing =
        Map.of(
            "application",
            "bookstore",
            "stage",
            "DEV",
            "version",
            "1.1.0",
            "healthScore",
            0.3,
            "errorRate",
            0.4,
            "latencyP99Ms",
            2500,
            "criticalAnomalies",
            2,
            "businessImpact",
            "HIGH");
    // 409 until the rollback service has seen 1.1.0 enter DEV (each service reads the topics at its
    // own pace)
    Awaitility.await()
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(50))
        .until(
            () ->
                Http.post(url(Service.ROLLBACK, "/api/v1/health-reports"), "local-monitor", failing)
                        .status()
                    == 202);
    JsonNode rolledBack =
        awaitApplication(
            "bookstore",
            app ->
                stage("DEV", "1.0.0", "PASSED").test(app)
                    && app.path("history")
                        .valueStream()
                        .anyMatch(h -> "ROLLBACK".equals(h.path("type").asString())));
    assertThat(
            rolledBack
                .path("knownGood")
                .path("DEV")
                .valueStream()
                .map(v -> v.path("version").asString()))
        .containsExactly("1.0.0");

    // 4. 1.0.0 reached STAGING on its own; PROD is requested explicitly and waits for an approval
    awaitApplication("bookstore", stage("STAGING", "1.0.0", "PASSED"));
    Http.Response requested =
        Http.post(
            url(Service.TRIGGER, "/api/v1/promotions"),
            "local-dev",
            Map.of(
                "application",
                "bookstore",
                "version",
                "1.0.0",
                "targetStage",
                "PROD",
                "type",
                "MANUAL",
                "reason",
                "release 1.0",
                "changeRequestId",
                "CHG-1000"));
    assertThat(requested.status()).isEqualTo(202);
    String promotionId = requested.json().get("promotionId").asString();
    String[] approvalId = new String[1];
    Awaitility.await()
        .atMost(WAIT)
        .until(
            () -> {
              for (JsonNode a :
                  Http.get(url(Service.APPROVAL, "/api/v1/approvals?status=PENDING")).json()) {
                if (promotionId.equals(a.path("promotionId").asString())) {
                  approvalId[0] = a.path("approvalId").asString();
                }
              }
              return approvalId[0] != null;
            });
    assertThat(
            Http.get(url(Service.PROMOTION, "/api/v1/promotions/" + promotionId))
                .json()
                .get("state")
                .asString())
        .isEqualTo("AWAITING_APPROVAL");

    // 5. the requester's own approval is refused; another approver's approval promotes it to PROD
    String decide = url(Service.APPROVAL, "/api/v1/approvals/" + approvalId[0] + "/decisions");
    Http.Response own = Http.post(decide, "local-dev", Map.of("decision", "APPROVE"));
    assertThat(own.status()).isEqualTo(403);
    // refused by the route before the body is read: the requester (a developer) holds no approver
    // role
    assertThat(own.json().get("detail").asString()).contains("dev needs one of the roles");
    assertThat(
            Http.post(decide, "local-approver-1", Map.of("decision", "APPROVE", "comment", "go"))
                .status())
        .isEqualTo(202);
    awaitApplication("bookstore", stage("PROD", "1.0.0", "PENDING"));

    // 6. the PROD promotion's audit names requester, approver and every timestamp
    JsonNode audit =
        Http.get(url(Service.PROMOTION, "/api/v1/promotions/" + promotionId + "/audit")).json();
    assertThat(audit.get("status").asString()).isEqualTo("SUCCESS");
    assertThat(audit.get("requestedBy").asString()).isEqualTo("dev");
    assertThat(audit.get("changeRequestId").asString()).isEqualTo("CHG-1000");
    assertThat(audit.get("approver").asString()).isEqualTo("release-manager");
    for (String time : List.of("requestedAt", "approvedAt", "completedAt")) {
      assertThat(Instant.parse(audit.get(time).asString()))
          .as(time)
          .isBefore(Instant.now().plusSeconds(1));
    }
    assertThat(audit.get("artifact").get("sourceCommit").asString()).isEqualTo("c".repeat(40));
    assertThat(audit.get("pipelineRunId").asString()).isEqualTo("e2e-1.0.0");
    assertThat(audit.get("verificationResults").get("STAGING").asString()).isEqualTo("PASSED");
    assertThat(audit.get("policyDigest").asString()).startsWith("sha256:");

    // 7. stakeholders were told (the local stack logs routed Slack and e-mail notifications)
    Awaitility.await()
        .atMost(WAIT)
        .until(
            () ->
                Http.get(
                            url(
                                Service.NOTIFICATION,
                                "/api/v1/notifications?promotionId=" + promotionId))
                        .json()
                        .size()
                    >= 2);

    // 8. 2.0.0 waits for its PROD approval when it degrades in STAGING: the PROD promotion is
    // revoked, its approval
    //    voided, and STAGING heads back to 1.0.0 (a STAGING rollback itself needs an approval)
    assertThat(
            Http.post(url(Service.TRIGGER, "/api/v1/builds"), "local-ci", build("2.0.0")).status())
        .isEqualTo(202);
    awaitApplication("bookstore", stage("STAGING", "2.0.0", "PASSED"));
    String prod2 =
        Http.post(
                url(Service.TRIGGER, "/api/v1/promotions"),
                "local-dev",
                Map.of(
                    "application",
                    "bookstore",
                    "version",
                    "2.0.0",
                    "targetStage",
                    "PROD",
                    "type",
                    "MANUAL",
                    "changeRequestId",
                    "CHG-2000"))
            .json()
            .get("promotionId")
            .asString();
    Awaitility.await()
        .atMost(WAIT)
        .until(
            () ->
                "AWAITING_APPROVAL"
                    .equals(
                        Http.get(url(Service.PROMOTION, "/api/v1/promotions/" + prod2))
                            .json()
                            .path("state")
                            .asString()));
    Map<String, Object> degraded =
        Map.of(
            "application",
            "bookstore",
            "stage",
            "STAGING",
            "version",
            "2.0.0",
            "healthScore",
            0.2,
            "errorRate",
            0.3,
            "criticalAnomalies",
            1);
    assertThat(
            Http.post(url(Service.ROLLBACK, "/api/v1/health-reports"), "local-monitor", degraded)
                .status())
        .isEqualTo(202);
    Awaitility.await()
        .atMost(WAIT)
        .until(
            () ->
                "BLOCKED"
                    .equals(
                        Http.get(url(Service.PROMOTION, "/api/v1/promotions/" + prod2))
                            .json()
                            .path("state")
                            .asString()));
    assertThat(Http.get(url(Service.PROMOTION, "/api/v1/promotions/" + prod2)).body())
        .contains("revoked: 2.0.0 failed verification in STAGING");
    Awaitility.await()
        .atMost(WAIT)
        .until(
            () ->
                Http.get(url(Service.APPROVAL, "/api/v1/approvals"))
                    .json()
                    .valueStream()
                    .anyMatch(
                        a ->
                            prod2.equals(a.path("promotionId").asString())
                                && "VOIDED".equals(a.path("status").asString())));
    JsonNode held =
        awaitApplication(
            "bookstore",
            app ->
                app.path("holds")
                    .path("STAGING")
                    .valueStream()
                    .anyMatch(v -> v.asString().equals("2.0.0")));
    assertThat(held.path("stages").path("PROD").path("version").asString()).isEqualTo("1.0.0");

    // 9. an auditor, with Kafka only: the chains verify, and the PROD promotion's audit record is
    // exported
    String[] verified =
        cli(
            "audit",
            "verify",
            "--bootstrap",
            stack.bootstrap(),
            "--signatures",
            "--public-key",
            home.resolve("attestation/public.pem").toString());
    assertThat(verified[1])
        .contains("every chain is intact")
        .containsPattern("(\\d+) of \\1 promotion attestations verify");
    assertThat(verified[0]).isEqualTo("0");
    String otherKey =
        java.nio.file.Files.writeString(
                home.resolve("other.pem"),
                io.promoflow.schemas.PemKeys.publicPem(
                    io.promoflow.schemas.PemKeys.generate().getPublic()))
            .toString();
    String[] wrongKey =
        cli(
            "audit",
            "verify",
            "--bootstrap",
            stack.bootstrap(),
            "--signatures",
            "--public-key",
            otherKey);
    assertThat(wrongKey[0]).isEqualTo("1");
    assertThat(wrongKey[1])
        .contains("UNVERIFIED bookstore")
        .contains("does not verify with this key");
    String[] exported =
        cli("audit", "export", "--bootstrap", stack.bootstrap(), "--application", "bookstore");
    JsonNode records =
        tools.jackson.databind.json.JsonMapper.builder().build().readTree(exported[1]);
    JsonNode prodRecord =
        records
            .valueStream()
            .filter(r -> promotionId.equals(r.path("promotionId").asString()))
            .findFirst()
            .orElseThrow();
    assertThat(prodRecord.path("approver").asString()).isEqualTo("release-manager");
    assertThat(prodRecord.path("requestedBy").asString()).isEqualTo("dev");
    assertThat(prodRecord.path("changeRequestId").asString()).isEqualTo("CHG-1000");
    assertThat(prodRecord.path("status").asString()).isEqualTo("SUCCESS");
    assertThat(prodRecord.path("artifact").path("sourceCommit").asString())
        .isEqualTo("c".repeat(40));
    // replaying the topics rebuilds the stage state and reproduces every recorded gate decision
    String[] replayed = cli("audit", "replay", "--bootstrap", stack.bootstrap());
    assertThat(replayed[1]).contains("every decision reproduced").contains("bookstore PROD: 1.0.0");
    assertThat(replayed[0]).isEqualTo("0");
    // a forged record produced to the topic is detected and located; only promotion-service and the
    // broker's super
    // user may write it (docs/identities.md), so the forger here holds the broker's admin
    // credentials
    Map<String, Object> admin =
        new java.util.HashMap<>(KafkaIdentities.local().admin().clientProperties());
    admin.put(
        org.apache.kafka.clients.producer.ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
        stack.bootstrap());
    try (var forger =
        new org.apache.kafka.clients.producer.KafkaProducer<String, Object>(
            admin,
            new org.apache.kafka.common.serialization.StringSerializer(),
            new io.promoflow.schemas.CatalogueSerializer())) {
      String content = "{\"forged\": true}";
      forger
          .send(
              new org.apache.kafka.clients.producer.ProducerRecord<>(
                  io.promoflow.schemas.Topics.AUDIT.name(),
                  "bookstore",
                  new io.promoflow.schemas.audit.AuditEnvelope(
                      io.promoflow.schemas.common.EventMetadata.newBuilder()
                          .setEventId(UUID.randomUUID().toString())
                          .setOccurredAt(Instant.now())
                          .setActor("mallory")
                          .setSource("promotion-service")
                          .build(),
                      new io.promoflow.schemas.audit.AuditRecorded(
                          2L,
                          "promoflow.promotions.v1",
                          "forged",
                          "StagePromoted",
                          content,
                          null,
                          io.promoflow.schemas.AuditHashes.hash(null, content)))))
          .get();
    }
    String[] tampered = cli("audit", "verify", "--bootstrap", stack.bootstrap());
    assertThat(tampered[0]).isEqualTo("1");
    assertThat(tampered[1]).contains("BROKEN bookstore").contains("forged");

    // 11. one address: the console answers the services' routes and the merged API description
    String console = stack.url(Service.CONSOLE);
    assertThat(
            Http.get(console + "/api/v1/promotions/" + promotionId).json().path("state").asString())
        .isEqualTo(
            Http.get(url(Service.PROMOTION, "/api/v1/promotions/" + promotionId))
                .json()
                .path("state")
                .asString());
    JsonNode apiDocs = Http.get(console + "/v3/api-docs", null).json();
    assertThat(apiDocs.path("openapi").asString()).startsWith("3.1");
    assertThat(apiDocs.has("x-promoflow-unavailable")).as("every service answered").isFalse();
    assertThat(apiDocs.path("paths").propertyNames())
        .contains(
            "/api/v1/builds",
            "/api/v1/approvals/{approvalId}/decisions",
            "/api/v1/promotions/{promotionId}",
            "/api/v1/health-reports",
            "/api/v1/notifications",
            "/api/v1/promotions/{promotionId}/gates");
  }

  static String[] cli(String... args) {
    return StackUnderTest.cli(args);
  }
}
