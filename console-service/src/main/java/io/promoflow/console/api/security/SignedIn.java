package io.promoflow.console.api.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.util.List;
import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizedClientRepository;
import org.springframework.stereotype.Component;

/**
 * The signed-in person of the current request and the bearer token the board calls the services
 * with: the token entered on the sign-in form (mode {@code tokens}, kept in the HTTP session only)
 * or the access token of the OIDC sign-in (mode {@code jwt}). No person, no token: the board
 * requires sign-in for every page (fail closed; there is no shared viewer token).
 */
@Component
public class SignedIn {

  /** Session attribute holding the token of mode {@code tokens}. */
  static final String TOKEN = "promoflow.console.token";

  private final ObjectProvider<OAuth2AuthorizedClientRepository> authorizedClients;

  public SignedIn(ObjectProvider<OAuth2AuthorizedClientRepository> authorizedClients) {
    this.authorizedClients = authorizedClients;
  }

  /** The person signed in, or empty. */
  public Optional<Person> person() {
    Authentication auth = SecurityContextHolder.getContext().getAuthentication();
    if (auth == null || !auth.isAuthenticated()) {
      return Optional.empty();
    }
    if (auth.getPrincipal() instanceof Person p) {
      return Optional.of(p);
    }
    if (auth instanceof OAuth2AuthenticationToken oauth) {
      List<String> roles =
          oauth.getAuthorities().stream()
              .map(GrantedAuthority::getAuthority)
              .filter(a -> a.startsWith("ROLE_"))
              .map(a -> a.substring(5))
              .toList();
      Object email = oauth.getPrincipal().getAttributes().get("email");
      return Optional.of(
          new Person(oauth.getName(), roles, email == null ? null : email.toString()));
    }
    return Optional.empty();
  }

  /**
   * The bearer token for the services' routes, or empty when nobody is signed in or the OIDC
   * session holds no access token any more.
   */
  public Optional<String> token(HttpServletRequest request) {
    Authentication auth = SecurityContextHolder.getContext().getAuthentication();
    if (auth instanceof OAuth2AuthenticationToken oauth) {
      OAuth2AuthorizedClientRepository repository = authorizedClients.getIfAvailable();
      if (repository == null) {
        return Optional.empty();
      }
      OAuth2AuthorizedClient client =
          repository.loadAuthorizedClient(
              oauth.getAuthorizedClientRegistrationId(), oauth, request);
      return client == null || client.getAccessToken() == null
          ? Optional.empty()
          : Optional.of(client.getAccessToken().getTokenValue());
    }
    HttpSession session = request.getSession(false);
    return session == null || !(session.getAttribute(TOKEN) instanceof String token)
        ? Optional.empty()
        : Optional.of(token);
  }
}
