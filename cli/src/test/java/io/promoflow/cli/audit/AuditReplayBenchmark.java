package io.promoflow.cli.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.promoflow.schemas.AuditHashes;
import io.promoflow.schemas.Topics;
import io.promoflow.schemas.audit.AuditEnvelope;
import io.promoflow.schemas.audit.AuditRecorded;
import io.promoflow.schemas.common.ArtifactRef;
import io.promoflow.schemas.common.EventMetadata;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Replay figures for the closing note: decoding, chain verification and export of the audit records
 * of 10,000 promotions (13 events each). Not part of the default build; run with {@code ./mvnw -pl
 * cli -am test -Dpromoflow.benchmarks=benchmark -Dpromoflow.excludedGroups=
 * -Dtest=AuditReplayBenchmark -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@Tag("benchmark")
class AuditReplayBenchmark {

  static final String[] EVENTS = {
    "PromotionRequested",
    "PromotionStarted",
    "GateEvaluated",
    "GateEvaluated",
    "GateEvaluated",
    "GateEvaluated",
    "GateEvaluated",
    "GateEvaluated",
    "GateEvaluated",
    "GatesEvaluated",
    "StagePromoted",
    "VerificationPassed",
    "PromotionBlocked"
  };

  @Test
  void replayOfTenThousandPromotions() {
    int promotions = 10_000;
    List<byte[]> topic = new ArrayList<>();
    String previous = null;
    long sequence = 0;
    Instant t = Instant.parse("2026-11-20T10:00:00Z");
    for (int p = 0; p < promotions; p++) {
      for (String type : EVENTS) {
        String content =
            "{\"meta\": {\"eventId\": \"e-"
                + p
                + "-"
                + sequence
                + "\", \"occurredAt\": \""
                + t.plusSeconds(sequence)
                + "\", \"promotionId\": \"p-"
                + p
                + "\", \"actor\": \"promotion-service\", \"artifact\": {\"application\": "
                + "\"inventory\", \"version\": \"1."
                + p
                + "\", \"digest\": \"sha256:"
                + "a".repeat(64)
                + "\"}}, \"payload\": "
                + "{\"type\": \"AUTOMATIC\", \"targetStage\": \"QA\", \"stage\": \"QA\", \"requestedBy\": \"ci\", \"outcome\": \"BLOCKED\"}}";
        String hash = AuditHashes.hash(previous, content);
        sequence++;
        topic.add(
            Topics.AUDIT
                .serde()
                .encode(
                    new AuditEnvelope(
                        EventMetadata.newBuilder()
                            .setEventId("a" + sequence)
                            .setOccurredAt(t)
                            .setActor("promotion-service")
                            .setSource("promotion-service")
                            .setArtifact(new ArtifactRef("inventory", "1." + p, "sha256:x"))
                            .build(),
                        new AuditRecorded(
                            sequence,
                            "promoflow.promotions.v1",
                            "e" + sequence,
                            type,
                            content,
                            previous,
                            hash))));
        previous = hash;
      }
    }
    long bytes = topic.stream().mapToLong(b -> b.length).sum();
    for (int round = 0; round < 3; round++) {
      long start = System.nanoTime();
      List<AuditTopicReader.Read> reads = new ArrayList<>(topic.size());
      for (int i = 0; i < topic.size(); i++) {
        AuditEnvelope e = Topics.AUDIT.serde().decode(topic.get(i));
        reads.add(
            new AuditTopicReader.Read(
                new ChainVerifier.Entry(0, i, "inventory", (AuditRecorded) e.getPayload()), e));
      }
      long decoded = System.nanoTime();
      ChainVerifier.Report report =
          ChainVerifier.verify(reads.stream().map(AuditTopicReader.Read::entry).toList());
      long verified = System.nanoTime();
      List<Map<String, Object>> exported = AuditExport.promotions(reads, "inventory", null, null);
      long done = System.nanoTime();
      assertThat(report.intact()).isTrue();
      assertThat(exported).hasSize(promotions);
      System.out.printf(
          "round %d: %d events (%.1f MB): decode %.0f ms, verify %.0f ms, export %.0f ms; "
              + "decode+verify %.0f events/s, end to end %.0f events/s%n",
          round,
          topic.size(),
          bytes / 1e6,
          (decoded - start) / 1e6,
          (verified - decoded) / 1e6,
          (done - verified) / 1e6,
          topic.size() / ((verified - start) / 1e9),
          topic.size() / ((done - start) / 1e9));
    }
  }
}
