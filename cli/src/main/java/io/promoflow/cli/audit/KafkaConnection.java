package io.promoflow.cli.audit;

import io.promoflow.schemas.KafkaCredentials;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerConfig;

/**
 * Where and as whom the audit commands read Kafka: a read-only principal ({@code promoflow-audit}
 * on Promoflow's brokers, docs/identities.md), or plaintext when no credentials are given.
 *
 * @param bootstrap bootstrap servers, e.g. {@code localhost:9092}
 * @param credentials SASL credentials, or empty for a plaintext broker
 */
public record KafkaConnection(String bootstrap, Optional<KafkaCredentials> credentials) {

  /** A plaintext connection. */
  public static KafkaConnection plaintext(String bootstrap) {
    return new KafkaConnection(bootstrap, Optional.empty());
  }

  /** A read_committed consumer's settings in group {@code groupId}, committing nothing. */
  Map<String, Object> consumerConfig(String groupId) {
    Map<String, Object> config = new HashMap<>();
    credentials.ifPresent(c -> config.putAll(c.clientProperties()));
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    config.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    return config;
  }
}
