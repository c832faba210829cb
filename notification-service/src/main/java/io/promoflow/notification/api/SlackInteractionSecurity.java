package io.promoflow.notification.api;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;

/**
 * {@code POST /api/v1/slack/interactions} is called by Slack, which holds no Promoflow token: this
 * filter chain, ahead of the public one, lets exactly that method and path through unauthenticated;
 * the controller refuses it (401) unless Slack's signature verifies. Every other route stays behind
 * the public chain's bearer tokens.
 */
@Configuration(proxyBeanMethods = false)
public class SlackInteractionSecurity {

  @Bean
  @Order(Ordered.HIGHEST_PRECEDENCE + 20)
  SecurityFilterChain promoflowSlackInteractions(HttpSecurity http) throws Exception {
    return http.securityMatcher(
            PathPatternRequestMatcher.withDefaults()
                .matcher(HttpMethod.POST, SlackInteractionController.PATH))
        .csrf(c -> c.disable())
        .httpBasic(b -> b.disable())
        .formLogin(f -> f.disable())
        .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .authorizeHttpRequests(a -> a.anyRequest().permitAll())
        .build();
  }
}
