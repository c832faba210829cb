package io.promoflow.schemas;

import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Kafka value deserializer for every topic of the catalogue: picks the envelope by topic name. A
 * {@code .dlt} topic is read as its source topic.
 *
 * @throws SerializationException for a topic outside the catalogue or bytes that are not its
 *     envelope
 */
public class CatalogueDeserializer implements Deserializer<Object> {

  @Override
  public Object deserialize(String topic, byte[] data) {
    String name = topic.endsWith(".dlt") ? topic.substring(0, topic.length() - 4) : topic;
    Topic<?> t =
        Topics.byName(name)
            .orElseThrow(
                () -> new SerializationException("topic " + topic + " is not in the catalogue"));
    return t.serde().decode(data);
  }
}
