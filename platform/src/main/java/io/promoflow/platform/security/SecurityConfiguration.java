package io.promoflow.platform.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authorization.AuthorizationDeniedException;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Bearer security: every route except health, info and metrics ({@code /actuator/health/**}, {@code
 * /actuator/info}, {@code /actuator/prometheus}) and the API's description ({@code GET
 * /v3/api-docs}, Swagger UI under {@code /swagger-ui/}) needs {@code Authorization: Bearer
 * <token>}, reads included (GitHub issue 12 point 4): a configured token (mode {@code tokens}) or a
 * JWT verified as an OAuth2 resource server for {@code promoflow.security.jwt.audience} (mode
 * {@code jwt}). The roles a route needs are declared on the controller method with {@link
 * RequiresRole} and checked here by {@link RouteRoles}, before the body is read. GitHub webhooks
 * authenticate by HMAC signature instead. Failures answer problem+json: 401 for a missing or
 * unknown token, 403 naming the roles the route needs.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSecurity
@EnableConfigurationProperties(SecurityProperties.class)
public class SecurityConfiguration {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** The roles each route needs, read from the controllers' {@link RequiresRole}. */
  @Bean
  static RouteRoles routeRoles(org.springframework.beans.factory.ListableBeanFactory beans) {
    return new RouteRoles(beans);
  }

  @Bean
  SecurityFilterChain promoflowSecurity(
      HttpSecurity http, SecurityProperties properties, RouteRoles routeRoles) throws Exception {
    http.authorizeHttpRequests(
        a ->
            a.requestMatchers(
                    HttpMethod.GET,
                    "/actuator/health",
                    "/actuator/health/**",
                    "/actuator/info",
                    "/actuator/prometheus")
                .permitAll()
                // the API's description and its viewer (issue 17): no data, only what the
                // routes take and answer; the routes themselves stay closed
                .requestMatchers(
                    HttpMethod.GET,
                    "/v3/api-docs",
                    "/v3/api-docs/**",
                    "/v3/api-docs.yaml",
                    "/swagger-ui.html",
                    "/swagger-ui/**")
                .permitAll()
                // webhooks carry an HMAC signature checked by their controller; /error renders
                // problems of other routes
                .requestMatchers("/webhooks/**", "/error")
                .permitAll()
                .anyRequest()
                .access(routeRoles));
    return bearerAuthentication(http, properties).build();
  }

  /**
   * The services' way of authenticating a request, for a filter chain of its own (a service that
   * composes several chains, e.g. the console's API chain, puts its authorization rules on {@code
   * http} and calls this): stateless, no CSRF, no form or basic login, {@code Authorization:
   * Bearer} verified as a configured token or a JWT ({@link SecurityProperties#mode()}), failures
   * answered as problem+json (401 unknown or missing token, 403 naming the roles the route needs).
   *
   * @return {@code http}, to be built by the caller
   */
  public static HttpSecurity bearerAuthentication(HttpSecurity http, SecurityProperties properties)
      throws Exception {
    http.csrf(c -> c.disable())
        .httpBasic(b -> b.disable())
        .formLogin(f -> f.disable())
        .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .exceptionHandling(
            e ->
                e.authenticationEntryPoint(
                        (req, res, ex) ->
                            problem(
                                res,
                                401,
                                "Unauthorized",
                                "this route needs Authorization: Bearer <token>"))
                    .accessDeniedHandler(
                        (req, res, ex) ->
                            problem(
                                res,
                                403,
                                "Forbidden",
                                ex instanceof AuthorizationDeniedException denied
                                        && denied.getAuthorizationResult()
                                            instanceof RouteRoles.RoleDecision decision
                                        && decision.detail() != null
                                    ? decision.detail()
                                    : ex.getMessage())));
    if (properties.mode() == SecurityProperties.Mode.jwt) {
      JwtIdentities converter = new JwtIdentities(properties);
      http.oauth2ResourceServer(
          o ->
              o.jwt(j -> j.jwtAuthenticationConverter(converter))
                  .authenticationEntryPoint(
                      (req, res, ex) ->
                          problem(
                              res,
                              401,
                              "Unauthorized",
                              "invalid or missing bearer JWT: " + ex.getMessage())));
    } else {
      http.addFilterBefore(
          new BearerTokenFilter(properties), UsernamePasswordAuthenticationFilter.class);
    }
    return http;
  }

  /**
   * No form or basic login exists: an empty user store keeps Spring Boot from generating a
   * password.
   */
  @Bean
  org.springframework.security.core.userdetails.UserDetailsService noLoginUsers() {
    return new org.springframework.security.provisioning.InMemoryUserDetailsManager();
  }

  /**
   * Writes an RFC 9457 problem ({@code application/problem+json}: type, title, status, detail) from
   * a security filter chain, where no controller advice runs: the one writer of every chain's 401
   * and 403 (public routes, internal routes, delegated decisions).
   */
  public static void problem(HttpServletResponse res, int status, String title, String detail)
      throws IOException {
    res.setStatus(status);
    res.setContentType("application/problem+json");
    res.getOutputStream()
        .write(
            JSON.writeValueAsBytes(
                Map.of("type", "about:blank", "title", title, "status", status, "detail", detail)));
  }

  /**
   * Authenticates {@code Authorization: Bearer <token>}; a token that is present but unknown
   * answers 401 at once.
   */
  static final class BearerTokenFilter extends OncePerRequestFilter {

    private final SecurityProperties properties;

    BearerTokenFilter(SecurityProperties properties) {
      this.properties = properties;
    }

    @Override
    protected void doFilterInternal(
        HttpServletRequest request, HttpServletResponse response, FilterChain chain)
        throws ServletException, IOException {
      String header = request.getHeader("Authorization");
      if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
        SecurityProperties.TokenIdentity identity =
            properties.identityOf(header.substring(7).strip()).orElse(null);
        if (identity == null) {
          problem(response, 401, "Unauthorized", "unknown bearer token");
          return;
        }
        UsernamePasswordAuthenticationToken authentication =
            UsernamePasswordAuthenticationToken.authenticated(
                identity.user(),
                null,
                identity.roles().stream()
                    .map(r -> new SimpleGrantedAuthority("ROLE_" + r))
                    .toList());
        authentication.setDetails(new Caller.Identity(identity.email()));
        SecurityContextHolder.getContext().setAuthentication(authentication);
      }
      chain.doFilter(request, response);
    }
  }
}
