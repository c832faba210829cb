package io.promoflow.trigger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promoflow.schemas.builds.BuildCompleted;
import io.promoflow.schemas.builds.BuildsEnvelope;
import io.promoflow.schemas.builds.EvidenceRef;
import io.promoflow.schemas.common.ArtifactRef;
import io.promoflow.schemas.common.EventMetadata;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

/**
 * The arithmetic of {@link EvidenceLimits}, checked against a real Avro encoding of the largest
 * allowed build.
 */
class EvidenceLimitsTest {

  static final long KAFKA_LIMIT = 1024 * 1024;

  @Test
  void theLargestBuildTheDefaultsAllowStaysFarBelowKafkasLimit() throws IOException {
    EvidenceLimits limits = EvidenceLimits.DEFAULTS;
    List<EvidenceRef> docs = new ArrayList<>();
    int perDocument = limits.maxMetricsPerBuild() / limits.maxDocumentsPerBuild();
    for (int d = 0; d < limits.maxDocumentsPerBuild(); d++) {
      Map<String, Double> metrics = new LinkedHashMap<>();
      for (int i = 0; i < perDocument; i++) {
        String id = "vulnerability." + d + "." + i + ".";
        // the worst value for the JSON rendering: 24 characters
        metrics.put(
            id + "x".repeat(limits.maxMetricNameLength() - id.length()), -1.2345678901234567E-300);
      }
      docs.add(
          new EvidenceRef("cyclonedx-json", "f".repeat(64), Long.MAX_VALUE, metrics, Map.of()));
    }
    BuildsEnvelope build =
        new BuildsEnvelope(
            EventMetadata.newBuilder()
                .setEventId("e".repeat(36))
                .setOccurredAt(Instant.now())
                .setActor("a".repeat(256))
                .setSource("trigger-service")
                .setPromotionId(null)
                .setArtifact(
                    new ArtifactRef("a".repeat(100), "v".repeat(128), "sha256:" + "a".repeat(64)))
                .setPolicyDigest("d".repeat(64))
                .build(),
            BuildCompleted.newBuilder()
                .setUri("u".repeat(2048))
                .setSourceCommit("c".repeat(40))
                .setRepository("r".repeat(256))
                .setPipelineRunId("p".repeat(256))
                .setPipelineUrl("h".repeat(2048))
                .setBuildFinishedAt(Instant.now())
                .setCommitAuthor("m".repeat(256))
                .setDeliveryId("i".repeat(128))
                .setEvidence(docs)
                .build());

    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(bytes, null);
    new SpecificDatumWriter<>(BuildsEnvelope.class).write(build, encoder);
    encoder.flush();
    assertThat((long) bytes.size())
        .isLessThanOrEqualTo(limits.worstCaseBuildBytes())
        .isLessThan(KAFKA_LIMIT / 3);
    // the audit record carries the event's JSON text (AuditProcessor): also far below the limit
    assertThat((long) build.toString().length()).isLessThan(KAFKA_LIMIT / 2);
    assertThat(limits.worstCaseBuildBytes()).isEqualTo(2000L * 138 + 20 * 96 + 8192);
  }

  @Test
  void limitsThatWouldAllowRecordsNearKafkasLimitAreRefusedAtStart() {
    assertThatThrownBy(
            () ->
                new EvidenceLimits(
                    20, DataSize.ofMegabytes(10), DataSize.ofMegabytes(32), 2000, 50_000, 128))
        .hasMessageContaining("lower max-metrics-per-build");
    assertThatThrownBy(
            () ->
                new EvidenceLimits(
                    0, DataSize.ofMegabytes(10), DataSize.ofMegabytes(32), 2000, 2000, 128))
        .hasMessageContaining("max-documents-per-build: must be at least 1");
    assertThatThrownBy(
            () ->
                new EvidenceLimits(
                    20, DataSize.ofMegabytes(10), DataSize.ofMegabytes(1), 2000, 2000, 128))
        .hasMessageContaining("max-evidence-size-per-build");
  }
}
