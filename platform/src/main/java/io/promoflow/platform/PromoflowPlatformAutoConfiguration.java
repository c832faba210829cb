package io.promoflow.platform;

import io.promoflow.platform.events.Events;
import io.promoflow.platform.kafka.KafkaPlatformConfiguration;
import io.promoflow.platform.kafka.Publisher;
import io.promoflow.platform.openapi.ApiDocumentation;
import io.promoflow.platform.policy.PolicyConfiguration;
import io.promoflow.platform.security.SecurityConfiguration;
import io.promoflow.platform.streams.InteractiveQueriesConfiguration;
import io.promoflow.platform.streams.StreamsResilienceConfiguration;
import io.promoflow.platform.streams.TopologySinks;
import io.promoflow.platform.web.ProblemResponses;
import io.promoflow.platform.web.RequestSizeConfiguration;
import io.promoflow.rules.policy.PipelinePolicy;
import java.time.Clock;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;
import org.springframework.kafka.core.KafkaOperations;

/** What every Promoflow service gets by depending on {@code platform}. */
@AutoConfiguration
@Import({
  KafkaPlatformConfiguration.class,
  PolicyConfiguration.class,
  SecurityConfiguration.class,
  ProblemResponses.class,
  StreamsResilienceConfiguration.class,
  RequestSizeConfiguration.class,
  InteractiveQueriesConfiguration.class,
  ApiDocumentation.class
})
public class PromoflowPlatformAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean
  Clock clock() {
    return Clock.systemUTC();
  }

  @Bean
  Events events(
      Clock clock, @Value("${spring.application.name}") String service, PipelinePolicy policy) {
    return new Events(clock, service, policy);
  }

  @Bean
  Publisher publisher(
      KafkaOperations<Object, Object> kafka, @Value("${spring.application.name}") String service) {
    return new Publisher(kafka, service);
  }

  /**
   * A stopping service leaves its Streams consumer group at once, so that the next start is not
   * held up until the broker times the old member out (45 s session timeout).
   */
  @Bean
  @ConditionalOnClass(StreamsBuilderFactoryBean.class)
  org.springframework.kafka.config.StreamsBuilderFactoryBeanConfigurer leaveGroupOnClose() {
    return factory -> factory.setLeaveGroupOnClose(true);
  }

  /**
   * One writer per topic: a topology that writes a topic its service does not own refuses to start
   * ({@link TopologySinks}). The factory has one infrastructure customizer; a service that needs
   * its own combines both with {@code CompositeKafkaStreamsInfrastructureCustomizer}.
   */
  @Bean
  @ConditionalOnClass(StreamsBuilderFactoryBean.class)
  org.springframework.kafka.config.StreamsBuilderFactoryBeanConfigurer onlyOwnSinks(
      @Value("${spring.application.name}") String service) {
    return factory -> factory.setInfrastructureCustomizer(TopologySinks.check(service));
  }
}
