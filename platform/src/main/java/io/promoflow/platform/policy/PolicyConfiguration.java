package io.promoflow.platform.policy;

import io.promoflow.rules.policy.PipelinePolicy;
import io.promoflow.rules.policy.PolicyLoader;
import io.promoflow.rules.policy.PolicyValidationException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;

/**
 * Loads the pipeline policy at start; an invalid policy stops the service (see {@link
 * PolicyFailureAnalyzer}).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(PolicyProperties.class)
public class PolicyConfiguration {

  @Bean
  PipelinePolicy pipelinePolicy(PolicyProperties properties, ResourceLoader resources) {
    Resource resource = resources.getResource(properties.location());
    if (!resource.exists()) {
      throw new PolicyValidationException(
          properties.location(),
          java.util.List.of("(file): not found; set promoflow.policy.location"));
    }
    try {
      return PolicyLoader.load(
          properties.location(), resource.getContentAsString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read pipeline policy " + properties.location(), e);
    }
  }
}
