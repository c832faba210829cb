package io.promoflow.platform.kafka;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How Promoflow's topics are created at start.
 *
 * @param partitions partitions per topic (every topic the same, so that streams are co-partitioned
 *     by application)
 * @param replicationFactor replicas per partition
 * @param retention how long events are kept; 2 years by default (audit retention), never compacted
 */
@ConfigurationProperties("promoflow.kafka.topics")
public record KafkaTopicsProperties(
    @DefaultValue("3") int partitions,
    @DefaultValue("1") short replicationFactor,
    @DefaultValue("730d") Duration retention) {

  public KafkaTopicsProperties {
    if (partitions < 1) {
      throw new IllegalArgumentException("promoflow.kafka.topics.partitions: must be at least 1");
    }
    if (replicationFactor < 1) {
      throw new IllegalArgumentException(
          "promoflow.kafka.topics.replication-factor: must be at least 1");
    }
  }
}
