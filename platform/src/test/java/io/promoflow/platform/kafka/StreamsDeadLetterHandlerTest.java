package io.promoflow.platform.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.promoflow.platform.streams.Topologies;
import io.promoflow.platform.testing.TopologyTests;
import io.promoflow.schemas.Topics;
import io.promoflow.schemas.builds.BuildCompleted;
import io.promoflow.schemas.builds.BuildsEnvelope;
import io.promoflow.schemas.common.ArtifactRef;
import io.promoflow.schemas.common.EventMetadata;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

class StreamsDeadLetterHandlerTest {

  static BuildsEnvelope build(int commitLength) {
    return new BuildsEnvelope(
        EventMetadata.newBuilder()
            .setEventId("e")
            .setOccurredAt(Instant.now())
            .setActor("t")
            .setSource("t")
            .setArtifact(new ArtifactRef("inventory", "1.0.0", "sha256:" + "a".repeat(64)))
            .build(),
        BuildCompleted.newBuilder()
            .setSourceCommit("b".repeat(commitLength))
            .setPipelineRunId("1")
            .setBuildFinishedAt(Instant.now())
            .build());
  }

  @Test
  void aResultTooLargeToWriteIsDeadLetteredAsASummaryAndProcessingContinues() {
    try (TopologyTestDriver driver =
        TopologyTests.driver(
            "dlt-test",
            builder ->
                builder.stream("sizes", Consumed.with(Serdes.String(), Serdes.Integer()))
                    .mapValues(StreamsDeadLetterHandlerTest::build)
                    .to(Topics.BUILDS.name(), Topologies.to(Topics.BUILDS)))) {
      var in =
          driver.createInputTopic("sizes", new StringSerializer(), Serdes.Integer().serializer());
      in.pipeInput("inventory", 2_000_000);
      in.pipeInput("inventory", 40);
      TestOutputTopic<String, BuildsEnvelope> out = TopologyTests.output(driver, Topics.BUILDS);
      assertThat(out.readValuesToList())
          .singleElement()
          .satisfies(
              b -> assertThat(((BuildCompleted) b.getPayload()).getSourceCommit()).hasSize(40));
      TestOutputTopic<String, byte[]> dlt =
          driver.createOutputTopic(
              Topics.BUILDS.deadLetterName(),
              new StringDeserializer(),
              new ByteArrayDeserializer());
      TestRecord<String, byte[]> dead = dlt.readRecord();
      assertThat(dead.key()).isEqualTo("inventory");
      assertThat(dead.value().length).isLessThan(2000);
      assertThat(new String(dead.value(), StandardCharsets.UTF_8))
          .contains("\"topic\":\"" + Topics.BUILDS.name() + "\"")
          .contains("more than " + Topologies.MAX_RECORD_BYTES);
      assertThat(
              new String(
                  dead.headers().lastHeader(DeadLetters.REASON).value(), StandardCharsets.UTF_8))
          .contains("bytes, more than");
      assertThat(
              new String(
                  dead.headers().lastHeader(DeadLetters.ORIGIN).value(), StandardCharsets.UTF_8))
          .startsWith("sizes-0@");
      assertThat(dlt.isEmpty()).isTrue();
    }
  }

  @Test
  void aRefusedSendIsDeadLetteredAsASummaryAndARetriableOneRetried() {
    StreamsDeadLetterHandler handler = new StreamsDeadLetterHandler();
    var context =
        new org.apache.kafka.streams.errors.ErrorHandlerContext() {
          public String topic() {
            return "in";
          }

          public int partition() {
            return 1;
          }

          public long offset() {
            return 7;
          }

          public org.apache.kafka.common.header.Headers headers() {
            return null;
          }

          public String processorNodeId() {
            return "n";
          }

          public org.apache.kafka.streams.processor.TaskId taskId() {
            return new org.apache.kafka.streams.processor.TaskId(0, 1);
          }

          public long timestamp() {
            return 0;
          }

          public byte[] sourceRawKey() {
            return null;
          }

          public byte[] sourceRawValue() {
            return null;
          }
        };
    var refused =
        handler.handleError(
            context,
            new ProducerRecord<>("out", "k".getBytes(), new byte[3_000_000]),
            new org.apache.kafka.common.errors.RecordTooLargeException("too large"));
    assertThat(refused.result())
        .isEqualTo(org.apache.kafka.streams.errors.ProductionExceptionHandler.Result.RESUME);
    assertThat(refused.deadLetterQueueRecords())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.topic()).isEqualTo("out.dlt");
              assertThat(new String(r.value(), StandardCharsets.UTF_8))
                  .contains("\"valueBytes\":3000000")
                  .contains("too large");
            });
    var retried =
        handler.handleError(
            context,
            new ProducerRecord<>("out", "k".getBytes(), new byte[1]),
            new org.apache.kafka.common.errors.TimeoutException("slow"));
    assertThat(retried.result())
        .isEqualTo(org.apache.kafka.streams.errors.ProductionExceptionHandler.Result.RETRY);
  }
}
