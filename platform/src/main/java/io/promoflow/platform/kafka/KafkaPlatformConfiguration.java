package io.promoflow.platform.kafka;

import io.promoflow.schemas.Topic;
import io.promoflow.schemas.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.FixedBackOff;

/**
 * Kafka wiring every service shares: the contract's topics and their dead-letter topics created at
 * start, and one listener error handler that retries twice and then publishes the record to {@code
 * <topic>.dlt} with the reason; every {@link KafkaTemplate} refuses a topic the service does not
 * own ({@link OwnTopicsOnly}). Producer, consumer and Streams settings (acks=all, idempotence,
 * read_committed, exactly_once_v2) are in {@code promoflow-platform.yml}.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(KafkaTopicsProperties.class)
public class KafkaPlatformConfiguration {

  @Bean
  KafkaAdmin.NewTopics promoflowTopics(KafkaTopicsProperties props) {
    Map<String, String> config =
        Map.of(
            TopicConfig.RETENTION_MS_CONFIG,
            String.valueOf(props.retention().toMillis()),
            TopicConfig.CLEANUP_POLICY_CONFIG,
            TopicConfig.CLEANUP_POLICY_DELETE);
    List<NewTopic> topics = new ArrayList<>();
    for (Topic<?> topic : Topics.ALL) {
      topics.add(
          new NewTopic(topic.name(), props.partitions(), props.replicationFactor())
              .configs(config));
      topics.add(
          new NewTopic(topic.deadLetterName(), props.partitions(), props.replicationFactor())
              .configs(config));
    }
    return new KafkaAdmin.NewTopics(topics.toArray(NewTopic[]::new));
  }

  /**
   * Every {@link KafkaTemplate} of the service writes only the topics it owns ({@link
   * OwnTopicsOnly}); a service without a name writes nothing (fail closed).
   */
  @Bean
  static BeanPostProcessor promoflowOwnTopicsOnly(Environment environment) {
    return new BeanPostProcessor() {
      @Override
      public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (bean instanceof KafkaTemplate<?, ?> template) {
          OwnTopicsOnly.install(template, environment.getProperty("spring.application.name", ""));
        }
        return bean;
      }
    };
  }

  /** {@code promoflow_dlt_records_total} of this service ({@link DeadLetterMeters}). */
  @Bean
  org.springframework.beans.factory.SmartInitializingSingleton promoflowDeadLetterMeters(
      org.springframework.beans.factory.ObjectProvider<io.micrometer.core.instrument.MeterRegistry>
          registry,
      @Value("${spring.application.name}") String service) {
    return () -> registry.ifAvailable(r -> DeadLetterMeters.register(service, r));
  }

  @Bean
  DefaultErrorHandler promoflowErrorHandler(
      KafkaOperations<Object, Object> template,
      @Value("${spring.application.name}") String service) {
    DeadLetterPublishingRecoverer recoverer =
        new DeadLetterPublishingRecoverer(
            template, (record, ex) -> new TopicPartition(DeadLetters.topicFor(record.topic()), -1));
    recoverer.setHeadersFunction(
        (record, ex) ->
            DeadLetters.headers(
                null,
                ex,
                record.topic() + "-" + record.partition() + "@" + record.offset(),
                service));
    return new DefaultErrorHandler(recoverer, new FixedBackOff(200L, 2L));
  }
}
