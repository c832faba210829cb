package io.promoflow.platform.kafka;

import io.promoflow.schemas.Topic;
import io.promoflow.schemas.Topics;
import java.util.Set;
import java.util.TreeSet;

/**
 * One writer per topic, checked in the code as the broker's ACLs check it on the wire (local-stack
 * {@code KafkaAcls}, docs/identities.md): a service may write a catalogue topic only when it is
 * that topic's {@link Topic#writer() writer}, and a dead-letter topic {@code <topic>.dlt} only when
 * it is one of the topic's {@link Topic#readers() readers} (it dead-letters what it consumed and
 * could not process) or its writer (a Kafka Streams topology dead-letters a summary of a result it
 * could not write, such as an oversized one: {@code StreamsDeadLetterHandler}). Everything else is
 * refused, a topic outside the catalogue and an unknown or blank service included (fail closed).
 * The {@link Publisher} checks every publish against it and the Kafka Streams topology check
 * ({@code io.promoflow.platform.streams.TopologySinks}) every sink of a topology.
 */
public final class TopicOwnership {

  private TopicOwnership() {}

  /**
   * Whether {@code service} (its {@code spring.application.name}) may write the topic named {@code
   * topic}.
   */
  public static boolean mayWrite(String service, String topic) {
    if (service == null || service.isBlank() || topic == null) {
      return false;
    }
    for (Topic<?> t : Topics.ALL) {
      if (t.name().equals(topic)) {
        return t.writer().equals(service);
      }
      if (t.deadLetterName().equals(topic)) {
        return t.readers().contains(service) || t.writer().equals(service);
      }
    }
    return false;
  }

  /** Every catalogue and dead-letter topic {@code service} may write, sorted. */
  public static Set<String> writable(String service) {
    Set<String> names = new TreeSet<>();
    for (Topic<?> t : Topics.ALL) {
      for (String name : new String[] {t.name(), t.deadLetterName()}) {
        if (mayWrite(service, name)) {
          names.add(name);
        }
      }
    }
    return names;
  }

  /**
   * Refuses a write of {@code service} to {@code topic} that {@link #mayWrite} does not allow.
   *
   * @throws WrongWriterException naming the topic, the service and the topic's writer
   */
  public static void requireWriter(String service, String topic) {
    if (!mayWrite(service, topic)) {
      String writer = Topics.byName(topic).map(Topic::writer).orElse(null);
      throw new WrongWriterException(
          "service '"
              + service
              + "' may not write "
              + topic
              + (writer == null
                  ? ": not a topic of the catalogue (io.promoflow.schemas.Topics) nor the dead-letter topic of one it reads"
                  : ": its only writer is " + writer)
              + "; it may write "
              + writable(service));
    }
  }

  /** A write to a topic the service does not own: a programming error, never a client's. */
  public static final class WrongWriterException extends IllegalStateException {

    public WrongWriterException(String message) {
      super(message);
    }
  }
}
