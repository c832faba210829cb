package io.promoflow.rules.gates;

import static org.assertj.core.api.Assertions.assertThat;

import io.promoflow.schemas.builds.BuildCompleted;
import io.promoflow.schemas.builds.BuildsEnvelope;
import io.promoflow.schemas.builds.EvidenceRef;
import io.promoflow.schemas.builds.EvidenceSubmitted;
import io.promoflow.schemas.common.ArtifactRef;
import io.promoflow.schemas.common.EventMetadata;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RecordedBuildsTest {

  static final String D = "sha256:" + "a".repeat(64);
  static final String OTHER = "sha256:" + "e".repeat(64);

  static EventMetadata meta(String digest) {
    return EventMetadata.newBuilder()
        .setEventId("e")
        .setOccurredAt(Instant.EPOCH)
        .setActor("ci")
        .setSource("ci")
        .setArtifact(new ArtifactRef("inventory", "1.4.2", digest))
        .build();
  }

  static BuildsEnvelope completed(String digest, double tests) {
    return new BuildsEnvelope(
        meta(digest),
        BuildCompleted.newBuilder()
            .setSourceCommit("b".repeat(40))
            .setPipelineRunId("7")
            .setBuildFinishedAt(Instant.ofEpochMilli(5000))
            .setEvidence(
                List.of(
                    new EvidenceRef(
                        "junit-xml", "a1", 10L, Map.of("tests.total", tests), Map.of())))
            .build());
  }

  static BuildsEnvelope evidence(String digest) {
    return new BuildsEnvelope(
        meta(digest),
        new EvidenceSubmitted(
            List.of(
                new EvidenceRef("junit-xml", "a2", 10L, Map.of("tests.total", 3.0), Map.of()))));
  }

  @Test
  void theFirstBuildOfAVersionIsRecordedAndARebuildIsNot() {
    BuildFacts first = RecordedBuilds.apply(null, completed(D, 12));
    assertThat(first.digest()).isEqualTo(D);
    assertThat(first.buildFinishedAt()).isEqualTo(5000);
    assertThat(first.metrics()).containsEntry("tests.total", 12.0);
    assertThat(first.evidence()).containsExactly("junit-xml:a1");
    assertThat(RecordedBuilds.apply(first, completed(OTHER, 99))).isSameAs(first);
  }

  @Test
  void evidenceIsAddedOnlyToARecordedBuildOfTheSameDigest() {
    BuildFacts first = RecordedBuilds.apply(null, completed(D, 12));
    BuildFacts more = RecordedBuilds.apply(first, evidence(D));
    assertThat(more.metrics()).containsEntry("tests.total", 15.0);
    assertThat(more.evidence()).containsExactly("junit-xml:a1", "junit-xml:a2");
    assertThat(RecordedBuilds.apply(first, evidence(OTHER))).isSameAs(first);
    assertThat(RecordedBuilds.apply(null, evidence(D))).isNull();
  }
}
