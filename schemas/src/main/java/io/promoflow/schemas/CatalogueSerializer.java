package io.promoflow.schemas;

import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Kafka value serializer for every topic of the catalogue: encodes an envelope with its topic's
 * serde. {@code byte[]} values pass through unchanged (dead-letter publishing of undecodable
 * records).
 */
public class CatalogueSerializer implements Serializer<Object> {

  @Override
  @SuppressWarnings({"unchecked", "rawtypes"})
  public byte[] serialize(String topic, Object value) {
    if (value == null || value instanceof byte[]) {
      return (byte[]) value;
    }
    Topic t =
        Topics.byType(value.getClass())
            .orElseThrow(
                () -> new SerializationException("no topic carries " + value.getClass().getName()));
    return t.serde().encode((org.apache.avro.specific.SpecificRecord) value);
  }
}
