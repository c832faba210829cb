package io.promoflow.approval;

import static org.assertj.core.api.Assertions.assertThat;

import io.promoflow.platform.testing.Http;
import io.promoflow.platform.testing.ServiceIntegrationTest;
import io.promoflow.platform.testing.TopicProbe;
import io.promoflow.schemas.Topics;
import io.promoflow.schemas.approvals.ApprovalDecisionRecorded;
import io.promoflow.schemas.approvals.ApprovalGranted;
import io.promoflow.schemas.promotions.PromotionAwaitingApproval;
import io.promoflow.schemas.requests.PromotionType;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Decisions delegated by notification-service (approve from Slack, GitHub issue 17 point 3) go
 * through the real route, role check and approval rules: the principal's roles and e-mail are this
 * service's own (the local demo tokens), the credential opens only the decisions route.
 */
@ServiceIntegrationTest(
    application = ApprovalApplication.class,
    properties = {
      "spring.config.name=approval-service",
      "promoflow.approvals.delegation.token=" + ApprovalDelegationIT.TOKEN
    })
class ApprovalDelegationIT {

  static final String TOKEN = "test-delegation-credential";
  static final Duration WAIT = Duration.ofSeconds(30);

  @LocalServerPort int port;

  @Value("${spring.embedded.kafka.brokers}")
  String brokers;

  Http.Response delegated(String url, String token, String principal, Map<String, String> body) {
    return Http.post(
        url,
        token,
        Http.json(body),
        Map.of("X-Promoflow-On-Behalf-Of", principal, "X-Promoflow-Delegated-Via", "slack"));
  }

  /** A MANUAL promotion into PROD awaiting {@code quorum} of release-manager / platform-lead. */
  static PromotionAwaitingApproval.Builder awaiting(String requestedBy, int quorum) {
    return PromotionAwaitingApproval.newBuilder()
        .setPromotionType(PromotionType.MANUAL)
        .setSourceStage("STAGING")
        .setTargetStage("PROD")
        .setRequestedBy(requestedBy)
        .setCommitAuthor("carol@example.com")
        .setRequiredRoles(List.of("release-manager", "platform-lead"))
        .setQuorum(quorum)
        .setTimeoutMs(600_000)
        .setGateSummary("6/6 gates passed");
  }

  @Test
  void aDelegatedDecisionFollowsTheRulesOfThePrincipalThisServiceKnows() {
    String base = "http://localhost:" + port;
    try (TopicProbe probe = new TopicProbe(brokers)) {
      probe.producePromotion(
          "p-slack",
          TopicProbe.artifact("inventory", "2.0.0", 'e'),
          awaiting("release-manager", 1).build());
      String approvalId = io.promoflow.schemas.ApprovalIds.of("p-slack");
      String decide = base + "/api/v1/approvals/" + approvalId + "/decisions";
      Map<String, String> approve = Map.of("decision", "APPROVE");
      // a reject without comment is refused by the rules (400) once the store holds the approval
      Awaitility.await()
          .atMost(WAIT)
          .until(
              () ->
                  delegated(decide, TOKEN, "platform-lead", Map.of("decision", "REJECT")).status()
                      == 400);

      // the credential: missing, wrong, or presented as a user token on the public chain
      assertThat(delegated(decide, null, "platform-lead", approve).status()).isEqualTo(401);
      Http.Response wrong =
          delegated(decide, "not-the-delegation-credential", "platform-lead", approve);
      assertThat(wrong.status()).isEqualTo(401);
      assertThat(wrong.contentType()).startsWith("application/problem+json");
      assertThat(Http.post(decide, TOKEN, approve).status()).isEqualTo(401);

      // only the decisions route
      Http.Response read =
          Http.send(
              HttpRequest.newBuilder(URI.create(base + "/api/v1/approvals"))
                  .header("X-Promoflow-On-Behalf-Of", "platform-lead")
                  .GET(),
              TOKEN);
      assertThat(read.status()).isEqualTo(403);
      assertThat(read.json().get("detail").asString()).contains("accepted only for POST");

      // identities this service cannot resolve, and its own rules
      Http.Response unknown = delegated(decide, TOKEN, "mallory", approve);
      assertThat(unknown.status()).isEqualTo(403);
      assertThat(unknown.json().get("detail").asString())
          .contains("cannot resolve the identity 'mallory'");
      Http.Response noRole = delegated(decide, TOKEN, "dev", approve);
      assertThat(noRole.status()).isEqualTo(403);
      assertThat(noRole.json().get("detail").asString()).contains("dev needs one of the roles");
      Http.Response requester = delegated(decide, TOKEN, "release-manager", approve);
      assertThat(requester.status()).isEqualTo(403);
      assertThat(requester.json().get("detail").asString())
          .contains("release-manager requested this promotion");
      Http.Response noComment =
          delegated(decide, TOKEN, "platform-lead", Map.of("decision", "REJECT"));
      assertThat(noComment.status()).isEqualTo(400);

      Http.Response ok = delegated(decide, TOKEN, "platform-lead", approve);
      assertThat(ok.status()).isEqualTo(202);
      assertThat(ok.json().get("approver").asString()).isEqualTo("platform-lead");
      List<Object> events =
          probe.payloads(
              Topics.APPROVALS, WAIT, p -> p.stream().anyMatch(ApprovalGranted.class::isInstance));
      ApprovalDecisionRecorded recorded =
          events.stream()
              .filter(ApprovalDecisionRecorded.class::isInstance)
              .map(ApprovalDecisionRecorded.class::cast)
              .filter(d -> d.getApprovalId().equals(approvalId))
              .findFirst()
              .orElseThrow();
      assertThat(recorded.getApprover()).isEqualTo("platform-lead");
      assertThat(recorded.getApproverRoles()).containsExactly("platform-lead");
      assertThat(recorded.getApproverEmail()).isEqualTo("platform-lead@promoflow.local");
      // a replayed or double-clicked button: the second decision of the same person is refused
      Awaitility.await()
          .atMost(WAIT)
          .until(() -> delegated(decide, TOKEN, "platform-lead", approve).status() == 409);
    }
  }

  @Test
  void theDelegationCredentialCountsForOnePersonOnlyTowardAQuorum() {
    String base = "http://localhost:" + port;
    try (TopicProbe probe = new TopicProbe(brokers)) {
      probe.producePromotion(
          "p-slack-quorum",
          TopicProbe.artifact("inventory", "2.1.0", 'f'),
          awaiting("dev", 2).build());
      String approvalId = io.promoflow.schemas.ApprovalIds.of("p-slack-quorum");
      String decide = base + "/api/v1/approvals/" + approvalId + "/decisions";
      Map<String, String> approve = Map.of("decision", "APPROVE");
      Awaitility.await()
          .atMost(WAIT)
          .until(() -> delegated(decide, TOKEN, "platform-lead", approve).status() == 202);
      // the same credential speaking for a second mapped person: refused once the first is applied
      Awaitility.await()
          .atMost(WAIT)
          .until(() -> delegated(decide, TOKEN, "release-manager", approve).status() == 409);
      Http.Response second = delegated(decide, TOKEN, "release-manager", approve);
      assertThat(second.json().get("detail").asString())
          .contains("at most one decision per approval may come through a delegated channel");
      // the person's own credential completes the quorum
      assertThat(Http.post(decide, "local-approver-1", approve).status()).isEqualTo(202);
      ApprovalGranted granted =
          probe
              .payloads(
                  Topics.APPROVALS,
                  WAIT,
                  p ->
                      p.stream()
                          .anyMatch(
                              e ->
                                  e instanceof ApprovalGranted g
                                      && g.getApprovalId().equals(approvalId)))
              .stream()
              .filter(e -> e instanceof ApprovalGranted g && g.getApprovalId().equals(approvalId))
              .map(ApprovalGranted.class::cast)
              .findFirst()
              .orElseThrow();
      assertThat(granted.getDecisions())
          .extracting(d -> d.getApprover() + " via " + d.getVia())
          .containsExactly("platform-lead via slack", "release-manager via null");
    }
  }

  @Test
  void aPlatformReleaseIsDecidedFromSlackAsAWholeWithEachComponentDecisionDelegated() {
    String base = "http://localhost:" + port;
    io.promoflow.schemas.common.ReleaseRef release =
        new io.promoflow.schemas.common.ReleaseRef(
            "rel-slack-1", "2026.48.0", "PLATFORM_PATCH", List.of("cart", "payments"));
    try (TopicProbe probe = new TopicProbe(brokers)) {
      char hex = 'a';
      for (String application : release.getComponents()) {
        probe.producePromotion(
            "p-slack-release-" + application,
            TopicProbe.artifact(application, "4.0.1", hex++),
            awaiting("dev", 2).setRelease(release).build());
      }
      String decide = base + "/api/v1/releases/" + release.getReleaseId() + "/decisions";
      Map<String, String> approve = Map.of("decision", "APPROVE", "comment", "from Slack");
      // the route's role check applies to the principal this service knows
      assertThat(delegated(decide, TOKEN, "dev", approve).status()).isEqualTo(403);
      // 404 until the approvals are in the store, 409 "1 of 2" until both are
      Http.Response[] ok = new Http.Response[1];
      Awaitility.await()
          .atMost(WAIT)
          .until(
              () -> (ok[0] = delegated(decide, TOKEN, "platform-lead", approve)).status() == 202);
      assertThat(ok[0].json().get("approvalIds").size()).isEqualTo(2);
      List<String> ids =
          release.getComponents().stream()
              .map(a -> io.promoflow.schemas.ApprovalIds.of("p-slack-release-" + a))
              .toList();
      List<Object> events =
          probe.payloads(
              Topics.APPROVALS,
              WAIT,
              p ->
                  p.stream()
                          .filter(
                              e ->
                                  e instanceof ApprovalDecisionRecorded d
                                      && ids.contains(d.getApprovalId()))
                          .count()
                      == 2);
      assertThat(events)
          .filteredOn(
              e -> e instanceof ApprovalDecisionRecorded d && ids.contains(d.getApprovalId()))
          .extracting(
              e ->
                  ((ApprovalDecisionRecorded) e).getApprover()
                      + " via "
                      + ((ApprovalDecisionRecorded) e).getVia())
          .as("one decision per component, each recorded as delegated")
          .containsExactly("platform-lead via slack", "platform-lead via slack");
      // a quorum of two: the same credential cannot be the second voice of any component
      Awaitility.await()
          .atMost(WAIT)
          .until(() -> delegated(decide, TOKEN, "release-manager", approve).status() == 409);
      assertThat(
              delegated(decide, TOKEN, "release-manager", approve).json().get("detail").asString())
          .contains("at most one decision per approval may come through a delegated channel");
      // the person's own credential is the second voice
      assertThat(Http.post(decide, "local-approver-1", approve).status()).isEqualTo(202);
      List<Object> granted =
          probe.payloads(
              Topics.APPROVALS,
              WAIT,
              p ->
                  p.stream()
                          .filter(
                              e ->
                                  e instanceof ApprovalGranted g && ids.contains(g.getApprovalId()))
                          .count()
                      == 2);
      assertThat(granted)
          .filteredOn(e -> e instanceof ApprovalGranted g && ids.contains(g.getApprovalId()))
          .allSatisfy(
              g ->
                  assertThat(((ApprovalGranted) g).getDecisions())
                      .extracting(d -> d.getApprover() + " via " + d.getVia())
                      .containsExactly("platform-lead via slack", "release-manager via null"));
    }
  }
}
