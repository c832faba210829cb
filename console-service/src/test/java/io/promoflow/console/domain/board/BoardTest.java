package io.promoflow.console.domain.board;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BoardTest {

  static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");
  static final List<String> STAGES = List.of("DEV", "QA", "STAGING", "PROD");

  @Test
  void aRowShowsEachStagesVersionVerificationAgeHoldsAndThePromotionsInFlight() {
    Answer detail =
        Answer.ok(
            200,
            Map.of(
                "application", "shop",
                "stages",
                    Map.of(
                        "DEV",
                        Map.of(
                            "version", "1.1.0",
                            "verification", "PENDING",
                            "promotedAt", "2026-01-01T11:57:00Z",
                            "promotionId", "p2"),
                        "QA",
                        Map.of(
                            "version", "1.0.0",
                            "verification", "FAILED",
                            "promotedAt", "2026-01-01T09:00:00Z",
                            "promotionId", "p1")),
                "holds", Map.of("QA", List.of("1.0.0")),
                "open", List.of("p3")));
    Answer p3 =
        Answer.ok(
            200,
            Map.of(
                "state", "AWAITING_APPROVAL",
                "artifact", Map.of("version", "1.1.0"),
                "sourceStage", "DEV",
                "targetStage", "QA",
                "timeline", List.of(Map.of("at", "2026-01-01T11:59:30Z"))));

    Board.Row row =
        Board.rows(List.of("shop"), Map.of("shop", detail), Map.of("p3", p3), STAGES, NOW).get(0);

    assertThat(row.cells())
        .extracting(
            Board.Cell::stage, Board.Cell::version, Board.Cell::verification, Board.Cell::age)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("DEV", "1.1.0", "PENDING", "3m"),
            org.assertj.core.groups.Tuple.tuple("QA", "1.0.0", "FAILED", "3h"),
            org.assertj.core.groups.Tuple.tuple("STAGING", null, null, null),
            org.assertj.core.groups.Tuple.tuple("PROD", null, null, null));
    assertThat(row.cells().get(1).holds()).containsExactly("1.0.0");
    assertThat(row.inFlight())
        .containsExactly(
            new Board.InFlight("p3", "1.1.0", "DEV", "QA", "AWAITING_APPROVAL", "30s"));
  }

  @Test
  void aRowTheServiceDidNotAnswerShowsTheReasonAndNoVersion() {
    Board.Row row =
        Board.rows(
                List.of("shop"),
                Map.of("shop", Answer.refused(503, "promotion unreachable")),
                Map.of(),
                STAGES,
                NOW)
            .get(0);

    assertThat(row.error()).isEqualTo("promotion unreachable");
    assertThat(row.cells()).allMatch(c -> c.version() == null);
  }

  @Test
  void aMissingVerificationIsUnknownNeverPassedAndAnOpenPromotionNotReadIsUnknown() {
    Answer detail =
        Answer.ok(
            200,
            Map.of("stages", Map.of("DEV", Map.of("version", "1.0.0")), "open", List.of("p9")));

    Board.Row row =
        Board.rows(List.of("shop"), Map.of("shop", detail), Map.of(), STAGES, NOW).get(0);

    assertThat(row.cells().get(0).verification()).isEqualTo("UNKNOWN");
    assertThat(row.inFlight().get(0).state()).isEqualTo("UNKNOWN");
  }

  @Test
  void theFilterIsACaseInsensitiveSubstring() {
    assertThat(Board.matches("WebShop", "shop")).isTrue();
    assertThat(Board.matches("inventory", "shop")).isFalse();
    assertThat(Board.matches("inventory", " ")).isTrue();
  }

  @Test
  void ageUsesTheLargestWholeUnitAndNothingForAnUnreadableTime() {
    assertThat(Board.age("2026-01-01T12:00:00Z", NOW)).isEqualTo("0s");
    assertThat(Board.age("2025-12-30T12:00:00Z", NOW)).isEqualTo("2d");
    assertThat(Board.age("yesterday", NOW)).isNull();
    assertThat(Board.age(null, NOW)).isNull();
  }
}
