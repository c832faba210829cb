package io.promoflow.platform.streams;

import io.promoflow.schemas.Topic;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.WeakHashMap;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Produced;

/**
 * Reading and writing the contract's topics from a topology, always with the catalogue's serdes.
 */
public final class Topologies {

  private Topologies() {}

  /**
   * Builder → topic name → its source stream. Weak keys as in {@link Stores}: a builder that is
   * gone takes its entries with it.
   */
  private static final Map<StreamsBuilder, Map<String, KStream<String, ?>>> SOURCES =
      Collections.synchronizedMap(new WeakHashMap<>());

  /**
   * A stream of {@code topic}'s envelopes, keyed by application. One source per topic and builder:
   * Kafka Streams refuses a topic registered by two sources, so two sub-topologies of one service
   * that read the same topic (trigger-service's triggers and release coordinator) share the stream
   * the first call created.
   */
  @SuppressWarnings("unchecked")
  public static <V extends SpecificRecord> KStream<String, V> stream(
      StreamsBuilder builder, Topic<V> topic) {
    synchronized (SOURCES) {
      return (KStream<String, V>)
          SOURCES
              .computeIfAbsent(builder, b -> new HashMap<>())
              .computeIfAbsent(
                  topic.name(),
                  n -> builder.stream(n, Consumed.with(Serdes.String(), topic.serde())));
    }
  }

  /**
   * Largest value a topology writes: 1,000,000 bytes, below the producer's {@code max.request.size}
   * and the broker's {@code message.max.bytes} (both 1 MiB by default) with room for key and
   * headers. A larger value fails as a serialization error, which the production exception handler
   * dead-letters as a summary; sent as it is, it would fail in the producer and abort the
   * exactly-once transaction over and over.
   */
  public static final int MAX_RECORD_BYTES = 1_000_000;

  /** How to write {@code topic}: its serde, refusing values above {@link #MAX_RECORD_BYTES}. */
  public static <V extends SpecificRecord> Produced<String, V> to(Topic<V> topic) {
    Serializer<V> serializer = topic.serde().serializer();
    Serializer<V> limited =
        (name, value) -> {
          byte[] bytes = serializer.serialize(name, value);
          if (bytes != null && bytes.length > MAX_RECORD_BYTES) {
            throw new RecordTooLargeException(
                "record for "
                    + name
                    + " is "
                    + bytes.length
                    + " bytes, more than "
                    + MAX_RECORD_BYTES);
          }
          return bytes;
        };
    return Produced.with(Serdes.String(), Serdes.serdeFrom(limited, topic.serde().deserializer()));
  }

  /** A serialized value over {@link #MAX_RECORD_BYTES}. */
  public static final class RecordTooLargeException extends SerializationException {

    RecordTooLargeException(String message) {
      super(message);
    }
  }
}
