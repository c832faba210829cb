package io.promoflow.console.domain.dora;

import static org.assertj.core.api.Assertions.assertThat;

import io.promoflow.console.domain.dora.DoraFact.Kind;
import io.promoflow.console.domain.dora.DoraFormulas.Window;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each formula on a small history whose figures are computed by hand in the comments. */
class DoraFormulasTest {

  static final long H = Duration.ofHours(1).toMillis();
  static final long D = Duration.ofDays(1).toMillis();
  static final Instant END = Instant.parse("2026-06-30T00:00:00Z");
  static final long T0 = END.toEpochMilli() - 10 * D; // inside a 30-day window
  static final Window W30 = Window.ending(END, Duration.ofDays(30));
  static final Duration RETENTION = Duration.ofDays(90);

  int ids;

  DoraFact fact(Kind kind, long at, String stage, String promotionId, String version) {
    return new DoraFact("e" + ids++, kind, at, stage, promotionId, version, null);
  }

  DoraFact built(String version, long at) {
    return fact(Kind.BUILT, at, null, null, version);
  }

  DoraFact promoted(String promotionId, String version, long at) {
    return fact(Kind.PROMOTED, at, "PROD", promotionId, version);
  }

  DoraFact check(boolean passed, long at) {
    return fact(
        passed ? Kind.VERIFICATION_PASSED : Kind.VERIFICATION_FAILED, at, "PROD", null, null);
  }

  DoraFact approval(Kind kind, String approvalId, long at) {
    return new DoraFact(
        "e" + ids++,
        kind,
        at,
        kind == Kind.APPROVAL_REQUESTED ? "PROD" : null,
        null,
        null,
        approvalId);
  }

  static DoraHistory history(DoraFact... facts) {
    DoraHistory h = DoraHistory.empty("inventory");
    for (DoraFact f : facts) {
      h = h.with(f, RETENTION);
    }
    return h;
  }

  static DoraFigures prod(DoraHistory... histories) {
    return DoraFormulas.figures(List.of(histories), "PROD", W30);
  }

  @Test
  void anEmptyWindowHasNoPromotionsAndNoRates() {
    DoraFigures f = prod(history());
    assertThat(f.promotions()).isZero();
    assertThat(f.deploymentFrequencyPerDay()).isZero();
    assertThat(f.leadTimeForChangesP50Ms()).isNull();
    assertThat(f.leadTimeForChangesP90Ms()).isNull();
    assertThat(f.changeFailureRate()).isNull();
    assertThat(f.timeToRestoreP50Ms()).isNull();
    assertThat(f.approvalWaitP50Ms()).isNull();
    assertThat(f.promotionSuccessRate()).isNull();
  }

  @Test
  void deploymentFrequencyIsPromotionsPerDayOfTheWindowWithoutRollbacksOrOtherStages() {
    DoraHistory h =
        history(
            promoted("p1", "1", T0),
            promoted("p2", "2", T0 + D),
            promoted("p3", "3", T0 + 2 * D),
            fact(Kind.ROLLED_BACK_TO, T0 + 3 * D, "PROD", "p4", "2"),
            fact(Kind.PROMOTED, T0, "QA", "p5", "4"),
            promoted("old", "0", END.toEpochMilli() - 31 * D)); // before the window
    DoraFigures f = prod(h);
    assertThat(f.promotions()).isEqualTo(3);
    assertThat(f.deploymentFrequencyPerDay()).isEqualTo(3 / 30.0); // 3 changes over 30 days
  }

  @Test
  void leadTimeRunsFromTheBuildToThePromotionIntoTheStage() {
    // lead times 1 h, 2 h, 3 h, 10 h; nearest rank: p50 = 2nd of 4 = 2 h, p90 = 4th of 4 = 10 h
    DoraHistory h =
        history(
            built("1", T0),
            promoted("p1", "1", T0 + H),
            built("2", T0),
            promoted("p2", "2", T0 + 2 * H),
            built("3", T0),
            promoted("p3", "3", T0 + 3 * H),
            built("4", T0),
            promoted("p4", "4", T0 + 10 * H),
            promoted("p5", "never-built", T0 + 11 * H)); // no lead time without a build
    DoraFigures f = prod(h);
    assertThat(f.leadTimeForChangesP50Ms()).isEqualTo(2 * H);
    assertThat(f.leadTimeForChangesP90Ms()).isEqualTo(10 * H);
    assertThat(f.promotions()).isEqualTo(5);
  }

  @Test
  void aChangeFailsWhenAVerificationFailureOrARollbackFollowsItBeforeTheNextPromotion() {
    DoraHistory h =
        history(
            promoted("p1", "1", T0), // followed by a failed verification: failed
            check(false, T0 + H),
            promoted("p2", "2", T0 + D), // followed by a passed verification only: fine
            check(true, T0 + D + H),
            promoted("p3", "3", T0 + 2 * D), // followed by a rollback decision: failed
            fact(Kind.ROLLBACK, T0 + 2 * D + H, "PROD", null, null),
            fact(Kind.ROLLED_BACK_TO, T0 + 2 * D + 2 * H, "PROD", "r1", "2"),
            check(false, T0 + 2 * D + 3 * H), // after the rollback redeploy: not p3's
            promoted("p4", "4", T0 + 3 * D), // failure in another stage only: fine
            fact(Kind.VERIFICATION_FAILED, T0 + 3 * D + H, "QA", null, null));
    // 2 failed of 4 changes
    assertThat(prod(h).changeFailureRate()).isEqualTo(0.5);
  }

  @Test
  void timeToRestoreRunsFromTheFirstFailureOfAnOutageToTheNextPass() {
    DoraHistory h =
        history(
            check(false, T0), // outage 1: T0 .. T0+3h (the second failure belongs to it)
            check(false, T0 + H),
            check(true, T0 + 3 * H),
            check(false, T0 + D), // outage 2: 1 h
            check(true, T0 + D + H),
            check(false, T0 + 2 * D)); // not restored yet: no sample
    // samples 3 h, 1 h: p50 nearest rank = 1st of 2 = 1 h
    assertThat(prod(h).timeToRestoreP50Ms()).isEqualTo(H);
    assertThat(DoraFormulas.restoreTimes(h.facts(), "PROD", W30)).containsExactly(3 * H, H);
  }

  @Test
  void approvalWaitRunsFromTheRequestToTheDecisionOrExpiry() {
    DoraHistory h =
        history(
            approval(Kind.APPROVAL_REQUESTED, "a1", T0),
            approval(Kind.APPROVAL_ENDED, "a1", T0 + H),
            approval(Kind.APPROVAL_REQUESTED, "a2", T0),
            approval(Kind.APPROVAL_ENDED, "a2", T0 + 4 * H),
            approval(Kind.APPROVAL_REQUESTED, "a3", T0), // still waiting: no sample
            new DoraFact("q", Kind.APPROVAL_REQUESTED, T0, "QA", null, null, "a4"),
            approval(Kind.APPROVAL_ENDED, "a4", T0 + 9 * H)); // another stage's
    DoraFigures f = prod(h);
    assertThat(f.approvalWaitP50Ms()).isEqualTo(H);
    assertThat(f.approvalWaitP90Ms()).isEqualTo(4 * H);
  }

  @Test
  void successRateCountsTheLastOutcomeOfEachPromotion() {
    DoraHistory h =
        history(
            promoted("p1", "1", T0),
            fact(Kind.NOT_PROMOTED, T0 + H, "PROD", "p2", "2"),
            fact(Kind.NOT_PROMOTED, T0 + 2 * H, "PROD", "p3", "3"), // blocked, then forced:
            promoted("p3", "3", T0 + 3 * H), // promoted
            fact(Kind.NOT_PROMOTED, T0 + 4 * H, "PROD", "p4", "4"));
    // promoted p1, p3 of p1..p4
    assertThat(prod(h).promotionSuccessRate()).isEqualTo(0.5);
  }

  @Test
  void applicationsArePooled() {
    DoraHistory a = history(built("1", T0), promoted("p1", "1", T0 + H), check(false, T0 + 2 * H));
    DoraHistory b =
        new DoraHistory("billing", 0, List.of())
            .with(new DoraFact("b1", Kind.BUILT, T0, null, null, "7", null), RETENTION)
            .with(
                new DoraFact("b2", Kind.PROMOTED, T0 + 3 * H, "PROD", "q1", "7", null), RETENTION);
    DoraFigures f = prod(a, b);
    assertThat(f.promotions()).isEqualTo(2);
    assertThat(f.changeFailureRate()).isEqualTo(0.5);
    assertThat(f.leadTimeForChangesP90Ms()).isEqualTo(3 * H);
  }

  @Test
  void factsAfterTheWindowsEndDoNotChangeItsFigures() {
    DoraHistory before = history(promoted("p1", "1", T0));
    DoraHistory after = before.with(check(false, END.toEpochMilli() + H), RETENTION);
    assertThat(prod(after)).isEqualTo(prod(before));
    assertThat(prod(after).changeFailureRate()).isZero();
  }

  @Test
  void theSameFactsInAnyOrderGiveTheSameHistoryAndFactsOlderThanTheRetentionAreDropped() {
    List<DoraFact> facts = new ArrayList<>();
    facts.add(promoted("ancient", "0", T0 - 100 * D)); // 110 days before the newest: dropped
    for (int i = 0; i < 20; i++) {
      facts.add(i % 2 == 0 ? promoted("p" + i, "" + i, T0 + i * H) : check(i % 3 == 0, T0 + i * H));
    }
    facts.add(facts.get(3)); // the same event read twice
    DoraHistory inOrder = history(facts.toArray(DoraFact[]::new));
    Collections.reverse(facts);
    DoraHistory reversed = history(facts.toArray(DoraFact[]::new));
    assertThat(reversed).isEqualTo(inOrder);
    assertThat(inOrder.facts()).hasSize(20);
    assertThat(inOrder.facts()).noneMatch(f -> "ancient".equals(f.promotionId()));
  }

  @Test
  void percentilesUseTheNearestRank() {
    assertThat(DoraFormulas.percentile(List.of(5L), 90)).isEqualTo(5L);
    assertThat(DoraFormulas.percentile(List.of(4L, 1L, 3L, 2L, 5L, 6L, 7L, 8L, 9L, 10L), 90))
        .isEqualTo(9L);
    assertThat(DoraFormulas.percentile(List.of(), 50)).isNull();
  }
}
