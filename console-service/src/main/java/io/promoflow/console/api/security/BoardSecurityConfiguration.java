package io.promoflow.console.api.security;

import io.promoflow.platform.security.SecurityProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;

/**
 * The board's security: its pages, fragments, live events and assets (and nothing under {@code
 * /api/v1/**}, which has its own bearer-only chain). A browser session: every page needs a
 * signed-in person (there is no anonymous or shared viewer access: fail closed), forms carry a CSRF
 * token, sign-out is a POST. Mode {@code tokens} (the local stack): a token entered on {@code
 * /sign-in}, checked against {@code promoflow.security.tokens}. Mode {@code jwt}: OIDC sign-in
 * (Spring Security {@code oauth2Login}) with the registration under {@code
 * spring.security.oauth2.client.registration.*}; its access token must name the services' audience.
 */
@Configuration(proxyBeanMethods = false)
public class BoardSecurityConfiguration {

  /** The routes of the board (everything a browser opens), matched before the platform's chain. */
  static final String[] BOARD_PATHS = {
    "/",
    "/promotions/**",
    "/releases/**",
    "/approvals",
    "/approvals/**",
    "/metrics",
    "/fragments/**",
    "/board/**",
    "/assets/**",
    "/favicon.ico",
    "/sign-in",
    "/sign-out",
    "/login",
    "/login/**",
    "/oauth2/**"
  };

  /** Where the security context of a signed-in browser is kept: its HTTP session. */
  @Bean
  SecurityContextRepository boardSecurityContexts() {
    return new HttpSessionSecurityContextRepository();
  }

  @Bean
  @Order(20)
  SecurityFilterChain boardSecurity(
      HttpSecurity http, SecurityProperties properties, SecurityContextRepository contexts)
      throws Exception {
    http.securityMatcher(BOARD_PATHS)
        .securityContext(c -> c.securityContextRepository(contexts))
        .httpBasic(b -> b.disable())
        .formLogin(f -> f.disable())
        .authorizeHttpRequests(
            a ->
                a.requestMatchers(
                        "/sign-in",
                        "/assets/**",
                        "/favicon.ico",
                        "/login",
                        "/login/**",
                        "/oauth2/**")
                    .permitAll()
                    .anyRequest()
                    .authenticated())
        .logout(l -> l.logoutUrl("/sign-out").logoutSuccessUrl("/sign-in?signedOut"))
        .headers(
            h ->
                h.contentSecurityPolicy(
                    c ->
                        c.policyDirectives(
                            "default-src 'self'; script-src 'self'; style-src 'self'; "
                                + "img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; "
                                + "form-action 'self'")));
    if (properties.mode() == SecurityProperties.Mode.jwt) {
      // one registration: Spring redirects straight to the identity provider
      http.oauth2Login(Customizer.withDefaults());
    } else {
      http.exceptionHandling(
          e -> e.authenticationEntryPoint(new LoginUrlAuthenticationEntryPoint("/sign-in")));
    }
    return http.build();
  }
}
