package io.promoflow.platform.security;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Bearer tokens accepted by the services and who they identify (local stack; production uses an OAuth2 resource
 * server). Tokens are secrets: {@link #toString()} never shows them.
 *
 * @param tokens accepted tokens
 */
@ConfigurationProperties("promoflow.security")
public record SecurityProperties(List<TokenIdentity> tokens) {

  public SecurityProperties {
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
    return "SecurityProperties[" + tokens.size() + " tokens]";
  }

  /**
   * One accepted token.
   *
   * @param token the bearer token (secret)
   * @param user the principal it authenticates
   * @param roles roles of that principal (ci, developer, release-manager, platform-lead, on-call, monitor, admin)
   */
  public record TokenIdentity(String token, String user, List<String> roles) {

    public TokenIdentity {
      roles = roles == null ? List.of() : List.copyOf(roles);
    }

    @Override
    public String toString() {
      return "TokenIdentity[user=" + user + ", roles=" + roles + "]";
    }
  }
}
