package io.promoflow.platform.streams;

import io.promoflow.schemas.Topic;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Produced;

/** Reading and writing the contract's topics from a topology, always with the catalogue's serdes. */
public final class Topologies {

  private Topologies() {
  }

  /** A stream of {@code topic}'s envelopes, keyed by application. */
  public static <V extends SpecificRecord> KStream<String, V> stream(StreamsBuilder builder, Topic<V> topic) {
    return builder.stream(topic.name(), Consumed.with(Serdes.String(), topic.serde()));
  }

  /** How to write {@code topic}. */
  public static <V extends SpecificRecord> Produced<String, V> to(Topic<V> topic) {
    return Produced.with(Serdes.String(), topic.serde());
  }
}
