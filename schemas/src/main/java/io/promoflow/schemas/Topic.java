package io.promoflow.schemas;

import java.util.List;
import org.apache.avro.specific.SpecificRecord;

/**
 * One Kafka topic of the contract: its name, its envelope type and the serde of its values. Keys
 * are always the application name (UTF-8 string).
 *
 * @param name topic name, with its version suffix
 * @param writer the only service that writes the topic (its Kafka principal: docs/identities.md)
 * @param serde Avro single-object serde of the envelope
 * @param readers the services that consume the topic (each service's topology and listeners); the
 *     broker's ACLs grant READ to exactly these, and WRITE on {@link #deadLetterName()} for their
 *     unprocessable records
 * @param <V> the envelope class
 */
public record Topic<V extends SpecificRecord>(
    String name, String writer, AvroSerde<V> serde, List<String> readers) {

  public Topic {
    readers = List.copyOf(readers);
  }

  /** Name of this topic's dead-letter topic: {@code <topic>.dlt}. */
  public String deadLetterName() {
    return name + ".dlt";
  }

  /** The envelope class. */
  public Class<V> type() {
    return serde.type();
  }
}
