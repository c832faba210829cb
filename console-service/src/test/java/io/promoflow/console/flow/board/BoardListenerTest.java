package io.promoflow.console.flow.board;

import static org.assertj.core.api.Assertions.assertThat;

import io.promoflow.schemas.Topics;
import io.promoflow.schemas.common.ArtifactRef;
import io.promoflow.schemas.common.EventMetadata;
import io.promoflow.schemas.common.ReleaseRef;
import io.promoflow.schemas.promotions.PromotionsEnvelope;
import io.promoflow.schemas.promotions.StagePromoted;
import io.promoflow.schemas.releases.ReleaseStagePromoted;
import io.promoflow.schemas.releases.ReleasesEnvelope;
import io.promoflow.schemas.requests.PromotionType;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a board page hears of an event: its application, promotion and platform release. */
class BoardListenerTest {

  static EventMetadata meta(String promotionId, ArtifactRef artifact) {
    return EventMetadata.newBuilder()
        .setEventId("e-1")
        .setOccurredAt(Instant.parse("2026-11-21T10:00:00Z"))
        .setActor("t")
        .setSource("t")
        .setPromotionId(promotionId)
        .setArtifact(artifact)
        .build();
  }

  static StagePromoted.Builder promoted() {
    return StagePromoted.newBuilder()
        .setPromotionType(PromotionType.MANUAL)
        .setTargetStage("PROD")
        .setRequestedBy("dev")
        .setExecutor("noop");
  }

  @Test
  void aReleaseEventNamesItsReleaseByTheRecordKeyAndNoApplication() {
    ReleasesEnvelope value =
        ReleasesEnvelope.newBuilder()
            .setMeta(meta(null, null))
            .setPayload(
                ReleaseStagePromoted.newBuilder()
                    .setReleaseId("rel-1")
                    .setTargetStage("STAGING")
                    .build())
            .build();

    BoardChange change = BoardListener.change(Topics.RELEASES.name(), "rel-1", value);

    assertThat(change)
        .isEqualTo(
            new BoardChange(Topics.RELEASES.name(), "ReleaseStagePromoted", null, null, "rel-1"));
  }

  @Test
  void aComponentPromotionNamesItsApplicationPromotionAndRelease() {
    PromotionsEnvelope value =
        new PromotionsEnvelope(
            meta("p-1", new ArtifactRef("catalog", "1.0.3", "sha256:" + "a".repeat(64))),
            promoted()
                .setRelease(
                    new ReleaseRef(
                        "rel-1", "2026.47.0", "PLATFORM_MINOR", List.of("catalog", "checkout")))
                .build());

    BoardChange change = BoardListener.change(Topics.PROMOTIONS.name(), "catalog", value);

    assertThat(change.application()).isEqualTo("catalog");
    assertThat(change.promotionId()).isEqualTo("p-1");
    assertThat(change.releaseId()).isEqualTo("rel-1");
  }

  @Test
  void aPromotionOutsideAReleaseNamesNone() {
    PromotionsEnvelope value = new PromotionsEnvelope(meta("p-2", null), promoted().build());

    BoardChange change = BoardListener.change(Topics.PROMOTIONS.name(), "catalog", value);

    assertThat(change.application()).isEqualTo("catalog");
    assertThat(change.releaseId()).isNull();
  }
}
