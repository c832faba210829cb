package io.promoflow.approval;

import static org.assertj.core.api.Assertions.assertThat;

import io.promoflow.platform.testing.Http;
import io.promoflow.platform.testing.ServiceIntegrationTest;
import io.promoflow.platform.testing.TopicProbe;
import io.promoflow.schemas.Topics;
import io.promoflow.schemas.approvals.ApprovalGranted;
import io.promoflow.schemas.promotions.PromotionAwaitingApproval;
import io.promoflow.schemas.requests.PromotionType;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;

@ServiceIntegrationTest(
    application = ApprovalApplication.class,
    properties = "spring.config.name=approval-service")
// every exchange below is checked against the service's /v3/api-docs afterwards (issue 17)
@org.junit.jupiter.api.extension.ExtendWith(io.promoflow.platform.testing.OpenApiContract.class)
class ApprovalServiceIT {

  static final Duration WAIT = Duration.ofSeconds(30);

  @LocalServerPort int port;

  @Value("${spring.embedded.kafka.brokers}")
  String brokers;

  @Test
  void decisionsFollowTheRulesAndAGrantIsPublished() {
    String base = "http://localhost:" + port;
    try (TopicProbe probe = new TopicProbe(brokers)) {
      probe.producePromotion(
          "p-9",
          TopicProbe.artifact("inventory", "1.4.2", 'a'),
          PromotionAwaitingApproval.newBuilder()
              .setPromotionType(PromotionType.MANUAL)
              .setSourceStage("STAGING")
              .setTargetStage("PROD")
              .setRequestedBy("dev")
              .setCommitAuthor("carol@example.com")
              .setRequiredRoles(List.of("release-manager", "platform-lead"))
              .setQuorum(1)
              .setTimeoutMs(600_000)
              .setGateSummary("6/6 gates passed")
              .setGateResultsDigest("sha256:" + "9".repeat(64))
              .build());
      String approvalId = io.promoflow.schemas.ApprovalIds.of("p-9");
      Awaitility.await()
          .atMost(WAIT)
          .until(
              () -> {
                Http.Response list = Http.get(base + "/api/v1/approvals?status=PENDING");
                return list.status() == 200 && list.json().toString().contains(approvalId);
              });
      String decide = base + "/api/v1/approvals/" + approvalId + "/decisions";

      assertThat(Http.post(decide, null, Map.of("decision", "APPROVE")).status()).isEqualTo(401);
      Http.Response own = Http.post(decide, "local-dev", Map.of("decision", "APPROVE"));
      assertThat(own.status()).isEqualTo(403);
      assertThat(own.contentType()).startsWith("application/problem+json");
      // dev holds no approver role, so the route refuses before the rules are asked (ApprovalJwtIT
      // covers a
      // requester who does hold one: "requested this promotion")
      assertThat(own.json().get("detail").asString())
          .contains("dev needs one of the roles", "release-manager");
      assertThat(Http.post(decide, "local-ci", Map.of("decision", "APPROVE")).status())
          .isEqualTo(403);
      Http.Response noComment = Http.post(decide, "local-approver-2", Map.of("decision", "REJECT"));
      assertThat(noComment.status()).isEqualTo(400);
      assertThat(noComment.json().get("field").asString()).isEqualTo("comment");
      assertThat(
              Http.post(decide, "local-approver-2", Map.of("decision", "MAYBE"))
                  .json()
                  .get("field")
                  .asString())
          .isEqualTo("decision");
      assertThat(
              Http.post(
                      base + "/api/v1/approvals/nope/decisions",
                      "local-approver-1",
                      Map.of("decision", "APPROVE"))
                  .status())
          .isEqualTo(404);
      Http.Response mine =
          Http.send(
              java.net.http.HttpRequest.newBuilder(
                      java.net.URI.create(base + "/api/v1/approvals?status=PENDING&mine=true"))
                  .GET(),
              "local-approver-1");
      assertThat(mine.json().size()).isEqualTo(1);

      assertThat(
              Http.post(
                      decide,
                      "local-approver-1",
                      Map.of("decision", "APPROVE", "comment", "ship it"))
                  .status())
          .isEqualTo(202);
      ApprovalGranted granted =
          (ApprovalGranted)
              probe
                  .payloads(
                      Topics.APPROVALS,
                      WAIT,
                      p -> p.stream().anyMatch(ApprovalGranted.class::isInstance))
                  .stream()
                  .filter(ApprovalGranted.class::isInstance)
                  .findFirst()
                  .orElseThrow();
      assertThat(granted.getApprovers()).containsExactly("release-manager");
      assertThat(granted.getGateResultsDigest()).isEqualTo("sha256:" + "9".repeat(64));
      assertThat(granted.getDecisions())
          .singleElement()
          .satisfies(
              d -> {
                assertThat(d.getEmail()).isEqualTo("release-manager@promoflow.local");
                assertThat(d.getRoles()).containsExactly("release-manager");
              });
      // once the store shows the decision applied, a second click is 409 (decided in the store, on
      // any instance; one
      // sent before that is refused by the topology: ApprovalTopologyTest)
      assertThat(Http.post(decide, "local-approver-1", Map.of("decision", "APPROVE")).status())
          .isEqualTo(409);
      Awaitility.await()
          .atMost(WAIT)
          .until(
              () ->
                  Http.post(decide, "local-approver-2", Map.of("decision", "APPROVE")).status()
                      == 409);
    }
  }

  @Test
  void theOnCallWhoRequestedARollbackAnExcludedApproverAndTheCommitAuthorByEmailCannotApprove() {
    String base = "http://localhost:" + port;
    try (TopicProbe probe = new TopicProbe(brokers)) {
      probe.producePromotion(
          "p-rollback",
          TopicProbe.artifact("inventory", "1.4.1", 'c'),
          PromotionAwaitingApproval.newBuilder()
              .setPromotionType(PromotionType.ROLLBACK)
              .setTargetStage("PROD")
              .setRequestedBy("oncall")
              .setCommitAuthor("Platform-Lead@promoflow.local")
              .setExcludedApprovers(List.of("release-manager"))
              .setRequiredRoles(List.of("on-call", "release-manager", "platform-lead"))
              .setQuorum(1)
              .setTimeoutMs(600_000)
              .setGateSummary("2/2 gates passed")
              .build());
      String approvalId = io.promoflow.schemas.ApprovalIds.of("p-rollback");
      String decide = base + "/api/v1/approvals/" + approvalId + "/decisions";
      Awaitility.await()
          .atMost(WAIT)
          .until(
              () ->
                  Http.post(decide, "local-oncall", Map.of("decision", "APPROVE")).status() != 404);
      Http.Response oncall = Http.post(decide, "local-oncall", Map.of("decision", "APPROVE"));
      assertThat(oncall.status()).isEqualTo(403);
      assertThat(oncall.json().get("detail").asString())
          .contains("oncall requested this promotion");
      Http.Response excluded = Http.post(decide, "local-approver-1", Map.of("decision", "APPROVE"));
      assertThat(excluded.status()).isEqualTo(403);
      assertThat(excluded.json().get("detail").asString())
          .contains("forced or scheduled this promotion");
      Http.Response author = Http.post(decide, "local-approver-2", Map.of("decision", "APPROVE"));
      assertThat(author.status()).isEqualTo(403);
      assertThat(author.json().get("detail").asString()).contains("authored the commit of 1.4.1");
    }
  }

  @Test
  void nobodyMayApproveWhileTheCommitAuthorIsUnknown() {
    String base = "http://localhost:" + port;
    try (TopicProbe probe = new TopicProbe(brokers)) {
      probe.producePromotion(
          "p-anon",
          TopicProbe.artifact("inventory", "1.4.3", 'd'),
          PromotionAwaitingApproval.newBuilder()
              .setPromotionType(PromotionType.MANUAL)
              .setSourceStage("STAGING")
              .setTargetStage("PROD")
              .setRequestedBy("dev")
              .setRequiredRoles(List.of("release-manager"))
              .setQuorum(1)
              .setTimeoutMs(600_000)
              .setGateSummary("6/6 gates passed")
              .build());
      String decide =
          base
              + "/api/v1/approvals/"
              + io.promoflow.schemas.ApprovalIds.of("p-anon")
              + "/decisions";
      Awaitility.await()
          .atMost(WAIT)
          .until(
              () ->
                  Http.post(decide, "local-approver-1", Map.of("decision", "APPROVE")).status()
                      != 404);
      Http.Response refused = Http.post(decide, "local-approver-1", Map.of("decision", "APPROVE"));
      assertThat(refused.status()).isEqualTo(403);
      assertThat(refused.contentType()).startsWith("application/problem+json");
      assertThat(refused.json().get("detail").asString())
          .contains("commit author unknown: no one can be shown independent of the change");
    }
  }
}
