package io.promoflow.approval;

import static org.assertj.core.api.Assertions.assertThat;

import io.promoflow.platform.testing.Http;
import io.promoflow.platform.testing.ServiceIntegrationTest;
import io.promoflow.platform.testing.TestJwts;
import io.promoflow.platform.testing.TopicProbe;
import io.promoflow.schemas.Topics;
import io.promoflow.schemas.approvals.ApprovalGranted;
import io.promoflow.schemas.promotions.PromotionAwaitingApproval;
import io.promoflow.schemas.requests.PromotionType;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Production access: an OAuth2 resource server verifying JWTs signed by a locally generated key.
 */
@ServiceIntegrationTest(
    application = ApprovalApplication.class,
    properties = {
      "spring.config.name=approval-service",
      "promoflow.security.mode=jwt",
      "promoflow.security.jwt.roles-claim=groups",
      "promoflow.security.jwt.principal-claim=preferred_username",
      "promoflow.security.jwt.audience=promoflow-api"
    })
class ApprovalJwtIT {

  static final Duration WAIT = Duration.ofSeconds(30);
  static final KeyPair KEYS = TestJwts.rsaKeys();
  static final KeyPair OTHER_KEYS = TestJwts.rsaKeys();

  @LocalServerPort int port;

  @Value("${spring.embedded.kafka.brokers}")
  String brokers;

  @DynamicPropertySource
  static void publicKey(DynamicPropertyRegistry registry) {
    String location = TestJwts.publicKeyLocation(KEYS);
    registry.add("spring.security.oauth2.resourceserver.jwt.public-key-location", () -> location);
  }

  static String jwt(KeyPair keys, String user, List<String> groups) throws Exception {
    return jwt(keys, user, groups, "promoflow-api");
  }

  static String jwt(KeyPair keys, String user, List<String> groups, String audience)
      throws Exception {
    return TestJwts.sign(
        keys,
        TestJwts.claims()
            .subject("id-" + user)
            .audience(audience)
            .claim("email", user + "@example.com")
            .claim("preferred_username", user)
            .claim("groups", groups));
  }

  @Test
  void approversAuthenticateWithJwtsAndTheirRolesComeFromTheConfiguredClaim() throws Exception {
    String base = "http://localhost:" + port;
    try (TopicProbe probe = new TopicProbe(brokers)) {
      probe.producePromotion(
          "p-jwt",
          TopicProbe.artifact("inventory", "1.4.2", 'a'),
          PromotionAwaitingApproval.newBuilder()
              .setPromotionType(PromotionType.MANUAL)
              .setSourceStage("STAGING")
              .setTargetStage("PROD")
              .setRequestedBy("dana")
              .setCommitAuthor("carol@example.com")
              .setRequiredRoles(List.of("release-manager"))
              .setQuorum(1)
              .setTimeoutMs(600_000)
              .setGateSummary("7/7 gates passed")
              .build());
      Http.Response[] list = new Http.Response[1];
      Awaitility.await()
          .atMost(WAIT)
          .until(
              () ->
                  (list[0] =
                                  Http.get(
                                      base + "/api/v1/approvals?status=PENDING",
                                      jwt(KEYS, "vera", List.of("viewer"))))
                              .status()
                          == 200
                      && list[0].json().size() == 1);
      String decide =
          base
              + "/api/v1/approvals/"
              + list[0].json().get(0).get("approvalId").asString()
              + "/decisions";

      assertThat(Http.post(decide, "local-approver-1", Map.of("decision", "APPROVE")).status())
          .as("configured demo tokens mean nothing in jwt mode")
          .isEqualTo(401);
      assertThat(
              Http.post(
                      decide,
                      jwt(OTHER_KEYS, "erin", List.of("release-manager")),
                      Map.of("decision", "APPROVE"))
                  .status())
          .as("signed by another key")
          .isEqualTo(401);
      assertThat(
              Http.post(
                      decide,
                      jwt(KEYS, "erin", List.of("release-manager"), "another-api"),
                      Map.of("decision", "APPROVE"))
                  .status())
          .as("issued for another audience")
          .isEqualTo(401);
      Http.Response requester =
          Http.post(
              decide, jwt(KEYS, "dana", List.of("release-manager")), Map.of("decision", "APPROVE"));
      assertThat(requester.status()).isEqualTo(403);
      assertThat(requester.json().get("detail").asString())
          .contains("dana requested this promotion");
      assertThat(
              Http.post(
                      decide,
                      jwt(KEYS, "frank", List.of("developer")),
                      Map.of("decision", "APPROVE"))
                  .status())
          .isEqualTo(403);
      assertThat(
              Http.post(
                      decide,
                      jwt(KEYS, "erin", List.of("release-manager")),
                      Map.of("decision", "APPROVE"))
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
      assertThat(granted.getApprovers()).containsExactly("erin");
      assertThat(
              probe
                  .payloads(
                      Topics.APPROVALS,
                      WAIT,
                      p ->
                          p.stream()
                              .anyMatch(
                                  io.promoflow.schemas.approvals.ApprovalDecisionRecorded.class
                                      ::isInstance))
                  .stream()
                  .filter(io.promoflow.schemas.approvals.ApprovalDecisionRecorded.class::isInstance)
                  .map(
                      p ->
                          ((io.promoflow.schemas.approvals.ApprovalDecisionRecorded) p)
                              .getApproverEmail()))
          .as("the e-mail comes from the token's email claim")
          .containsExactly("erin@example.com");
    }
  }
}
