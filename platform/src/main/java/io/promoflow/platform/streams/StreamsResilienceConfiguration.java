package io.promoflow.platform.streams;

import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;
import org.springframework.kafka.config.StreamsBuilderFactoryBeanConfigurer;

/**
 * Every Kafka Streams client of a service replaces a dead stream thread instead of ending in ERROR
 * ({@link StreamThreadFailures}) and reports to health {@code kafkaStreams} ({@link
 * KafkaStreamsHealthIndicator}), which the readiness group includes ({@code
 * promoflow-platform.yml}).
 */
@Configuration(proxyBeanMethods = false)
public class StreamsResilienceConfiguration {

  @Bean
  StreamThreadFailures streamThreadFailures(ObjectProvider<Clock> clock) {
    return new StreamThreadFailures(clock.getIfAvailable(Clock::systemUTC));
  }

  @Bean
  StreamsBuilderFactoryBeanConfigurer replaceDeadStreamThreads(StreamThreadFailures failures) {
    return factory -> factory.setStreamsUncaughtExceptionHandler(failures);
  }

  @Bean
  KafkaStreamsHealthIndicator kafkaStreamsHealthIndicator(
      ObjectProvider<StreamsBuilderFactoryBean> factories, StreamThreadFailures failures) {
    return new KafkaStreamsHealthIndicator(factories, failures);
  }
}
