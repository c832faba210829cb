package io.promoflow.approval;

import static org.assertj.core.api.Assertions.assertThat;

import io.promoflow.platform.testing.Http;
import io.promoflow.platform.testing.ServiceIntegrationTest;
import io.promoflow.platform.testing.TopicProbe;
import io.promoflow.schemas.ApprovalIds;
import io.promoflow.schemas.promotions.PromotionAwaitingApproval;
import io.promoflow.schemas.requests.PromotionType;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * {@code GET /api/v1/approvals/{id}/check} answers what {@code POST .../decisions} would: the
 * console shows buttons or the refusal from it, so it must never differ from the decision route.
 */
@ServiceIntegrationTest(
    application = ApprovalApplication.class,
    properties = "spring.config.name=approval-service")
class ApprovalCheckIT {

  static final Duration WAIT = Duration.ofSeconds(30);

  @LocalServerPort int port;

  @Value("${spring.embedded.kafka.brokers}")
  String brokers;

  @Test
  void theCheckGivesTheDecisionRoutesAnswerWithoutDeciding() {
    String base = "http://localhost:" + port;
    try (TopicProbe probe = new TopicProbe(brokers)) {
      probe.producePromotion(
          "p-check",
          TopicProbe.artifact("inventory", "2.0.0", 'c'),
          PromotionAwaitingApproval.newBuilder()
              .setPromotionType(PromotionType.MANUAL)
              .setSourceStage("STAGING")
              .setTargetStage("PROD")
              .setRequestedBy("release-manager")
              .setCommitAuthor("carol@example.com")
              .setRequiredRoles(List.of("release-manager", "platform-lead"))
              .setQuorum(1)
              .setTimeoutMs(600_000)
              .setGateSummary("6/6 gates passed")
              .setGateResultsDigest("sha256:" + "8".repeat(64))
              .build());
      String approvalId = ApprovalIds.of("p-check");
      String check = base + "/api/v1/approvals/" + approvalId + "/check";
      Awaitility.await().atMost(WAIT).until(() -> get(check, "local-approver-2").status() == 200);

      assertThat(get(check, null).status()).isEqualTo(401);
      // no approver role: the route's refusal, for both buttons
      Http.Response dev = get(check, "local-dev");
      assertThat(dev.json().get("approve").get("allowed").asBoolean()).isFalse();
      assertThat(dev.json().get("approve").get("status").asInt()).isEqualTo(403);
      assertThat(dev.json().get("reject").get("reason").asString())
          .contains("dev needs one of the roles");
      // holds the role but requested the promotion: the rules' refusal
      Http.Response requester = get(check, "local-approver-1");
      assertThat(requester.json().get("approve").get("status").asInt()).isEqualTo(403);
      assertThat(requester.json().get("approve").get("reason").asString())
          .contains("requested this promotion");
      // an approver may decide either way
      Http.Response approver = get(check, "local-approver-2");
      assertThat(approver.json().get("approve").get("allowed").asBoolean()).isTrue();
      assertThat(approver.json().get("reject").get("allowed").asBoolean()).isTrue();
      // checking decided nothing: the approval is still pending
      assertThat(get(base + "/api/v1/approvals?status=PENDING", "local-viewer").json().toString())
          .contains(approvalId);
      assertThat(get(base + "/api/v1/approvals/nope/check", "local-approver-2").status())
          .isEqualTo(404);
    }
  }

  private static Http.Response get(String url, String token) {
    return Http.send(HttpRequest.newBuilder(URI.create(url)).GET(), token);
  }
}
