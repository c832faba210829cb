package io.promoflow.schemas;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Avro single-object encoding (marker {@code C3 01}, 8-byte CRC-64-AVRO fingerprint, body) for one
 * generated envelope class. Decodes records written with the current schema and with every released
 * schema of the envelope, so an audit replay years later needs no registry.
 *
 * <p>Every Avro failure (unknown fingerprint, bad header, truncated body) is thrown as Kafka's
 * {@link SerializationException}, which spring-kafka's {@code ErrorHandlingDeserializer} and the
 * Streams deserialization handler route to the dead-letter topic.
 *
 * @param <T> the generated envelope class
 */
public final class AvroSerde<T extends SpecificRecord> implements Serde<T> {

  static {
    AvroTrust.ensure();
  }

  private final Class<T> type;
  private final BinaryMessageEncoder<T> encoder;
  private final BinaryMessageDecoder<T> decoder;

  /**
   * @param type the generated class
   * @param current the schema this code writes
   * @param released every released writer schema that records on the topic may carry
   */
  public AvroSerde(Class<T> type, Schema current, List<Schema> released) {
    this.type = type;
    SpecificData model = SpecificData.getForClass(type);
    this.encoder = new BinaryMessageEncoder<>(model, current);
    this.decoder = new BinaryMessageDecoder<>(model, current);
    released.forEach(decoder::addSchema);
  }

  /** The envelope class this serde reads and writes. */
  public Class<T> type() {
    return type;
  }

  /** Encodes {@code value}; null stays null (a tombstone). */
  public byte[] encode(T value) {
    if (value == null) {
      return null;
    }
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream(256);
      encoder.encode(value, out);
      return out.toByteArray();
    } catch (IOException | AvroRuntimeException e) {
      throw new SerializationException(
          "cannot encode " + type.getSimpleName() + ": " + e.getMessage(), e);
    }
  }

  /**
   * Decodes single-object-encoded bytes.
   *
   * @throws SerializationException when the bytes are not a record of a known schema of this
   *     envelope
   */
  public T decode(byte[] bytes) {
    if (bytes == null) {
      return null;
    }
    try {
      return decoder.decode(bytes);
    } catch (IOException | RuntimeException e) {
      throw new SerializationException("cannot decode " + type.getSimpleName() + ": " + e, e);
    }
  }

  @Override
  public Serializer<T> serializer() {
    return (topic, value) -> encode(value);
  }

  @Override
  public Deserializer<T> deserializer() {
    return (topic, bytes) -> decode(bytes);
  }
}
