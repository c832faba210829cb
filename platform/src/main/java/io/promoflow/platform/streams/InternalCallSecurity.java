package io.promoflow.platform.streams;

import io.promoflow.platform.security.SecurityConfiguration;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The security of {@code /internal/**}, a filter chain of its own ahead of the public one: only a
 * request that presents the internal token of this service ({@code Authorization: Bearer
 * <promoflow.streams.internal-token>}) gets through, as principal {@code <service>-instance} with
 * role {@value #ROLE}. No user token or JWT opens these routes (they expose whole state stores,
 * past the roles the public routes check), and the internal token opens nothing else (the public
 * chain does not know it). Fail closed: no token configured, none presented or a wrong one → 401
 * problem.
 *
 * <p>Why a shared credential and not the caller's own {@code Authorization} forwarded: the public
 * route has already checked the caller's roles on the instance that was asked; the internal routes
 * would have to repeat each route's rule to be safe with a forwarded user token, and a JWT can
 * expire between the two calls. Reads that are not caused by a request (scheduled pollers) have no
 * caller to forward either.
 */
public final class InternalCallSecurity {

  /** The role of another instance of this service. */
  public static final String ROLE = "promoflow-instance";

  private InternalCallSecurity() {}

  /**
   * The filter chain of {@code /internal/**}.
   *
   * @param token the internal token, or null (every internal call is refused)
   * @param service this service's name, for the principal
   */
  public static SecurityFilterChain chain(HttpSecurity http, String token, String service)
      throws Exception {
    return http.securityMatcher("/internal/**")
        .csrf(c -> c.disable())
        .httpBasic(b -> b.disable())
        .formLogin(f -> f.disable())
        .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .addFilterBefore(
            new InternalTokenFilter(token, service + "-instance"),
            UsernamePasswordAuthenticationFilter.class)
        .authorizeHttpRequests(a -> a.anyRequest().hasRole(ROLE))
        .exceptionHandling(
            e ->
                e.authenticationEntryPoint(
                        (req, res, ex) ->
                            SecurityConfiguration.problem(
                                res,
                                401,
                                "Unauthorized",
                                "internal routes need the internal token of this service"))
                    .accessDeniedHandler(
                        (req, res, ex) ->
                            SecurityConfiguration.problem(
                                res,
                                403,
                                "Forbidden",
                                "internal routes are for the instances of this service only")))
        .build();
  }

  /** Authenticates the internal token; any other bearer token answers 401 at once. */
  static final class InternalTokenFilter extends OncePerRequestFilter {

    private final byte[] token;
    private final String principal;

    InternalTokenFilter(String token, String principal) {
      this.token = token == null ? null : token.getBytes(StandardCharsets.UTF_8);
      this.principal = principal;
    }

    @Override
    protected void doFilterInternal(
        HttpServletRequest request, HttpServletResponse response, FilterChain chain)
        throws ServletException, IOException {
      String header = request.getHeader("Authorization");
      if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
        chain.doFilter(request, response); // anonymous: the entry point answers 401
        return;
      }
      if (token == null) {
        SecurityConfiguration.problem(
            response,
            401,
            "Unauthorized",
            "internal calls are refused: promoflow.streams.internal-token is not "
                + "set on this instance");
        return;
      }
      if (!MessageDigest.isEqual(
          token, header.substring(7).strip().getBytes(StandardCharsets.UTF_8))) {
        SecurityConfiguration.problem(response, 401, "Unauthorized", "unknown internal token");
        return;
      }
      SecurityContextHolder.getContext()
          .setAuthentication(
              UsernamePasswordAuthenticationToken.authenticated(
                  principal, null, List.of(new SimpleGrantedAuthority("ROLE_" + ROLE))));
      chain.doFilter(request, response);
    }
  }
}
