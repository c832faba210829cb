package io.promoflow.platform.web;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * Registers {@link RequestSizeLimitFilter} on every route, first of all filters: before Spring
 * Security's chain (order -100), so that a 413 comes before any filter or route reads the body.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableConfigurationProperties(WebLimitsProperties.class)
public class RequestSizeConfiguration {

  /**
   * Order of the filter: the highest precedence (the character-encoding filter shares it and reads
   * no body).
   */
  public static final int ORDER = Ordered.HIGHEST_PRECEDENCE;

  @Bean
  FilterRegistrationBean<RequestSizeLimitFilter> requestSizeLimitFilter(
      WebLimitsProperties limits) {
    FilterRegistrationBean<RequestSizeLimitFilter> registration =
        new FilterRegistrationBean<>(new RequestSizeLimitFilter(limits));
    registration.setOrder(ORDER);
    registration.addUrlPatterns("/*");
    return registration;
  }
}
