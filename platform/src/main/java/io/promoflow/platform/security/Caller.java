package io.promoflow.platform.security;

import io.promoflow.platform.web.ProblemException;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * The authenticated principal of the current request and its roles.
 *
 * @param user principal name; an approver or requester is always this, never a body field
 * @param roles role names without the {@code ROLE_} prefix
 * @param email the principal's e-mail address, or null when the identity has none (the
 *     commit-author ban then cannot clear this caller: fail closed)
 */
public record Caller(String user, Set<String> roles, String email) {

  /** A caller without a known e-mail address. */
  public Caller(String user, Set<String> roles) {
    this(user, roles, null);
  }

  /**
   * The caller of the current request.
   *
   * @throws ProblemException 401 when the request carries no valid bearer token
   */
  public static Caller current() {
    Authentication auth = SecurityContextHolder.getContext().getAuthentication();
    if (auth == null || !auth.isAuthenticated() || auth instanceof AnonymousAuthenticationToken) {
      throw new ProblemException(
          HttpStatus.UNAUTHORIZED, "Unauthorized", "a bearer token is required", null, null);
    }
    Set<String> roles =
        auth.getAuthorities().stream()
            .map(GrantedAuthority::getAuthority)
            .filter(a -> a.startsWith("ROLE_"))
            .map(a -> a.substring(5))
            .collect(Collectors.toUnmodifiableSet());
    return new Caller(
        auth.getName(), roles, auth.getDetails() instanceof Identity id ? id.email() : null);
  }

  /**
   * The caller, who must hold one of {@code anyOf}.
   *
   * @throws ProblemException 401 without a token, 403 without one of the roles
   */
  public static Caller requireAnyRole(String... anyOf) {
    Caller caller = current();
    if (!caller.hasAnyRole(List.of(anyOf))) {
      throw ProblemException.forbidden(
          caller.user()
              + " needs one of the roles "
              + Arrays.toString(anyOf)
              + " (has "
              + caller.roles()
              + ")");
    }
    return caller;
  }

  /**
   * What an authentication filter knows about the principal besides name and roles, kept as the
   * authentication's details.
   *
   * @param email e-mail address, or null
   */
  public record Identity(String email) {}

  /** True when the caller holds at least one of {@code anyOf}. */
  public boolean hasAnyRole(List<String> anyOf) {
    return anyOf.stream().anyMatch(roles::contains);
  }
}
