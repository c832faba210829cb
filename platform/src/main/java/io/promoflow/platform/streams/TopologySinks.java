package io.promoflow.platform.streams;

import io.promoflow.platform.kafka.TopicOwnership;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyDescription;
import org.springframework.kafka.config.KafkaStreamsInfrastructureCustomizer;

/**
 * One writer per topic for Kafka Streams: every sink of a service's topology must be a topic the
 * service may write ({@link TopicOwnership}: its own catalogue topics, the dead-letter topics of
 * what it reads), or one of the topology's own repartition topics. Checked on {@link
 * Topology#describe()} when the Streams client is built, so a topology that writes another
 * service's topic does not start ({@link #check(String)}).
 *
 * <p>Repartition topics ({@code <name>-repartition}, read back by the same topology) are allowed:
 * Kafka Streams prefixes them with the application id, which is the service name, so they stay in
 * the service's own {@code <service>-} topics. A sink whose topic is chosen per record (a {@code
 * TopicNameExtractor}) cannot be checked before it writes and is refused (fail closed).
 */
public final class TopologySinks {

  private TopologySinks() {}

  /**
   * The sink topics of {@code topology}, sorted; a sink with a per-record topic appears as {@code
   * <dynamic: extractor class>}.
   */
  public static Set<String> of(TopologyDescription topology) {
    Set<String> sinks = new TreeSet<>();
    for (TopologyDescription.Subtopology sub : topology.subtopologies()) {
      for (TopologyDescription.Node node : sub.nodes()) {
        if (node instanceof TopologyDescription.Sink sink) {
          Object extractor = sink.topicNameExtractor();
          sinks.add(
              sink.topic() != null
                  ? sink.topic()
                  : "<dynamic: "
                      + (extractor == null ? "?" : extractor.getClass().getName())
                      + ">");
        }
      }
    }
    return sinks;
  }

  /**
   * The sinks of {@code topology} that {@code service} may not write; empty when the topology is
   * allowed.
   */
  public static List<String> foreign(String service, TopologyDescription topology) {
    Set<String> sources = new TreeSet<>();
    for (TopologyDescription.Subtopology sub : topology.subtopologies()) {
      for (TopologyDescription.Node node : sub.nodes()) {
        if (node instanceof TopologyDescription.Source source && source.topicSet() != null) {
          sources.addAll(source.topicSet());
        }
      }
    }
    List<String> foreign = new ArrayList<>();
    for (String sink : of(topology)) {
      boolean ownRepartition = sink.endsWith("-repartition") && sources.contains(sink);
      if (!ownRepartition && !TopicOwnership.mayWrite(service, sink)) {
        foreign.add(sink);
      }
    }
    return foreign;
  }

  /**
   * Refuses a topology of {@code service} that writes a topic the service does not own.
   *
   * @throws TopicOwnership.WrongWriterException naming the foreign sinks
   */
  public static void requireOwned(String service, TopologyDescription topology) {
    List<String> foreign = foreign(service, topology);
    if (!foreign.isEmpty()) {
      throw new TopicOwnership.WrongWriterException(
          "the Kafka Streams topology of '"
              + service
              + "' writes "
              + foreign
              + ", which it does not own; it may write "
              + TopicOwnership.writable(service));
    }
  }

  /**
   * The check as a Streams infrastructure customizer: Spring Kafka calls it with the built topology
   * before it creates the Streams client, so the exception stops the service's start.
   */
  public static KafkaStreamsInfrastructureCustomizer check(String service) {
    return new KafkaStreamsInfrastructureCustomizer() {
      @Override
      public void configureTopology(Topology topology) {
        requireOwned(service, topology.describe());
      }
    };
  }
}
