package io.promoflow.platform.security;

import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How callers authenticate. {@code tokens} (local stack): bearer tokens from configuration, each
 * naming a user and roles. {@code jwt} (production): an OAuth2 resource server; JWTs are verified
 * by {@code spring.security.oauth2.resourceserver.jwt.issuer-uri} (or {@code public-key-location}),
 * must name {@code jwt.audience} in {@code aud}, the principal is the {@code jwt.principal-claim},
 * the roles the {@code jwt.roles-claim} and the e-mail address the {@code jwt.email-claim} or, for
 * identity providers that do not send one, {@code identities[principal]}. Tokens are secrets:
 * {@link #toString()} never shows them.
 *
 * @param mode tokens or jwt
 * @param tokens accepted tokens (mode tokens)
 * @param jwt claims to read (mode jwt)
 * @param identities principal → e-mail address, used when a JWT carries no e-mail claim (mode jwt)
 */
@ConfigurationProperties("promoflow.security")
public record SecurityProperties(
    Mode mode, List<TokenIdentity> tokens, Jwt jwt, Map<String, String> identities) {

  /** How callers authenticate. */
  public enum Mode {
    tokens,
    jwt
  }

  /**
   * @param principalClaim claim naming the user (default {@code sub}, the one claim every identity
   *     provider sends and that is unique and stable per issuer; set {@code preferred_username} or
   *     {@code email} where the provider guarantees those are unique)
   * @param rolesClaim claim listing the roles (default roles)
   * @param audience the value {@code aud} must contain: this deployment's API (required in mode
   *     jwt, so a token issued for another application is refused with 401)
   * @param emailClaim claim with the user's e-mail address (default email)
   */
  public record Jwt(String principalClaim, String rolesClaim, String audience, String emailClaim) {

    public Jwt {
      principalClaim = principalClaim == null || principalClaim.isBlank() ? "sub" : principalClaim;
      rolesClaim = rolesClaim == null || rolesClaim.isBlank() ? "roles" : rolesClaim;
      emailClaim = emailClaim == null || emailClaim.isBlank() ? "email" : emailClaim;
    }
  }

  public SecurityProperties {
    mode = mode == null ? Mode.tokens : mode;
    jwt = jwt == null ? new Jwt(null, null, null, null) : jwt;
    identities = identities == null ? Map.of() : Map.copyOf(identities);
    if (mode == Mode.jwt && (jwt.audience() == null || jwt.audience().isBlank())) {
      throw new IllegalArgumentException(
          "promoflow.security.jwt.audience is required in mode jwt: without it a token "
              + "the identity provider issued for any other application would be accepted");
    }
    tokens = tokens == null ? List.of() : List.copyOf(tokens);
    for (int i = 0; i < tokens.size(); i++) {
      TokenIdentity t = tokens.get(i);
      if (t.token() == null || t.token().isBlank() || t.user() == null || t.user().isBlank()) {
        throw new IllegalArgumentException(
            "promoflow.security.tokens[" + i + "]: token and user are required");
      }
    }
  }

  /**
   * The identity a presented bearer token stands for, compared in constant time with every
   * configured token; empty for an empty or unknown token (fail closed). The one lookup of the
   * services' bearer filter and the console's token sign-in.
   */
  public java.util.Optional<TokenIdentity> identityOf(String presentedToken) {
    if (presentedToken == null || presentedToken.isEmpty()) {
      return java.util.Optional.empty();
    }
    byte[] presented = presentedToken.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    return tokens.stream()
        .filter(
            t ->
                java.security.MessageDigest.isEqual(
                    t.token().getBytes(java.nio.charset.StandardCharsets.UTF_8), presented))
        .findFirst();
  }

  @Override
  public String toString() {
    return "SecurityProperties[mode="
        + mode
        + ", "
        + tokens.size()
        + " tokens, "
        + jwt
        + ", "
        + identities.size()
        + " identities]";
  }

  /**
   * One accepted token.
   *
   * @param token the bearer token (secret)
   * @param user the principal it authenticates
   * @param roles roles of that principal (ci, developer, release-manager, platform-lead, on-call,
   *     monitor, viewer, admin)
   * @param email the principal's e-mail address (compared with commit authors), or null
   */
  public record TokenIdentity(String token, String user, List<String> roles, String email) {

    public TokenIdentity {
      roles = roles == null ? List.of() : List.copyOf(roles);
    }

    @Override
    public String toString() {
      return "TokenIdentity[user=" + user + ", roles=" + roles + ", email=" + email + "]";
    }
  }
}
