package io.promoflow.approval.api;

import io.promoflow.approval.DelegationProperties;
import io.promoflow.platform.security.Caller;
import io.promoflow.platform.security.SecurityProperties;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Who a delegated principal is, from this service's own identity configuration (docs/identities.md
 * "Delegated decisions"): in mode {@code tokens} the configured token of that user ({@code
 * promoflow.security.tokens}: roles and e-mail); in mode {@code jwt} the roles of {@code
 * promoflow.approvals.delegation.roles.<principal>} and the e-mail of {@code
 * promoflow.security.identities.<principal>}. Fail closed: an unknown principal, or one whose
 * tokens disagree on roles or e-mail, is not resolved (the call is refused).
 */
public final class DelegatedIdentities {

  private final SecurityProperties security;
  private final DelegationProperties delegation;

  /**
   * @throws IllegalStateException when {@code promoflow.approvals.delegation.roles} is set in mode
   *     {@code tokens} (two sources of a principal's roles could disagree)
   */
  public DelegatedIdentities(SecurityProperties security, DelegationProperties delegation) {
    if (security.mode() == SecurityProperties.Mode.tokens && !delegation.roles().isEmpty()) {
      throw new IllegalStateException(
          "promoflow.approvals.delegation.roles is for promoflow.security.mode=jwt only: in mode tokens a "
              + "delegated principal has the roles of its configured token; remove it");
    }
    this.security = security;
    this.delegation = delegation;
  }

  /** The caller {@code principal} is, or empty when this service cannot tell (refuse). */
  public Optional<Caller> resolve(String principal) {
    if (principal == null || principal.isBlank()) {
      return Optional.empty();
    }
    if (security.mode() == SecurityProperties.Mode.jwt) {
      List<String> roles = delegation.roles().get(principal);
      return roles == null
          ? Optional.empty()
          : Optional.of(
              new Caller(principal, Set.copyOf(roles), security.identities().get(principal)));
    }
    List<SecurityProperties.TokenIdentity> tokens =
        security.tokens().stream().filter(t -> principal.equals(t.user())).toList();
    if (tokens.isEmpty()) {
      return Optional.empty();
    }
    SecurityProperties.TokenIdentity first = tokens.get(0);
    Set<String> roles = new HashSet<>(first.roles());
    boolean consistent =
        tokens.stream()
            .allMatch(
                t ->
                    new HashSet<>(t.roles()).equals(roles)
                        && Objects.equals(t.email(), first.email()));
    return consistent
        ? Optional.of(new Caller(principal, Set.copyOf(roles), first.email()))
        : Optional.empty();
  }
}
