package io.promoflow.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promoflow.schemas.builds.BuildCompleted;
import io.promoflow.schemas.builds.BuildsEnvelope;
import io.promoflow.schemas.builds.EvidenceRef;
import io.promoflow.schemas.common.ArtifactRef;
import io.promoflow.schemas.common.EventMetadata;
import io.promoflow.schemas.promotions.PromotionsEnvelope;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class AvroSerdeTest {

  static BuildsEnvelope build() {
    return BuildsEnvelope.newBuilder()
        .setMeta(
            EventMetadata.newBuilder()
                .setEventId("e-1")
                .setOccurredAt(Instant.parse("2026-11-20T10:00:00Z"))
                .setActor("ci")
                .setSource("trigger-service")
                .setArtifact(new ArtifactRef("inventory", "1.4.2", "sha256:" + "a".repeat(64)))
                .build())
        .setPayload(
            BuildCompleted.newBuilder()
                .setSourceCommit("b".repeat(40))
                .setPipelineRunId("9876")
                .setBuildFinishedAt(Instant.parse("2026-11-20T10:00:00Z"))
                .setEvidence(
                    List.of(
                        new EvidenceRef(
                            "junit-xml",
                            "c".repeat(64),
                            10L,
                            Map.of("tests.failed", 0.0),
                            Map.of())))
                .build())
        .build();
  }

  @Test
  void roundTripsWithSingleObjectEncoding() {
    byte[] bytes = Topics.BUILDS.serde().encode(build());
    assertThat(bytes[0]).isEqualTo((byte) 0xC3);
    assertThat(bytes[1]).isEqualTo((byte) 0x01);
    long fingerprint = ByteBuffer.wrap(bytes, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    assertThat(fingerprint)
        .isEqualTo(SchemaNormalization.parsingFingerprint64(BuildsEnvelope.getClassSchema()));
    assertThat(Topics.BUILDS.serde().decode(bytes)).isEqualTo(build());
  }

  @Test
  void catalogueSerdesDispatchByTopicAndValueType() {
    byte[] bytes = new CatalogueSerializer().serialize(Topics.BUILDS.name(), build());
    assertThat(new CatalogueDeserializer().deserialize(Topics.BUILDS.name(), bytes))
        .isEqualTo(build());
    assertThat(new CatalogueDeserializer().deserialize(Topics.BUILDS.deadLetterName(), bytes))
        .isEqualTo(build());
    assertThat(new CatalogueSerializer().serialize("any", new byte[] {1, 2})).containsExactly(1, 2);
  }

  @Test
  void garbageAndForeignSchemasAreSerializationExceptions() {
    assertThatThrownBy(() -> Topics.BUILDS.serde().decode("not avro".getBytes()))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("BuildsEnvelope");
    byte[] promotionBytes =
        Topics.PROMOTIONS
            .serde()
            .encode(
                PromotionsEnvelope.newBuilder()
                    .setMeta(build().getMeta())
                    .setPayload(
                        io.promoflow.schemas.promotions.PromotionFailed.newBuilder()
                            .setTargetStage("DEV")
                            .setCategory("UNKNOWN")
                            .setReason("x")
                            .build())
                    .build());
    assertThatThrownBy(() -> Topics.BUILDS.serde().decode(promotionBytes))
        .isInstanceOf(SerializationException.class);
    assertThatThrownBy(
            () -> new CatalogueDeserializer().deserialize("unknown.topic", promotionBytes))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("unknown.topic");
  }

  @Test
  void decodesRecordsWrittenWithAnOlderSchemaVersion() throws Exception {
    // Simulate a record written by an older writer: the released v1 schema without a field added
    // later.
    Schema v1 = ReleasedSchemas.of(BuildsEnvelope.getClassSchema().getFullName()).get(0);
    Schema older =
        new Schema.Parser()
            .parse(
                v1.toString()
                    .replace(
                        ",{\"name\":\"commitAuthor\",\"type\":[\"null\",{\"type\":\"string\",\"avro.java.string\":\"String\"}],\"default\":null}",
                        ""));
    assertThat(older.toString()).doesNotContain("commitAuthor");
    AvroSerde<BuildsEnvelope> serde =
        new AvroSerde<>(BuildsEnvelope.class, BuildsEnvelope.getClassSchema(), List.of(older));
    GenericRecord meta = new GenericData.Record(older.getField("meta").schema());
    meta.put("eventId", "e-old");
    meta.put("occurredAt", 0L);
    meta.put("actor", "ci");
    meta.put("source", "trigger-service");
    Schema buildSchema = older.getField("payload").schema().getTypes().get(0);
    GenericRecord payload = new GenericData.Record(buildSchema);
    payload.put("sourceCommit", "b".repeat(40));
    payload.put("pipelineRunId", "1");
    payload.put("buildFinishedAt", 0L);
    payload.put("evidence", List.of());
    GenericRecord envelope = new GenericData.Record(older);
    envelope.put("meta", meta);
    envelope.put("payload", payload);
    byte[] bytes =
        new BinaryMessageEncoder<GenericRecord>(GenericData.get(), older).encode(envelope).array();

    BuildsEnvelope decoded = serde.decode(bytes);
    assertThat(decoded.getMeta().getEventId()).isEqualTo("e-old");
    assertThat(((BuildCompleted) decoded.getPayload()).getCommitAuthor()).isNull();
    // Without the older schema the fingerprint is unknown: a SerializationException, not a crash
    // loop.
    assertThatThrownBy(() -> Topics.BUILDS.serde().decode(bytes))
        .isInstanceOf(SerializationException.class);
  }
}
