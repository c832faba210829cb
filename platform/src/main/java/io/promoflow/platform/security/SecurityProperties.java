package io.promoflow.platform.security;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How callers authenticate. {@code tokens} (local stack): bearer tokens from configuration, each naming a user and
 * roles. {@code jwt} (production): an OAuth2 resource server; JWTs are verified by
 * {@code spring.security.oauth2.resourceserver.jwt.issuer-uri} (or {@code public-key-location}), the principal is the
 * {@code jwt.principal-claim} and the roles the {@code jwt.roles-claim}. Tokens are secrets: {@link #toString()}
 * never shows them.
 *
 * @param mode tokens or jwt
 * @param tokens accepted tokens (mode tokens)
 * @param jwt claims to read (mode jwt)
 */
@ConfigurationProperties("promoflow.security")
public record SecurityProperties(Mode mode, List<TokenIdentity> tokens, Jwt jwt) {

  /** How callers authenticate. */
  public enum Mode { tokens, jwt }

  /**
   * @param principalClaim claim naming the user (default preferred_username)
   * @param rolesClaim claim listing the roles (default roles)
   */
  public record Jwt(String principalClaim, String rolesClaim) {

    public Jwt {
      principalClaim = principalClaim == null ? "preferred_username" : principalClaim;
      rolesClaim = rolesClaim == null ? "roles" : rolesClaim;
    }
  }

  public SecurityProperties {
    mode = mode == null ? Mode.tokens : mode;
    jwt = jwt == null ? new Jwt(null, null) : jwt;
    tokens = tokens == null ? List.of() : List.copyOf(tokens);
    for (int i = 0; i < tokens.size(); i++) {
      TokenIdentity t = tokens.get(i);
      if (t.token() == null || t.token().isBlank() || t.user() == null || t.user().isBlank()) {
        throw new IllegalArgumentException("promoflow.security.tokens[" + i + "]: token and user are required");
      }
    }
  }

  @Override
  public String toString() {
    return "SecurityProperties[mode=" + mode + ", " + tokens.size() + " tokens, " + jwt + "]";
  }

  /**
   * One accepted token.
   *
   * @param token the bearer token (secret)
   * @param user the principal it authenticates
   * @param roles roles of that principal (ci, developer, release-manager, platform-lead, on-call, monitor, admin)
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
