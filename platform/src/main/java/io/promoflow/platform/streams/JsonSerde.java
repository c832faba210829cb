package io.promoflow.platform.streams;

import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * JSON serde for Kafka Streams state stores (a service's private state, never a topic of the
 * contract: those are Avro). Jackson failures become {@link SerializationException}.
 *
 * @param <T> a record or class Jackson can bind
 */
public final class JsonSerde<T> implements Serde<T> {

  private static final JsonMapper MAPPER =
      JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
  private final Class<T> type;

  public JsonSerde(Class<T> type) {
    this.type = type;
  }

  /**
   * The mapper of every store value: values that cross between instances of a service ({@link
   * StoreQueries}) are written and read with it, exactly as the store writes and reads them.
   */
  static JsonMapper mapper() {
    return MAPPER;
  }

  @Override
  public Serializer<T> serializer() {
    return (topic, value) -> {
      try {
        return value == null ? null : MAPPER.writeValueAsBytes(value);
      } catch (JacksonException e) {
        throw new SerializationException("cannot write " + type.getSimpleName() + " as JSON", e);
      }
    };
  }

  @Override
  public Deserializer<T> deserializer() {
    return (topic, bytes) -> {
      try {
        return bytes == null ? null : MAPPER.readValue(bytes, type);
      } catch (JacksonException e) {
        throw new SerializationException("cannot read " + type.getSimpleName() + " from JSON", e);
      }
    };
  }
}
