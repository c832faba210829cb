package io.promoflow.trigger.flow;

import io.promoflow.platform.streams.Topologies;
import io.promoflow.schemas.Topic;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.WeakHashMap;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.KStream;

/**
 * One source stream per contract topic and builder: Kafka Streams refuses a topic registered by two
 * sources, and both {@link TriggerTopology} and {@link ReleaseTopology} read the builds and
 * verifications topics.
 */
final class TriggerSources {

  /** Builder → topic name → its stream; weak keys as in {@code platform.streams.Stores}. */
  private static final Map<StreamsBuilder, Map<String, KStream<String, ?>>> STREAMS =
      Collections.synchronizedMap(new WeakHashMap<>());

  private TriggerSources() {}

  /** The stream of {@code topic} in {@code builder}, created once ({@link Topologies#stream}). */
  @SuppressWarnings("unchecked")
  static <V extends org.apache.avro.specific.SpecificRecord> KStream<String, V> stream(
      StreamsBuilder builder, Topic<V> topic) {
    synchronized (STREAMS) {
      return (KStream<String, V>)
          STREAMS
              .computeIfAbsent(builder, b -> new HashMap<>())
              .computeIfAbsent(topic.name(), n -> Topologies.stream(builder, topic));
    }
  }
}
