package io.promoflow.platform;

import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promoflow.platform.kafka.TopicOwnership;
import io.promoflow.platform.streams.Topologies;
import io.promoflow.schemas.Topics;
import io.promoflow.schemas.gates.GateResultsEnvelope;
import java.util.Map;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.config.KafkaStreamsConfiguration;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;

/**
 * The platform's Streams configurer makes a topology that writes another service's topic fail where
 * Spring Kafka builds it ({@code afterSingletonsInstantiated}, during the context refresh), before
 * any Streams client exists.
 */
class OwnSinksAtStartTest {

  /**
   * A factory as a service gets it, with a topology that writes gate results (gate-service's
   * topic).
   */
  static StreamsBuilderFactoryBean factoryOf(String service) throws Exception {
    StreamsBuilderFactoryBean factory =
        new StreamsBuilderFactoryBean(
            new KafkaStreamsConfiguration(
                Map.of(
                    StreamsConfig.APPLICATION_ID_CONFIG,
                    service,
                    StreamsConfig.BOOTSTRAP_SERVERS_CONFIG,
                    "localhost:1")));
    new PromoflowPlatformAutoConfiguration().onlyOwnSinks(service).configure(factory);
    factory.afterPropertiesSet();
    StreamsBuilder builder = factory.getObject();
    Topologies.stream(builder, Topics.PROMOTION_REQUESTS)
        .mapValues(r -> new GateResultsEnvelope())
        .to(Topics.GATE_RESULTS.name(), Topologies.to(Topics.GATE_RESULTS));
    return factory;
  }

  @Test
  void aServiceWritingAnotherServicesTopicDoesNotStart() throws Exception {
    StreamsBuilderFactoryBean factory = factoryOf("promotion-service");
    assertThatThrownBy(factory::afterSingletonsInstantiated)
        .hasRootCauseInstanceOf(TopicOwnership.WrongWriterException.class)
        .rootCause()
        .hasMessageContaining(Topics.GATE_RESULTS.name());
  }

  @Test
  void theTopicsWriterStarts() throws Exception {
    StreamsBuilderFactoryBean factory = factoryOf("gate-service");
    assertThatNoException().isThrownBy(factory::afterSingletonsInstantiated);
  }
}
