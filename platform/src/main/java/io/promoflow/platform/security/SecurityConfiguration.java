package io.promoflow.platform.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtGrantedAuthoritiesConverter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Bearer security: reads are open, every other route needs {@code Authorization: Bearer <token>}: a configured token
 * (mode {@code tokens}) or a JWT verified as an OAuth2 resource server (mode {@code jwt}); roles are checked by each
 * route through {@link Caller}. GitHub webhooks
 * authenticate by HMAC signature instead. Failures answer problem+json (401 unknown or missing token).
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSecurity
@EnableConfigurationProperties(SecurityProperties.class)
public class SecurityConfiguration {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  @Bean
  SecurityFilterChain promoflowSecurity(HttpSecurity http, SecurityProperties properties) throws Exception {
    http.csrf(c -> c.disable())
        .httpBasic(b -> b.disable())
        .formLogin(f -> f.disable())
        .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .authorizeHttpRequests(a -> a
            .requestMatchers(HttpMethod.GET, "/**").permitAll()
            .requestMatchers("/webhooks/**", "/error").permitAll()
            .anyRequest().authenticated())
        .exceptionHandling(e -> e
            .authenticationEntryPoint((req, res, ex) -> problem(res, 401, "Unauthorized",
                "this route needs Authorization: Bearer <token>"))
            .accessDeniedHandler((req, res, ex) -> problem(res, 403, "Forbidden", ex.getMessage())));
    if (properties.mode() == SecurityProperties.Mode.jwt) {
      JwtGrantedAuthoritiesConverter roles = new JwtGrantedAuthoritiesConverter();
      roles.setAuthoritiesClaimName(properties.jwt().rolesClaim());
      roles.setAuthorityPrefix("ROLE_");
      JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
      converter.setJwtGrantedAuthoritiesConverter(roles);
      converter.setPrincipalClaimName(properties.jwt().principalClaim());
      http.oauth2ResourceServer(o -> o.jwt(j -> j.jwtAuthenticationConverter(converter))
          .authenticationEntryPoint((req, res, ex) -> problem(res, 401, "Unauthorized",
              "invalid or missing bearer JWT: " + ex.getMessage())));
    } else {
      http.addFilterBefore(new BearerTokenFilter(properties), UsernamePasswordAuthenticationFilter.class);
    }
    return http.build();
  }

  /** No form or basic login exists: an empty user store keeps Spring Boot from generating a password. */
  @Bean
  org.springframework.security.core.userdetails.UserDetailsService noLoginUsers() {
    return new org.springframework.security.provisioning.InMemoryUserDetailsManager();
  }

  static void problem(HttpServletResponse res, int status, String title, String detail) throws IOException {
    res.setStatus(status);
    res.setContentType("application/problem+json");
    res.getOutputStream().write(JSON.writeValueAsBytes(Map.of("type", "about:blank", "title", title,
        "status", status, "detail", detail)));
  }

  /** Authenticates {@code Authorization: Bearer <token>}; a token that is present but unknown answers 401 at once. */
  static final class BearerTokenFilter extends OncePerRequestFilter {

    private final SecurityProperties properties;

    BearerTokenFilter(SecurityProperties properties) {
      this.properties = properties;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
        throws ServletException, IOException {
      String header = request.getHeader("Authorization");
      if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
        byte[] presented = header.substring(7).strip().getBytes(StandardCharsets.UTF_8);
        SecurityProperties.TokenIdentity identity = properties.tokens().stream()
            .filter(t -> MessageDigest.isEqual(t.token().getBytes(StandardCharsets.UTF_8), presented))
            .findFirst().orElse(null);
        if (identity == null) {
          problem(response, 401, "Unauthorized", "unknown bearer token");
          return;
        }
        UsernamePasswordAuthenticationToken authentication = UsernamePasswordAuthenticationToken.authenticated(
            identity.user(), null, identity.roles().stream().map(r -> new SimpleGrantedAuthority("ROLE_" + r)).toList());
        authentication.setDetails(new Caller.Identity(identity.email()));
        SecurityContextHolder.getContext().setAuthentication(authentication);
      }
      chain.doFilter(request, response);
    }
  }
}
