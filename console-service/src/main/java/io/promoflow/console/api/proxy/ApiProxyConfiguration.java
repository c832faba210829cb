package io.promoflow.console.api.proxy;

import io.promoflow.console.domain.proxy.Upstream;
import io.promoflow.platform.security.RouteRoles;
import io.promoflow.platform.security.SecurityConfiguration;
import io.promoflow.platform.security.SecurityProperties;
import java.util.Map;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.servlet.handler.SimpleUrlHandlerMapping;

/**
 * The console's {@code /api/v1/**}: its own routes ({@code /api/v1/metrics/**}, Spring MVC
 * controllers, found first) and the proxy to the six services for every other path.
 *
 * <p>Security: two filter chains, both limited to {@code /api/v1/**} and ordered before any other
 * chain of the console ({@link #METRICS_ORDER}, {@link #PROXY_ORDER}; the board's and the
 * platform's come after). The console's own routes authenticate as every service does ({@link
 * SecurityConfiguration#bearerAuthentication}: bearer token or JWT, any authenticated caller may
 * read). Proxied paths pass without a console sign-in or check: the service that answers
 * authenticates and authorizes the forwarded {@code Authorization} itself, so the console can never
 * widen or narrow what a caller may do.
 */
@Configuration(proxyBeanMethods = false)
public class ApiProxyConfiguration {

  /** Order of the chain of the console's own {@code /api/v1/metrics/**}. */
  public static final int METRICS_ORDER = Ordered.HIGHEST_PRECEDENCE + 10;

  /** Order of the proxy's chain: every other {@code /api/v1/**} path. */
  public static final int PROXY_ORDER = Ordered.HIGHEST_PRECEDENCE + 20;

  /**
   * After Spring MVC's annotated controllers (order 0: the console's own routes win), before the
   * static resources ({@code /**}, lowest precedence).
   */
  static final int MAPPING_ORDER = 10;

  @Bean
  SimpleUrlHandlerMapping apiProxyMapping(Upstream upstream) {
    SimpleUrlHandlerMapping mapping =
        new SimpleUrlHandlerMapping(Map.of("/api/v1/**", new ApiProxy(upstream)));
    mapping.setOrder(MAPPING_ORDER);
    return mapping;
  }

  @Bean
  @Order(METRICS_ORDER)
  SecurityFilterChain consoleApiSecurity(
      HttpSecurity http, SecurityProperties properties, RouteRoles routeRoles) throws Exception {
    http.securityMatcher("/api/v1/metrics/**")
        .authorizeHttpRequests(a -> a.anyRequest().access(routeRoles));
    return SecurityConfiguration.bearerAuthentication(http, properties).build();
  }

  @Bean
  @Order(PROXY_ORDER)
  SecurityFilterChain apiProxySecurity(HttpSecurity http) throws Exception {
    return http.securityMatcher("/api/v1/**")
        .authorizeHttpRequests(a -> a.anyRequest().permitAll())
        .csrf(c -> c.disable())
        .httpBasic(b -> b.disable())
        .formLogin(f -> f.disable())
        .anonymous(a -> a.disable())
        .requestCache(r -> r.disable())
        .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .build();
  }
}
