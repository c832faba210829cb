package io.promoflow.console.domain.board;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** The board's releases section and the release page, folded from trigger-service's answers. */
class ReleasesTest {

  static final Instant NOW = Instant.parse("2026-11-21T12:00:00Z");
  static final List<String> STAGES = List.of("DEV", "QA", "STAGING", "PROD");
  static final JsonMapper JSON = JsonMapper.builder().build();

  @Test
  void theComponentsByStageShowEachComponentPromotionAndTheVerificationWhereItStands() {
    Releases.View view =
        Releases.view(
            Answer.ok(200, JSON.readValue(ReleasesTestDocuments.RELEASE, Map.class)), STAGES);

    assertThat(view.facts())
        .containsEntry("Version", "2026.47.0")
        .containsEntry("Validation", "standard")
        .containsEntry("Change request", "CHG-7")
        .doesNotContainKey("Train date");
    Releases.Component catalog = view.components().get(0);
    assertThat(catalog.cells())
        .extracting(
            Releases.Cell::stage,
            Releases.Cell::outcome,
            Releases.Cell::promotionId,
            Releases.Cell::verification,
            Releases.Cell::tone)
        .containsExactly(
            Tuple.tuple("DEV", null, null, null, "none"),
            Tuple.tuple("QA", null, null, null, "none"),
            Tuple.tuple("STAGING", "PROMOTED", "p-c", null, "passed"),
            Tuple.tuple("PROD", "ROLLED_BACK", "p-c2", "PENDING", "failed"));
    Releases.Component checkout = view.components().get(1);
    // a stage the service names without a verification is unknown, never passed
    assertThat(checkout.cells().get(2).verification()).isEqualTo("UNKNOWN");
    assertThat(checkout.requires()).containsEntry("inventory", ">=1.0 <2");
  }

  @Test
  void promotionsCarryTheirGatesComponentsReasonsAndRollbacks() {
    Releases.View view =
        Releases.view(
            Answer.ok(200, JSON.readValue(ReleasesTestDocuments.RELEASE, Map.class)), STAGES);

    Releases.Promotion staging = view.promotions().get(0);
    assertThat(staging.tone()).isEqualTo("passed");
    assertThat(staging.gates())
        .containsExactly(
            new Releases.Gate(
                "compatibility",
                true,
                "satisfied",
                Map.of("checkout→inventory", ">=1.0 <2 by 1.0.4")));
    Releases.Promotion prod = view.promotions().get(1);
    assertThat(prod.tone()).isEqualTo("failed");
    // a verdict that is not the boolean true is not a pass (fail closed)
    assertThat(prod.gates().get(0).passed()).isFalse();
    assertThat(prod.components())
        .contains(new Releases.ComponentPromotion("checkout", "p-k2", "apr-k2", "REJECTED"));
    assertThat(prod.reasons()).containsExactly("checkout rejected by rm");
    assertThat(prod.rollbacks())
        .containsExactly(new Releases.Rollback("catalog", "1.0.3", null, "p-rb"));
    assertThat(view.timeline())
        .containsExactly(
            new Releases.Step("2026-11-21T10:00:00Z", "ReleaseCreated", "2 components"));
  }

  @Test
  void anUnansweredReleaseShowsNothing() {
    Releases.View view = Releases.view(Answer.refused(404, "no release rel-x"), STAGES);

    assertThat(view.components()).isEmpty();
    assertThat(view.promotions()).isEmpty();
    assertThat(view.facts().values()).containsOnlyNulls();
  }

  @Test
  void theBoardListsTheLatestReleasesWithStageStateAndAge() {
    Answer list =
        Answer.ok(
            200,
            JSON.readValue(
                """
                [{"releaseId":"rel-2","version":"2026.48.0","type":"PLATFORM_MINOR","train":true,
                  "phase":"integration","stage":"QA","state":"PROMOTING","createdAt":"2026-11-21T11:58:00Z"},
                 {"releaseId":"rel-1","version":"2026.47.0","type":"PLATFORM_PATCH","train":false,
                  "phase":null,"stage":null,"state":null,"createdAt":"2026-11-20T12:00:00Z"},
                 {"releaseId":"rel-0","version":"2026.46.0","type":"PLATFORM_PATCH","train":false}]
                """,
                List.class));

    List<Releases.Summary> summaries = Releases.summaries(list, 2, NOW);

    assertThat(summaries)
        .containsExactly(
            new Releases.Summary(
                "rel-2",
                "2026.48.0",
                "PLATFORM_MINOR",
                true,
                "integration",
                "QA",
                "PROMOTING",
                "2m"),
            new Releases.Summary(
                "rel-1", "2026.47.0", "PLATFORM_PATCH", false, null, null, null, "1d"));
    assertThat(summaries.get(0).tone()).isEqualTo("pending");
    assertThat(summaries.get(1).tone()).isEqualTo("inconclusive");
    assertThat(Releases.summaries(Answer.refused(503, "trigger unreachable"), 10, NOW)).isEmpty();
  }

  @Test
  void onlyPromotedAndPassedAreGreen() {
    assertThat(Releases.tone("PROMOTED")).isEqualTo("passed");
    assertThat(Releases.tone("WAITING_FOR_FACTS")).isEqualTo("pending");
    assertThat(Releases.tone("GATES_FAILED")).isEqualTo("failed");
    assertThat(Releases.tone("EXPIRED")).isEqualTo("failed");
    assertThat(Releases.tone("SUPERSEDED")).isEqualTo("inconclusive");
    assertThat(Releases.tone("SOMETHING_NEW")).isEqualTo("inconclusive");
    assertThat(Releases.tone(null)).isEqualTo("inconclusive");
  }
}
