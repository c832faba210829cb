package io.promoflow.cli.audit;

import io.promoflow.schemas.Topics;
import io.promoflow.schemas.audit.AuditEnvelope;
import io.promoflow.schemas.audit.AuditRecorded;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads an audit topic from Kafka directly, no Promoflow service needed: every committed record
 * from the beginning to the current end, decoded with the released schemas (so records written
 * years ago still read).
 */
public final class AuditTopicReader {

  private AuditTopicReader() {}

  /**
   * Every record of {@code topic} on a plaintext broker; see {@link #read(KafkaConnection,
   * String)}.
   */
  public static List<Read> read(String bootstrap, String topic) {
    return read(KafkaConnection.plaintext(bootstrap), topic);
  }

  /**
   * Every record of {@code topic}, ordered by partition and offset, with the envelope's metadata.
   * The consumer group is {@code promoflow-audit-<random>} (the read-only audit principal may use
   * only that prefix) and commits nothing.
   */
  public static List<Read> read(KafkaConnection kafka, String topic) {
    Map<String, Object> config = kafka.consumerConfig("promoflow-audit-" + UUID.randomUUID());
    List<Read> out = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
          out.add(decode(r));
        }
      }
    }
    out.sort(
        Comparator.comparingInt((Read r) -> r.entry().partition())
            .thenComparingLong(r -> r.entry().offset()));
    return out;
  }

  /** One record: its chain entry and, when decodable, its envelope. */
  public record Read(ChainVerifier.Entry entry, AuditEnvelope envelope) {}

  private static Read decode(ConsumerRecord<String, byte[]> r) {
    try {
      AuditEnvelope envelope = Topics.AUDIT.serde().decode(r.value());
      return new Read(
          new ChainVerifier.Entry(
              r.partition(), r.offset(), r.key(), (AuditRecorded) envelope.getPayload()),
          envelope);
    } catch (SerializationException e) {
      return new Read(new ChainVerifier.Entry(r.partition(), r.offset(), r.key(), null), null);
    }
  }
}
