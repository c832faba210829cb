package io.promoflow.platform.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.promoflow.platform.web.ProblemException;
import io.promoflow.schemas.Topics;
import io.promoflow.schemas.builds.BuildCompleted;
import io.promoflow.schemas.builds.BuildsEnvelope;
import io.promoflow.schemas.common.ArtifactRef;
import io.promoflow.schemas.common.EventMetadata;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.YamlPropertiesFactoryBean;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.HttpStatus;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Broker outage = prompt 503: the producer settings shipped in promoflow-platform.yml bound a
 * publish.
 */
class PublisherTest {

  /** The bound the HTTP routes promise (issue 11): a 503 within 15 s. */
  static final Duration BOUND = Duration.ofSeconds(15);

  static Map<String, Object> shippedProducerSettings() {
    io.promoflow.schemas.AvroTrust.ensure();
    YamlPropertiesFactoryBean yaml = new YamlPropertiesFactoryBean();
    yaml.setResources(new ClassPathResource("promoflow-platform.yml"));
    Properties all = yaml.getObject();
    Map<String, Object> config = new HashMap<>();
    String prefix = "spring.kafka.producer.properties.";
    all.forEach(
        (k, v) -> {
          if (k.toString().startsWith(prefix)) {
            config.put(k.toString().substring(prefix.length()), v.toString());
          }
        });
    config.put(ProducerConfig.ACKS_CONFIG, all.get("spring.kafka.producer.acks").toString());
    return config;
  }

  @Test
  void aPublishWithoutABrokerFailsWithin15SecondsAs503() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    Map<String, Object> config = shippedProducerSettings();
    assertThat(config)
        .containsKeys(
            "max.block.ms", "delivery.timeout.ms", "request.timeout.ms", "transaction.timeout.ms");
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + closedPort);
    config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    config.put(
        ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
        io.promoflow.schemas.CatalogueSerializer.class);
    DefaultKafkaProducerFactory<Object, Object> factory = new DefaultKafkaProducerFactory<>(config);
    factory.setTransactionIdPrefix("publisher-test-tx-");
    Publisher publisher = new Publisher(new KafkaTemplate<>(factory), "trigger-service");
    BuildsEnvelope build =
        new BuildsEnvelope(
            EventMetadata.newBuilder()
                .setEventId("e")
                .setOccurredAt(Instant.now())
                .setActor("t")
                .setSource("t")
                .setArtifact(new ArtifactRef("inventory", "1.0.0", "sha256:" + "a".repeat(64)))
                .build(),
            BuildCompleted.newBuilder()
                .setSourceCommit("b".repeat(40))
                .setPipelineRunId("1")
                .setBuildFinishedAt(Instant.now())
                .build());
    try {
      long start = System.nanoTime();
      ProblemException refused =
          catchThrowableOfType(
              ProblemException.class, () -> publisher.publish(Topics.BUILDS, "inventory", build));
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      assertThat(refused).isNotNull();
      assertThat(refused.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
      assertThat(took).as("publish answered after %s", took).isLessThan(BOUND);

      // the next request does not wait the bound again while the broker counts as down
      long again = System.nanoTime();
      ProblemException fast =
          catchThrowableOfType(
              ProblemException.class, () -> publisher.publish(Topics.BUILDS, "inventory", build));
      assertThat(fast.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
      assertThat(Duration.ofNanos(System.nanoTime() - again)).isLessThan(Duration.ofSeconds(1));
    } finally {
      factory.destroy();
    }
  }
}
