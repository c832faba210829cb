package io.promoflow.platform.testing;

import io.promoflow.schemas.CatalogueDeserializer;
import io.promoflow.schemas.Topic;
import io.promoflow.schemas.Topics;
import io.promoflow.schemas.builds.BuildCompleted;
import io.promoflow.schemas.builds.BuildsEnvelope;
import io.promoflow.schemas.common.ArtifactRef;
import io.promoflow.schemas.common.EventMetadata;
import io.promoflow.schemas.promotions.PromotionsEnvelope;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;

/** Reads and writes the contract's topics on a test broker, as an outside client would. */
public final class TopicProbe implements AutoCloseable {

  private final String bootstrap;
  private final List<KafkaConsumer<String, Object>> consumers = new ArrayList<>();

  public TopicProbe(String bootstrap) {
    this.bootstrap = bootstrap;
  }

  /**
   * Every committed record of {@code topic} read so far, once {@code until} holds; a .dlt topic's
   * values are raw bytes.
   */
  public List<ConsumerRecord<String, Object>> read(
      String topic, Duration wait, Predicate<List<ConsumerRecord<String, Object>>> until) {
    boolean dlt = topic.endsWith(".dlt");
    org.apache.kafka.common.serialization.Deserializer<Object> raw = (t, bytes) -> bytes;
    KafkaConsumer<String, Object> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG,
                "probe-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed"),
            new StringDeserializer(),
            dlt ? raw : new CatalogueDeserializer());
    consumers.add(consumer);
    consumer.subscribe(List.of(topic));
    List<ConsumerRecord<String, Object>> records = new ArrayList<>();
    Awaitility.await()
        .atMost(wait)
        .pollInterval(Duration.ofMillis(50))
        .until(
            () -> {
              consumer.poll(Duration.ofMillis(200)).forEach(records::add);
              return until.test(records);
            });
    return records;
  }

  /** Payloads of {@code topic}'s envelopes once {@code until} holds for them. */
  public List<Object> payloads(Topic<?> topic, Duration wait, Predicate<List<Object>> until) {
    List<Object> payloads = new ArrayList<>();
    read(
        topic.name(),
        wait,
        records -> {
          payloads.clear();
          records.forEach(r -> payloads.add(((SpecificRecord) r.value()).get(1)));
          return until.test(payloads);
        });
    return payloads;
  }

  /** Produces raw bytes to {@code topic}, as a misbehaving client would. */
  public void produceRaw(String topic, String key, byte[] value) {
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(
            Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
            new StringSerializer(),
            new ByteArraySerializer())) {
      producer.send(new ProducerRecord<>(topic, key, value));
      producer.flush();
    }
  }

  /** Produces an envelope to its topic, as CI producing directly would. */
  public <V extends SpecificRecord> void produce(Topic<V> topic, String key, V envelope) {
    produceRaw(topic.name(), key, topic.serde().encode(envelope));
  }

  /**
   * Produces {@code payload} (a promotions event) about {@code artifact}'s promotion {@code
   * promotionId} to the promotions topic, keyed by the application as promotion-service keys it.
   */
  public void producePromotion(String promotionId, ArtifactRef artifact, Object payload) {
    produce(
        Topics.PROMOTIONS,
        artifact.getApplication(),
        new PromotionsEnvelope(metadata(promotionId, artifact), payload));
  }

  /**
   * Produces a {@code BuildCompleted} of {@code meta}'s artifact (built from {@code sourceCommit}
   * by pipeline run {@code pipelineRunId}, finished now) to the builds topic, keyed by the
   * application.
   */
  public void produceBuild(EventMetadata meta, String sourceCommit, String pipelineRunId) {
    produce(
        Topics.BUILDS,
        meta.getArtifact().getApplication(),
        new BuildsEnvelope(
            meta,
            BuildCompleted.newBuilder()
                .setSourceCommit(sourceCommit)
                .setPipelineRunId(pipelineRunId)
                .setBuildFinishedAt(Instant.now())
                .build()));
  }

  /**
   * Metadata of a test event about {@code artifact}'s promotion {@code promotionId}: a new event
   * id, occurred now, actor and source {@code t}.
   */
  public static EventMetadata metadata(String promotionId, ArtifactRef artifact) {
    return EventMetadata.newBuilder()
        .setEventId(UUID.randomUUID().toString())
        .setOccurredAt(Instant.now())
        .setActor("t")
        .setSource("t")
        .setPromotionId(promotionId)
        .setArtifact(artifact)
        .build();
  }

  /**
   * {@code application} at {@code version}, whose digest is {@code sha256:} and 64 times {@code
   * hex} (a made-up digest that tells versions apart).
   */
  public static ArtifactRef artifact(String application, String version, char hex) {
    return new ArtifactRef(application, version, "sha256:" + String.valueOf(hex).repeat(64));
  }

  @Override
  public void close() {
    consumers.forEach(KafkaConsumer::close);
  }
}
