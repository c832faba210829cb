package io.promoflow.approval;

import static org.assertj.core.api.Assertions.assertThat;

import io.promoflow.platform.testing.Http;
import io.promoflow.platform.testing.ServiceIntegrationTest;
import io.promoflow.platform.testing.TopicProbe;
import io.promoflow.schemas.ApprovalIds;
import io.promoflow.schemas.Topics;
import io.promoflow.schemas.approvals.ApprovalGranted;
import io.promoflow.schemas.approvals.ApprovalRequested;
import io.promoflow.schemas.common.ReleaseRef;
import io.promoflow.schemas.promotions.PromotionAwaitingApproval;
import io.promoflow.schemas.requests.PromotionType;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * One approval for a whole platform release (RELEASES.md point 5) on a real broker: {@code POST
 * /api/v1/releases/{releaseId}/decisions} decides every component approval in one transaction, only
 * once every component is pending, under the same rules as a single decision; a component is never
 * decided on its own.
 */
@ServiceIntegrationTest(
    application = ApprovalApplication.class,
    // a context (and broker) of its own: ApprovalServiceIT reads the first grant on the topic
    properties = {"spring.config.name=approval-service", "promoflow.test.context=releases"})
// every exchange below is checked against the service's /v3/api-docs afterwards (issue 17)
@org.junit.jupiter.api.extension.ExtendWith(io.promoflow.platform.testing.OpenApiContract.class)
class ApprovalReleaseIT {

  static final Duration WAIT = Duration.ofSeconds(30);
  static final List<String> COMPONENTS = List.of("inventory", "billing", "search");
  static final ReleaseRef RELEASE =
      new ReleaseRef("rel-it-1", "2026.47.0", "PLATFORM_MINOR", COMPONENTS);

  @LocalServerPort int port;

  @Value("${spring.embedded.kafka.brokers}")
  String brokers;

  static String promotionId(String application) {
    return "p-release-" + application;
  }

  static void ask(TopicProbe probe, String application, char hex) {
    probe.producePromotion(
        promotionId(application),
        TopicProbe.artifact(application, "3.1.0", hex),
        PromotionAwaitingApproval.newBuilder()
            .setPromotionType(PromotionType.MANUAL)
            .setSourceStage("STAGING")
            .setTargetStage("PROD")
            // the release manager asked for the release promotion: they may not approve it
            .setRequestedBy("release-manager")
            .setCommitAuthor("carol@example.com")
            .setRequiredRoles(List.of("release-manager", "platform-lead"))
            .setQuorum(1)
            .setTimeoutMs(600_000)
            .setGateSummary("6/6 gates passed")
            .setGateResultsDigest("sha256:" + "9".repeat(64))
            .setRelease(RELEASE)
            .build());
  }

  static int pending(String base) {
    Http.Response list =
        Http.get(base + "/api/v1/approvals?status=PENDING&releaseId=" + RELEASE.getReleaseId());
    return list.status() == 200 ? list.json().size() : -1;
  }

  @Test
  void oneDecisionApprovesEveryComponentOnceAllArePendingUnderTheSameRules() {
    String base = "http://localhost:" + port;
    String decide = base + "/api/v1/releases/" + RELEASE.getReleaseId() + "/decisions";
    Map<String, String> approve = Map.of("decision", "APPROVE", "comment", "release 2026.47.0");
    try (TopicProbe probe = new TopicProbe(brokers)) {
      // (503 while the stores start)
      Awaitility.await()
          .atMost(WAIT)
          .until(() -> Http.post(decide, "local-approver-2", approve).status() != 503);
      assertThat(Http.post(decide, "local-approver-2", approve).status())
          .as("nothing of the release is pending yet")
          .isEqualTo(404);
      ask(probe, "inventory", 'a');
      ask(probe, "billing", 'b');
      Awaitility.await().atMost(WAIT).until(() -> pending(base) == 2);

      Http.Response early = Http.post(decide, "local-approver-2", approve);
      assertThat(early.status()).isEqualTo(409);
      assertThat(early.contentType()).startsWith("application/problem+json");
      assertThat(early.json().get("detail").asString())
          .startsWith("2 of 3 components awaiting approval")
          .contains("search");

      Http.Response single =
          Http.post(
              base + "/api/v1/approvals/" + ApprovalIds.of(promotionId("inventory")) + "/decisions",
              "local-approver-2",
              Map.of("decision", "APPROVE"));
      assertThat(single.status()).isEqualTo(409);
      assertThat(single.json().get("detail").asString())
          .isEqualTo(
              "part of release 2026.47.0: decide it with POST /api/v1/releases/rel-it-1/decisions");

      ask(probe, "search", 'c');
      Awaitility.await().atMost(WAIT).until(() -> pending(base) == 3);

      Http.Response requester = Http.post(decide, "local-approver-1", approve);
      assertThat(requester.status()).isEqualTo(403);
      assertThat(requester.json().get("detail").asString())
          .startsWith("inventory (")
          .contains("release-manager requested this promotion");
      Http.Response noRole = Http.post(decide, "local-dev", approve);
      assertThat(noRole.status()).isEqualTo(403);
      Http.Response withdraw =
          Http.post(decide, "local-approver-2", Map.of("decision", "WITHDRAW"));
      assertThat(withdraw.status()).isEqualTo(400);
      assertThat(withdraw.json().get("field").asString()).isEqualTo("decision");

      Http.Response ok = Http.post(decide, "local-approver-2", approve);
      assertThat(ok.status()).isEqualTo(202);
      assertThat(ok.json().get("releaseId").asString()).isEqualTo("rel-it-1");
      Set<String> ids =
          COMPONENTS.stream().map(a -> ApprovalIds.of(promotionId(a))).collect(Collectors.toSet());
      assertThat(ok.json().get("approvalIds").values().stream().map(n -> n.asString()).toList())
          .containsExactlyElementsOf(
              COMPONENTS.stream().map(a -> ApprovalIds.of(promotionId(a))).toList());

      List<Object> events =
          probe.payloads(
              Topics.APPROVALS,
              WAIT,
              p ->
                  p.stream()
                          .filter(ApprovalGranted.class::isInstance)
                          .map(g -> ((ApprovalGranted) g).getApprovalId())
                          .filter(ids::contains)
                          .count()
                      == 3);
      assertThat(events)
          .filteredOn(ApprovalGranted.class::isInstance)
          .extracting(g -> ((ApprovalGranted) g).getApprovalId())
          .filteredOn(ids::contains)
          .as("three grants, one per component")
          .hasSize(3);
      assertThat(events)
          .filteredOn(ApprovalGranted.class::isInstance)
          .filteredOn(g -> ids.contains(((ApprovalGranted) g).getApprovalId()))
          .allSatisfy(
              g ->
                  assertThat(((ApprovalGranted) g).getApprovers())
                      .containsExactly("platform-lead"));
      assertThat(events)
          .filteredOn(ApprovalRequested.class::isInstance)
          .filteredOn(r -> ids.contains(((ApprovalRequested) r).getApprovalId()))
          .hasSize(3)
          .allSatisfy(r -> assertThat(((ApprovalRequested) r).getRelease()).isEqualTo(RELEASE));
      Awaitility.await().atMost(WAIT).until(() -> pending(base) == 0);
      Http.Response again = Http.post(decide, "local-approver-2", approve);
      assertThat(again.status()).as("decided: a conflict with the decisions made").isEqualTo(409);
      assertThat(again.body()).contains("is pending any more");
    }
  }
}
