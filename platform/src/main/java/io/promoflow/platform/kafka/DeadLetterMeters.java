package io.promoflow.platform.kafka;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.promoflow.schemas.Topic;
import io.promoflow.schemas.Topics;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts dead-lettered records: {@code promoflow_dlt_records_total{service,topic}}, {@code topic}
 * being the topic the record came from. Every dead-letter record's headers are made by {@link
 * DeadLetters#headers}, which counts it here. Kafka Streams instantiates its exception handlers by
 * class name, out of Spring's reach, so the registry is found by the service's name; a service
 * registers its own at start ({@link KafkaPlatformConfiguration}), one per service name in a JVM
 * (the local stack runs every service in one JVM, each with its own registry). Every contract topic
 * starts at 0, so dashboards see the series before the first failure.
 */
public final class DeadLetterMeters {

  static final String NAME = "promoflow.dlt.records";

  private static final Map<String, MeterRegistry> REGISTRIES = new ConcurrentHashMap<>();

  private DeadLetterMeters() {}

  /** Counts {@code service}'s dead letters in {@code registry}, every contract topic at 0. */
  static void register(String service, MeterRegistry registry) {
    REGISTRIES.put(service, registry);
    for (Topic<?> topic : Topics.ALL) {
      counter(registry, service, topic.name());
    }
  }

  /**
   * One more record of {@code service} dead-lettered from the topic of {@code origin} ({@code
   * <topic>-<partition>@<offset>}, or the topic name alone).
   */
  static void count(String service, String origin) {
    MeterRegistry registry = REGISTRIES.get(service);
    if (registry == null) {
      return; // no registry (a topology test): nothing to export to
    }
    counter(registry, service, topicOf(origin)).increment();
  }

  /** The topic of {@code <topic>-<partition>@<offset>}. */
  static String topicOf(String origin) {
    int at = origin.lastIndexOf('@');
    String topicPartition = at < 0 ? origin : origin.substring(0, at);
    int dash = topicPartition.lastIndexOf('-');
    return at < 0 || dash < 0 ? topicPartition : topicPartition.substring(0, dash);
  }

  private static Counter counter(MeterRegistry registry, String service, String topic) {
    return Counter.builder(NAME)
        .description("records dead-lettered to <topic>.dlt by the service")
        .tag("service", service)
        .tag("topic", topic)
        .register(registry);
  }
}
