package io.promoflow.cli.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.promoflow.schemas.AuditHashes;
import io.promoflow.schemas.audit.AuditEnvelope;
import io.promoflow.schemas.audit.AuditRecorded;
import io.promoflow.schemas.common.ArtifactRef;
import io.promoflow.schemas.common.EventMetadata;
import io.promoflow.schemas.common.ReleaseRef;
import io.promoflow.schemas.releases.ReleaseCreated;
import io.promoflow.schemas.releases.ReleasePromotionRequested;
import io.promoflow.schemas.releases.ReleasesEnvelope;
import io.promoflow.schemas.requests.PromotionRequested;
import io.promoflow.schemas.requests.PromotionRequestsEnvelope;
import io.promoflow.schemas.requests.PromotionType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * RELEASES.md point 6: a release's events are chained on {@code release:<releaseId>}; {@code audit
 * verify} checks that chain like any other and {@code audit export} attaches it to the release's
 * component promotions.
 */
class ReleaseAuditTest {

  @BeforeAll
  static void trustTheGeneratedClasses() {
    // records are built before any serde exists, which is what trusts them otherwise
    io.promoflow.schemas.AvroTrust.ensure();
  }

  static final ArtifactRef V = new ArtifactRef("inventory", "2.0.0", "sha256:" + "d".repeat(64));
  static final ReleaseRef RELEASE =
      new ReleaseRef("rel-1", "2026.47.0", "PLATFORM_MINOR", List.of("inventory", "billing"));

  static EventMetadata meta(ArtifactRef artifact, String promotionId, int second) {
    return EventMetadata.newBuilder()
        .setEventId("e" + second)
        .setOccurredAt(Instant.parse("2026-11-21T10:00:00Z").plusSeconds(second))
        .setPromotionId(promotionId)
        .setActor("rm")
        .setSource("test")
        .setArtifact(artifact)
        .build();
  }

  /** The audit records of {@code events} on {@code chain}, linked, as promotion-service writes. */
  static List<AuditTopicReader.Read> chained(
      String chain, int partition, List<SpecificRecord> events, Map<String, String> heads) {
    List<AuditTopicReader.Read> reads = new ArrayList<>();
    long offset = 0;
    for (SpecificRecord e : events) {
      String previous = heads.get(chain);
      String content = e.toString();
      String hash = AuditHashes.hash(previous, content);
      EventMetadata subject = (EventMetadata) e.get(0);
      AuditRecorded record =
          new AuditRecorded(
              (long) reads.size() + 1,
              "topic",
              subject.getEventId(),
              e.get(1).getClass().getSimpleName(),
              content,
              previous,
              hash);
      heads.put(chain, hash);
      reads.add(
          new AuditTopicReader.Read(
              new ChainVerifier.Entry(partition, offset++, chain, record),
              new AuditEnvelope(subject, record)));
    }
    return reads;
  }

  static List<AuditTopicReader.Read> audit() {
    Map<String, String> heads = new HashMap<>();
    List<AuditTopicReader.Read> all = new ArrayList<>();
    all.addAll(
        chained(
            "release:rel-1",
            1,
            List.of(
                new ReleasesEnvelope(
                    meta(null, null, 1),
                    ReleaseCreated.newBuilder()
                        .setReleaseId("rel-1")
                        .setVersion("2026.47.0")
                        .setType("PLATFORM_MINOR")
                        .setValidationLevel("standard")
                        .setStrategy("rolling")
                        .setRequestedBy("rm")
                        .build()),
                new ReleasesEnvelope(
                    meta(null, null, 2),
                    new ReleasePromotionRequested("rel-1", "QA", "STAGING", "rm", null))),
            heads));
    all.addAll(
        chained(
            "inventory",
            0,
            List.of(
                new PromotionRequestsEnvelope(
                    meta(V, "p1", 3),
                    PromotionRequested.newBuilder()
                        .setType(PromotionType.MANUAL)
                        .setSourceStage("QA")
                        .setTargetStage("STAGING")
                        .setRequestedBy("rm")
                        .setRelease(RELEASE)
                        .build())),
            heads));
    return all;
  }

  @Test
  void aReleasesChainVerifiesAndATamperedRecordOnItIsNamed() {
    List<AuditTopicReader.Read> reads = audit();
    ChainVerifier.Report report =
        ChainVerifier.verify(reads.stream().map(AuditTopicReader.Read::entry).toList());
    assertThat(report.intact()).isTrue();
    assertThat(report.chains()).isEqualTo(2);
    List<ChainVerifier.Entry> entries =
        new ArrayList<>(reads.stream().map(AuditTopicReader.Read::entry).toList());
    AuditRecorded first = entries.get(0).record();
    entries.set(
        0,
        new ChainVerifier.Entry(
            1,
            0,
            "release:rel-1",
            AuditRecorded.newBuilder(first)
                .setContent(first.getContent().replace("PLATFORM_MINOR", "PLATFORM_PATCH"))
                .build()));
    assertThat(ChainVerifier.verify(entries).breaks())
        .singleElement()
        .asString()
        .startsWith("release:rel-1: partition 1 offset 0")
        .contains("altered");
  }

  @Test
  void anExportedComponentPromotionNamesItsReleaseAndCarriesTheReleasesTimeline() {
    List<Map<String, Object>> promotions = AuditExport.promotions(audit(), "inventory", null, null);
    assertThat(promotions).singleElement();
    Map<String, Object> p = promotions.get(0);
    assertThat(p.get("release"))
        .isEqualTo(Map.of("releaseId", "rel-1", "version", "2026.47.0", "type", "PLATFORM_MINOR"));
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> timeline = (List<Map<String, Object>>) p.get("releaseTimeline");
    assertThat(timeline)
        .extracting(e -> e.get("event"))
        .containsExactly("ReleaseCreated", "ReleasePromotionRequested");
    assertThat(AuditExport.csv(promotions).lines().toList())
        .first()
        .asString()
        .endsWith(",changeRequestId,releaseId");
    assertThat(AuditExport.csv(promotions).lines().toList().get(1)).endsWith(",rel-1");
  }
}
