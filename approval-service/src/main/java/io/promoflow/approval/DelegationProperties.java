package io.promoflow.approval;

import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Decisions another Promoflow service records on behalf of a person (GitHub issue 17 point 3:
 * approve from Slack). notification-service verifies Slack's signature, maps the Slack user to a
 * principal and calls {@code POST /api/v1/approvals/{approvalId}/decisions} with {@code
 * Authorization: Bearer <token>} and {@code X-Promoflow-On-Behalf-Of: <principal>}; this service
 * resolves that principal's roles and e-mail from its own identity configuration and applies the
 * same route, roles and rules as for the person's own token. The credential opens nothing else.
 *
 * @param token the delegation credential (env {@code PROMOFLOW_APPROVALS_DELEGATION_TOKEN}), shared
 *     with the delegating service only; at least 16 characters. Unset: every delegated call is
 *     refused (401). A secret: {@link #toString()} never shows it
 * @param delegator who holds the credential, named in the log of each delegated decision (default
 *     {@code notification-service})
 * @param roles principal → roles, the directory of delegated principals in {@code
 *     promoflow.security.mode=jwt} (where roles otherwise come only from each person's JWT); in
 *     mode {@code tokens} the roles of the principal's configured token are used and this must be
 *     empty. A principal found in neither is refused (403)
 */
@ConfigurationProperties("promoflow.approvals.delegation")
public record DelegationProperties(
    String token,
    @DefaultValue("notification-service") String delegator,
    Map<String, List<String>> roles) {

  /** Shortest delegation credential accepted. */
  public static final int MIN_TOKEN_LENGTH = 16;

  public DelegationProperties {
    token = token == null || token.isBlank() ? null : token.strip();
    if (token != null && token.length() < MIN_TOKEN_LENGTH) {
      throw new IllegalArgumentException(
          "promoflow.approvals.delegation.token: at least " + MIN_TOKEN_LENGTH + " characters");
    }
    roles = roles == null ? Map.of() : Map.copyOf(roles);
  }

  @Override
  public String toString() {
    return "DelegationProperties[token="
        + (token == null ? "unset" : "set")
        + ", delegator="
        + delegator
        + ", roles="
        + roles
        + "]";
  }
}
