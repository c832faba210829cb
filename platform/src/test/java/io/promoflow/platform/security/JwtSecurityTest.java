package io.promoflow.platform.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jwt.JWTClaimsSet;
import io.promoflow.platform.testing.Http;
import io.promoflow.platform.testing.TestJwts;
import java.security.KeyPair;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Production access: JWTs signed by a locally generated key, for audience {@code promoflow-api};
 * the principal is {@code sub} by default, the e-mail address the {@code email} claim or the
 * configured identity.
 */
@SpringBootTest(
    classes = SecuredApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "spring.application.name=secured",
      "spring.config.import=classpath:promoflow-platform.yml",
      "promoflow.policy.location=file:../config/pipeline-local.yaml",
      "spring.kafka.admin.auto-create=false",
      "promoflow.security.mode=jwt",
      "promoflow.security.jwt.audience=promoflow-api",
      "promoflow.security.identities.grace=grace@example.com"
    })
@ActiveProfiles("local")
class JwtSecurityTest {

  static final KeyPair KEYS = TestJwts.rsaKeys();

  @LocalServerPort int port;

  @DynamicPropertySource
  static void publicKey(DynamicPropertyRegistry registry) {
    String location = TestJwts.publicKeyLocation(KEYS);
    registry.add("spring.security.oauth2.resourceserver.jwt.public-key-location", () -> location);
  }

  /**
   * A token for {@code audience} (null: none) of {@code subject} with {@code roles} and maybe an
   * e-mail claim.
   */
  static String jwt(String audience, String subject, List<String> roles, String email)
      throws Exception {
    JWTClaimsSet.Builder claims =
        TestJwts.claims()
            .subject(subject)
            .claim("preferred_username", "shown-" + subject)
            .claim("roles", roles);
    if (audience != null) {
      claims.audience(List.of(audience, "account"));
    }
    if (email != null) {
      claims.claim("email", email);
    }
    return TestJwts.sign(KEYS, claims);
  }

  String url(String path) {
    return "http://localhost:" + port + path;
  }

  @Test
  void theCallerIsTheSubjectWithTheEmailClaimAndRolesFromTheRolesClaim() throws Exception {
    Http.Response me =
        Http.get(
            url("/api/v1/things"),
            jwt("promoflow-api", "erin", List.of("viewer"), "erin@example.com"));
    assertThat(me.status()).isEqualTo(200);
    assertThat(me.json().get("user").asString())
        .as("default principal claim: sub")
        .isEqualTo("erin");
    assertThat(me.json().get("email").asString()).isEqualTo("erin@example.com");
    assertThat(me.json().get("roles").get(0).asString()).isEqualTo("viewer");

    assertThat(
            Http.post(
                    url("/api/v1/things"),
                    jwt("promoflow-api", "erin", List.of("monitor"), null),
                    "{broken",
                    Map.of())
                .status())
        .isEqualTo(403);
    assertThat(
            Http.post(
                    url("/api/v1/things"),
                    jwt("promoflow-api", "erin", List.of("ci"), null),
                    Map.of("a", 1))
                .status())
        .isEqualTo(200);
  }

  @Test
  void withoutAnEmailClaimTheConfiguredIdentityGivesTheAddressElseThereIsNone() throws Exception {
    assertThat(
            Http.get(url("/api/v1/things"), jwt("promoflow-api", "grace", List.of("viewer"), null))
                .json()
                .get("email")
                .asString())
        .isEqualTo("grace@example.com");
    assertThat(
            Http.get(url("/api/v1/things"), jwt("promoflow-api", "henry", List.of("viewer"), null))
                .json()
                .get("email")
                .asString())
        .isEqualTo("null");
  }

  @Test
  void aTokenForAnotherAudienceOrNoneIsUnauthorized() throws Exception {
    Http.Response other =
        Http.get(url("/api/v1/things"), jwt("other-api", "erin", List.of("admin"), null));
    assertThat(other.status()).isEqualTo(401);
    assertThat(other.contentType()).startsWith("application/problem+json");
    assertThat(other.json().get("detail").asString()).contains("audience promoflow-api");
    assertThat(Http.get(url("/api/v1/things"), jwt(null, "erin", List.of("admin"), null)).status())
        .isEqualTo(401);
    assertThat(Http.get(url("/api/v1/things"), "local-ci").status())
        .as("demo tokens mean nothing in jwt mode")
        .isEqualTo(401);
    assertThat(Http.get(url("/api/v1/things"), null).status()).isEqualTo(401);
    assertThat(Http.get(url("/actuator/health"), null).status()).isEqualTo(200);
  }

  @Test
  void jwtModeNeedsAnAudience() {
    assertThatThrownBy(
            () ->
                new SecurityProperties(
                    SecurityProperties.Mode.jwt,
                    null,
                    new SecurityProperties.Jwt(null, null, " ", null),
                    null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("promoflow.security.jwt.audience");
    assertThat(new SecurityProperties(null, null, null, null).jwt().principalClaim())
        .isEqualTo("sub");
  }
}
