package io.promoflow.console.api.security;

import io.promoflow.platform.security.SecurityProperties;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Optional;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.security.web.savedrequest.SavedRequest;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Sign-in with a token (mode {@code tokens}, the local stack's documented demo identities): the
 * token must be one of {@code promoflow.security.tokens}, the same list the services accept; it is
 * kept in the HTTP session only and sent as the bearer token of every call to the services. In mode
 * {@code jwt} this page sends the browser to the OIDC sign-in instead.
 */
@Controller
public class TokenSignIn {

  private final SecurityProperties properties;
  private final SecurityContextRepository contexts;
  private final HttpSessionRequestCache savedRequests = new HttpSessionRequestCache();

  public TokenSignIn(SecurityProperties properties, SecurityContextRepository contexts) {
    this.properties = properties;
    this.contexts = contexts;
  }

  /** The sign-in form. */
  @GetMapping("/sign-in")
  public String form(Model model) {
    if (properties.mode() == SecurityProperties.Mode.jwt) {
      return "redirect:/login";
    }
    return "sign-in";
  }

  /**
   * Signs in with {@code token}: back to the page that asked for sign-in (or the board); an unknown
   * token shows the form again with the reason (HTTP 401).
   */
  @PostMapping("/sign-in")
  public String signIn(
      @RequestParam(defaultValue = "") String token,
      HttpServletRequest request,
      HttpServletResponse response,
      Model model) {
    if (properties.mode() == SecurityProperties.Mode.jwt) {
      return "redirect:/login";
    }
    Optional<SecurityProperties.TokenIdentity> identity = properties.identityOf(token.strip());
    if (identity.isEmpty()) {
      response.setStatus(401);
      model.addAttribute("error", token.isBlank() ? "Enter a token." : "Unknown token.");
      return "sign-in";
    }
    SecurityProperties.TokenIdentity id = identity.get();
    // a new session id at sign-in: a session fixed by someone else never carries this identity
    request.getSession(true);
    request.changeSessionId();
    UsernamePasswordAuthenticationToken authentication =
        UsernamePasswordAuthenticationToken.authenticated(
            new Person(id.user(), id.roles(), id.email()),
            null,
            id.roles().stream().map(r -> new SimpleGrantedAuthority("ROLE_" + r)).toList());
    SecurityContext context = SecurityContextHolder.createEmptyContext();
    context.setAuthentication(authentication);
    SecurityContextHolder.setContext(context);
    contexts.saveContext(context, request, response);
    request.getSession().setAttribute(SignedIn.TOKEN, token.strip());
    SavedRequest saved = savedRequests.getRequest(request, response);
    savedRequests.removeRequest(request, response);
    return "redirect:" + (saved == null ? "/" : local(saved.getRedirectUrl()));
  }

  /** Only a path of this console: a saved URL never sends the person to another site. */
  static String local(String url) {
    java.net.URI uri = java.net.URI.create(url);
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    if (!path.startsWith("/") || path.startsWith("//")) {
      return "/";
    }
    return uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
  }
}
