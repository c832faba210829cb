package io.promoflow.platform.testing;

import io.promoflow.platform.events.Events;
import io.promoflow.rules.policy.PipelinePolicy;
import io.promoflow.rules.policy.PolicyLoader;
import io.promoflow.schemas.Topic;
import io.promoflow.schemas.Topics;
import io.promoflow.schemas.common.EventMetadata;
import io.promoflow.schemas.promotions.PromotionsEnvelope;
import io.promoflow.schemas.promotions.StagePromoted;
import io.promoflow.schemas.requests.PromotionType;
import io.promoflow.schemas.verifications.VerificationsEnvelope;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Properties;
import java.util.function.Consumer;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/** A topology's real wiring under {@link TopologyTestDriver}, with the shipped local policy. */
public final class TopologyTests {

  private TopologyTests() {}

  /** The shipped {@code config/pipeline-local.yaml}. */
  public static PipelinePolicy localPolicy() {
    return policy("pipeline-local.yaml");
  }

  /** A shipped policy file from {@code config/}. */
  public static PipelinePolicy policy(String file) {
    try {
      return PolicyLoader.load(file, Files.readString(Path.of("..", "config", file)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Event metadata factory of {@code service} under the local policy and the system clock. */
  public static Events events(String service) {
    return new Events(Clock.systemUTC(), service, localPolicy());
  }

  /** A driver for the topology {@code define} adds, with the platform's dead-letter handlers. */
  public static TopologyTestDriver driver(String applicationId, Consumer<StreamsBuilder> define) {
    StreamsBuilder builder = new StreamsBuilder();
    define.accept(builder);
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
    props.put(StreamsConfig.DEFAULT_KEY_SERDE_CLASS_CONFIG, Serdes.StringSerde.class);
    props.put(StreamsConfig.STATE_DIR_CONFIG, "target/ttd-state");
    props.put(
        StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
        "io.promoflow.platform.kafka.StreamsDeadLetterHandler");
    props.put(
        StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG,
        "io.promoflow.platform.kafka.StreamsDeadLetterHandler");
    props.put(
        StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG,
        "io.promoflow.platform.kafka.StreamsDeadLetterHandler");
    return new TopologyTestDriver(builder.build(), props);
  }

  /** An input topic of the contract. */
  public static <V extends SpecificRecord> TestInputTopic<String, V> input(
      TopologyTestDriver driver, Topic<V> topic) {
    return driver.createInputTopic(
        topic.name(), new StringSerializer(), topic.serde().serializer());
  }

  /** An output topic of the contract. */
  public static <V extends SpecificRecord> TestOutputTopic<String, V> output(
      TopologyTestDriver driver, Topic<V> topic) {
    return driver.createOutputTopic(
        topic.name(), new StringDeserializer(), topic.serde().deserializer());
  }

  /**
   * Pipes {@code payload} (a promotions event) with {@code meta} into the promotions topic, keyed
   * by the application as promotion-service keys it.
   */
  public static void pipePromotion(TopologyTestDriver driver, EventMetadata meta, Object payload) {
    input(driver, Topics.PROMOTIONS)
        .pipeInput(meta.getArtifact().getApplication(), new PromotionsEnvelope(meta, payload));
  }

  /**
   * Pipes {@code payload} (a verifications event) with {@code meta} into the verifications topic,
   * keyed by the application as rollback-service keys it.
   */
  public static void pipeVerification(
      TopologyTestDriver driver, EventMetadata meta, Object payload) {
    input(driver, Topics.VERIFICATIONS)
        .pipeInput(meta.getArtifact().getApplication(), new VerificationsEnvelope(meta, payload));
  }

  /**
   * A {@code StagePromoted} of a {@code type} promotion into {@code targetStage} (executor record).
   */
  public static StagePromoted stagePromoted(PromotionType type, String targetStage) {
    return StagePromoted.newBuilder()
        .setPromotionType(type)
        .setTargetStage(targetStage)
        .setRequestedBy("t")
        .setExecutor("record")
        .build();
  }
}
