package io.promoflow.cli.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.promoflow.schemas.AuditHashes;
import io.promoflow.schemas.ReleasedSchemas;
import io.promoflow.schemas.audit.AuditRecorded;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.junit.jupiter.api.Test;

/**
 * Audit records written with the released v1 schema still read, verify and export after the schema
 * evolves (a new field with a default), as an auditor's tool built on the newer schema would read
 * them years later.
 */
class AuditSchemaEvolutionTest {

  static final Schema V1 = ReleasedSchemas.of("io.promoflow.schemas.audit.AuditEnvelope").get(0);

  /** v2: AuditRecorded gains an optional signature. */
  static final Schema V2 =
      new Schema.Parser()
          .parse(
              V1.toString()
                  .replace(
                      "{\"name\":\"hash\",\"type\":{\"type\":\"string\",\"avro.java.string\":\"String\"}",
                      "{\"name\":\"signature\",\"type\":[\"null\",\"string\"],\"default\":null},"
                          + "{\"name\":\"hash\",\"type\":{\"type\":\"string\",\"avro.java.string\":\"String\"}"));

  @Test
  void v1RecordsStillVerifyUnderAnEvolvedSchema() throws Exception {
    assertThat(V2.toString()).contains("signature");
    assertThat(SchemaCompatibility.checkReaderWriterCompatibility(V2, V1).getType())
        .isEqualTo(SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE);
    BinaryMessageEncoder<GenericRecord> v1Writer =
        new BinaryMessageEncoder<>(GenericData.get(), V1);
    List<byte[]> topic = new ArrayList<>();
    String previous = null;
    for (int i = 1; i <= 3; i++) {
      String content = "{\"meta\": {\"promotionId\": \"p-" + i + "\"}, \"payload\": {}}";
      String hash = AuditHashes.hash(previous, content);
      topic.add(v1Writer.encode(envelope(i, content, previous, hash)).array());
      previous = hash;
    }

    BinaryMessageDecoder<GenericRecord> v2Reader =
        new BinaryMessageDecoder<>(GenericData.get(), V2);
    v2Reader.addSchema(V1);
    List<ChainVerifier.Entry> entries = new ArrayList<>();
    for (int offset = 0; offset < topic.size(); offset++) {
      GenericRecord payload = (GenericRecord) v2Reader.decode(topic.get(offset)).get("payload");
      assertThat(payload.get("signature")).isNull();
      entries.add(
          new ChainVerifier.Entry(
              0,
              offset,
              "inventory",
              new AuditRecorded(
                  (Long) payload.get("sequence"),
                  payload.get("subjectTopic").toString(),
                  payload.get("subjectEventId").toString(),
                  payload.get("subjectEventType").toString(),
                  payload.get("content").toString(),
                  payload.get("previousHash") == null
                      ? null
                      : payload.get("previousHash").toString(),
                  payload.get("hash").toString())));
    }
    assertThat(ChainVerifier.verify(entries).intact()).isTrue();
  }

  static GenericRecord envelope(long sequence, String content, String previous, String hash) {
    GenericRecord meta = new GenericData.Record(V1.getField("meta").schema());
    meta.put("eventId", "e" + sequence);
    meta.put("occurredAt", 0L);
    meta.put("actor", "promotion-service");
    meta.put("source", "promotion-service");
    Schema recorded = V1.getField("payload").schema().getTypes().get(0);
    GenericRecord payload = new GenericData.Record(recorded);
    payload.put("sequence", sequence);
    payload.put("subjectTopic", "promoflow.promotions.v1");
    payload.put("subjectEventId", "s" + sequence);
    payload.put("subjectEventType", "StagePromoted");
    payload.put("content", content);
    payload.put("previousHash", previous);
    payload.put("hash", hash);
    GenericRecord envelope = new GenericData.Record(V1);
    envelope.put("meta", meta);
    envelope.put("payload", payload);
    return envelope;
  }
}
