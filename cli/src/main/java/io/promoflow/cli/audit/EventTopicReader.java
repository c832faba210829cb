package io.promoflow.cli.audit;

import io.promoflow.schemas.Topic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Every committed, decodable envelope of one topic, read from Kafka directly (undecodable records
 * are skipped).
 */
public final class EventTopicReader {

  private EventTopicReader() {}

  /**
   * The envelopes of {@code topic} on a plaintext broker; see {@link #read(KafkaConnection,
   * Topic)}.
   */
  public static <V extends SpecificRecord> List<V> read(String bootstrap, Topic<V> topic) {
    return read(KafkaConnection.plaintext(bootstrap), topic);
  }

  /**
   * The envelopes of {@code topic}, from the beginning to the current end, in consumer group {@code
   * promoflow-replay-<random>} (a prefix the read-only audit principal may use), committing
   * nothing.
   */
  public static <V extends SpecificRecord> List<V> read(KafkaConnection kafka, Topic<V> topic) {
    Map<String, Object> config = kafka.consumerConfig("promoflow-replay-" + UUID.randomUUID());
    List<V> out = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic.name(), Duration.ofSeconds(30)).stream()
              .map(p -> new TopicPartition(topic.name(), p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
          try {
            out.add(topic.serde().decode(r.value()));
          } catch (SerializationException undecodable) {
            System.err.println(
                "skipped undecodable record " + r.topic() + "-" + r.partition() + "@" + r.offset());
          }
        }
      }
    }
    return out;
  }
}
