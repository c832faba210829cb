package io.promoflow.platform.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.promoflow.platform.testing.Http;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/**
 * Token mode with the local identities: every read needs a token, route roles are checked before
 * the body.
 */
@SpringBootTest(
    classes = SecuredApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "spring.application.name=secured",
      "spring.config.import=classpath:promoflow-platform.yml",
      "promoflow.policy.location=file:../config/pipeline-local.yaml",
      "spring.kafka.admin.auto-create=false"
    })
@ActiveProfiles("local")
class RouteSecurityTest {

  @LocalServerPort int port;

  String url(String path) {
    return "http://localhost:" + port + path;
  }

  @Test
  void readsNeedATokenOfAnyRoleButHealthAndMetricsStayOpen() {
    Http.Response anonymous = Http.get(url("/api/v1/things"), null);
    assertThat(anonymous.status()).isEqualTo(401);
    assertThat(anonymous.contentType()).startsWith("application/problem+json");
    assertThat(Http.get(url("/api/v1/things"), "not-a-token").status()).isEqualTo(401);

    Http.Response viewer = Http.get(url("/api/v1/things"), Http.VIEWER);
    assertThat(viewer.status()).isEqualTo(200);
    assertThat(viewer.json().get("user").asString()).isEqualTo("viewer");
    assertThat(viewer.json().get("email").asString()).isEqualTo("viewer@promoflow.local");

    assertThat(Http.get(url("/actuator/health"), null).status()).isEqualTo(200);
    assertThat(Http.get(url("/actuator/health/liveness"), null).status()).isEqualTo(200);
    assertThat(Http.get(url("/actuator/prometheus"), null).status()).isEqualTo(200);
    assertThat(Http.get(url("/actuator/info"), null).status()).isEqualTo(200);
    assertThat(Http.get(url("/actuator"), null).status())
        .as("only health, info and metrics are open")
        .isEqualTo(401);
  }

  @Test
  void aReadWithRolesRefusesOtherRolesAndTheMostSpecificRouteDecides() {
    Http.Response viewer = Http.get(url("/api/v1/things/secret"), Http.VIEWER);
    assertThat(viewer.status()).isEqualTo(403);
    assertThat(viewer.contentType()).startsWith("application/problem+json");
    assertThat(viewer.json().get("detail").asString())
        .contains("viewer needs one of the roles [admin, ci]");
    assertThat(Http.get(url("/api/v1/things/secret"), null).status()).isEqualTo(401);
    assertThat(Http.get(url("/api/v1/things/secret"), "local-ci").body()).isEqualTo("secret");
    assertThat(Http.get(url("/api/v1/things/other"), Http.VIEWER).body()).isEqualTo("thing");
    assertThat(
            Http.send(
                    HttpRequest.newBuilder(URI.create(url("/api/v1/things/secret")))
                        .method("HEAD", HttpRequest.BodyPublishers.noBody()),
                    Http.VIEWER)
                .status())
        .as("HEAD is served by the GET handler and needs its roles")
        .isEqualTo(403);
  }

  @Test
  void aCallerWithoutTheRoleIsRefusedBeforeTheBodyIsRead() {
    int before = SecuredApplication.BODIES_READ.get();
    String unparseable = "{\"not json" + "x".repeat(1_000_000);

    Http.Response monitor =
        Http.post(url("/api/v1/things"), "local-monitor", unparseable, Map.of());
    assertThat(monitor.status()).isEqualTo(403);
    assertThat(monitor.contentType()).startsWith("application/problem+json");
    assertThat(monitor.json().get("detail").asString())
        .contains("monitor needs one of the roles [ci]");
    assertThat(Http.post(url("/api/v1/things"), null, unparseable, Map.of()).status())
        .isEqualTo(401);
    Http.Response multipart =
        Http.send(
            HttpRequest.newBuilder(URI.create(url("/api/v1/things")))
                .header("Content-Type", "multipart/form-data; boundary=x")
                .POST(HttpRequest.BodyPublishers.ofString("--x\r\nbroken")),
            "local-monitor");
    assertThat(multipart.status()).isEqualTo(403);
    assertThat(SecuredApplication.BODIES_READ.get()).isEqualTo(before);

    assertThat(Http.post(url("/api/v1/things"), "local-ci", unparseable, Map.of()).status())
        .as("the holder of the role gets as far as parsing")
        .isEqualTo(400);
    assertThat(
            Http.post(url("/api/v1/things"), "local-ci", Map.of("a", 1))
                .json()
                .get("user")
                .asString())
        .isEqualTo("ci");
  }

  @Test
  void approverRoutesAcceptTheRolesThePolicyLetsApprove() {
    String decide = url("/api/v1/things/t-1/decisions");
    // config/pipeline-local.yaml: release-manager and platform-lead approve PROD, on-call approves
    // hotfixes
    assertThat(Http.post(decide, "local-approver-1", Map.of()).status()).isEqualTo(200);
    assertThat(Http.post(decide, "local-approver-2", Map.of()).status()).isEqualTo(200);
    assertThat(Http.post(decide, "local-oncall", Map.of()).status()).isEqualTo(200);
    Http.Response dev = Http.post(decide, "local-dev", Map.of());
    assertThat(dev.status()).isEqualTo(403);
    assertThat(dev.json().get("detail").asString())
        .contains("on-call", "platform-lead", "release-manager");
    assertThat(Http.post(decide, Http.VIEWER, Map.of()).status()).isEqualTo(403);
  }
}
