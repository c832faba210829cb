package io.promoflow.platform.streams;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.ThreadMetadata;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;

/**
 * Health {@code kafkaStreams}, part of the readiness group: UP only when every Kafka Streams client
 * of the service (every {@link StreamsBuilderFactoryBean} of the context) is RUNNING, each of its
 * stream threads is alive and every state store of its topology is queryable; DOWN while a client
 * starts, rebalances, restores, is stopped or in ERROR, and while stream threads keep dying ({@link
 * StreamThreadFailures}). A service without Kafka Streams is UP. Every store is queried as a
 * key-value store, the only kind Promoflow's topologies use ({@link Stores}).
 */
public class KafkaStreamsHealthIndicator implements HealthIndicator {

  private final ObjectProvider<StreamsBuilderFactoryBean> factories;
  private final StreamThreadFailures failures;

  public KafkaStreamsHealthIndicator(
      ObjectProvider<StreamsBuilderFactoryBean> factories, StreamThreadFailures failures) {
    this.factories = factories;
    this.failures = failures;
  }

  @Override
  public Health health() {
    boolean up = true;
    Map<String, Object> details = new LinkedHashMap<>();
    for (StreamsBuilderFactoryBean factory : factories.orderedStream().toList()) {
      String problem = problem(factory);
      String id =
          String.valueOf(
              factory.getStreamsConfiguration() == null
                  ? "streams"
                  : factory.getStreamsConfiguration().getProperty("application.id", "streams"));
      details.put(id, problem == null ? "RUNNING" : problem);
      up &= problem == null;
    }
    if (failures.crashLooping()) {
      up = false;
      details.put(
          "threadFailures",
          "stream threads keep dying ("
              + failures.total()
              + " replaced); last: "
              + failures.last());
    } else if (failures.total() > 0) {
      details.put("threadsReplaced", failures.total());
    }
    return (up ? Health.up() : Health.down()).withDetails(details).build();
  }

  /** Why {@code factory}'s client is not ready, or null when it is. */
  static String problem(StreamsBuilderFactoryBean factory) {
    KafkaStreams streams = factory.getKafkaStreams();
    if (streams == null || !factory.isRunning()) {
      return "not started";
    }
    KafkaStreams.State state = streams.state();
    if (state != KafkaStreams.State.RUNNING) {
      return state.name();
    }
    for (ThreadMetadata thread : streams.metadataForLocalThreads()) {
      if (!"RUNNING".equals(thread.threadState())) {
        return "thread " + thread.threadName() + " is " + thread.threadState();
      }
    }
    for (String store : stores(factory.getTopology())) {
      try {
        streams.store(
            StoreQueryParameters.fromNameAndType(store, QueryableStoreTypes.keyValueStore()));
      } catch (InvalidStateStoreException e) {
        return "store " + store + " not queryable: " + e.getMessage();
      }
    }
    return null;
  }

  private static Set<String> stores(Topology topology) {
    Set<String> names = new TreeSet<>();
    if (topology == null) {
      return names;
    }
    for (TopologyDescription.Subtopology sub : topology.describe().subtopologies()) {
      for (TopologyDescription.Node node : sub.nodes()) {
        if (node instanceof TopologyDescription.Processor p) {
          names.addAll(p.stores());
        }
      }
    }
    return names;
  }
}
