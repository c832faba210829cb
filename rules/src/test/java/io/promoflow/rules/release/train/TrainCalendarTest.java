package io.promoflow.rules.release.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promoflow.rules.policy.TrainPolicy;
import io.promoflow.rules.release.train.TrainCalendar.Phase;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The train calendar under the default policy: anchor 2026-01-05, cadence and cutoff P14D. */
class TrainCalendarTest {

  private final TrainCalendar calendar = new TrainCalendar(TrainPolicy.DEFAULTS);

  private static Instant at(String iso) {
    return Instant.parse(iso);
  }

  @Test
  void theTrainVersionIsTheIsoWeekBasedYearAndHalfTheIsoWeekRoundedUp() {
    // ISO week 47 -> (47 + 1) / 2 = 24
    assertThat(calendar.version(LocalDate.of(2026, 11, 16))).isEqualTo("2026.24.0");
    // 2026-01-01 is a Thursday: ISO week 1 of 2026
    assertThat(calendar.version(LocalDate.of(2026, 1, 1))).isEqualTo("2026.01.0");
    // 2027-01-01 is a Friday: ISO week 53 of 2026, so the year is 2026, not 2027
    assertThat(calendar.version(LocalDate.of(2027, 1, 1))).isEqualTo("2026.27.0");
    // 2024-12-30 is a Monday in ISO week 1 of 2025: 2025.01.0, not 2024.01.0 (January 2024's)
    assertThat(calendar.version(LocalDate.of(2024, 12, 30))).isEqualTo("2025.01.0");
    // the anchor, ISO week 2: (2 + 1) / 2 = 1, two digits
    assertThat(calendar.version(LocalDate.of(2026, 1, 5))).isEqualTo("2026.01.0");
    assertThat(calendar.version(LocalDate.of(2026, 1, 19))).isEqualTo("2026.02.0");
  }

  @Test
  void consecutiveTrainsOnTheBiWeeklyCadenceHaveDistinctIncreasingVersions() {
    List<String> versions = new ArrayList<>();
    for (LocalDate d = LocalDate.of(2026, 1, 5);
        d.isBefore(LocalDate.of(2036, 1, 1));
        d = d.plusDays(14)) {
      versions.add(calendar.version(d));
    }
    assertThat(versions).doesNotHaveDuplicates().isSorted();
  }

  @Test
  void aFreeReleaseVersionIsNotATrainVersion() {
    // the "release 2026.47.0" is a free version; the train of 2026-11-23 is 2026.24.0
    assertThatThrownBy(
            () ->
                calendar.requireTrain(
                    LocalDate.of(2026, 11, 23), "2026.47.0", at("2026-11-16T10:00:00Z")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("version: the train of 2026-11-23 is 2026.24.0, not 2026.47.0");
  }

  @Test
  void trainDatesAreTheAnchorPlusAWholeNumberOfCadences() {
    assertThat(calendar.isTrainDate(LocalDate.of(2026, 1, 5))).isTrue();
    assertThat(calendar.isTrainDate(LocalDate.of(2026, 11, 9))).isTrue();
    assertThat(calendar.isTrainDate(LocalDate.of(2026, 11, 23))).isTrue();
    assertThat(calendar.isTrainDate(LocalDate.of(2026, 11, 16))).isFalse();
    assertThat(calendar.isTrainDate(LocalDate.of(2026, 11, 24))).isFalse();
    // the grid extends before the anchor
    assertThat(calendar.isTrainDate(LocalDate.of(2025, 12, 22))).isTrue();
    assertThat(calendar.isTrainDate(LocalDate.of(2025, 12, 29))).isFalse();
  }

  @Test
  void theNextTrainDateIsOnOrAfterTodayUtc() {
    assertThat(calendar.nextTrainDate(at("2026-11-16T10:00:00Z")))
        .isEqualTo(LocalDate.of(2026, 11, 23));
    assertThat(calendar.nextTrainDate(at("2026-11-23T00:00:00Z")))
        .isEqualTo(LocalDate.of(2026, 11, 23));
    assertThat(calendar.nextTrainDate(at("2026-11-23T23:59:59.999Z")))
        .isEqualTo(LocalDate.of(2026, 11, 23));
    assertThat(calendar.nextTrainDate(at("2026-11-24T00:00:00Z")))
        .isEqualTo(LocalDate.of(2026, 12, 7));
    assertThat(calendar.nextTrainDate(at("2025-12-30T08:00:00Z")))
        .isEqualTo(LocalDate.of(2026, 1, 5));
    assertThat(calendar.nextTrainDate(at("2025-12-22T08:00:00Z")))
        .isEqualTo(LocalDate.of(2025, 12, 22));
    assertThat(calendar.nextTrainDate(at("2026-01-05T00:00:00Z")))
        .isEqualTo(LocalDate.of(2026, 1, 5));
  }

  @Test
  void aWeeklyCadenceFromAnotherAnchor() {
    TrainCalendar weekly =
        new TrainCalendar(
            new TrainPolicy(
                Duration.ofDays(7),
                Duration.ofDays(3),
                LocalDate.of(2026, 3, 4),
                null,
                null,
                null));
    assertThat(weekly.nextTrainDate(at("2026-03-05T00:00:00Z")))
        .isEqualTo(LocalDate.of(2026, 3, 11));
    assertThat(weekly.cutoff(LocalDate.of(2026, 3, 11))).isEqualTo(at("2026-03-08T00:00:00Z"));
  }

  @Test
  void theCutoffIsTheTrainDateAtMidnightUtcMinusTheCutoff() {
    assertThat(calendar.cutoff(LocalDate.of(2026, 11, 23))).isEqualTo(at("2026-11-09T00:00:00Z"));
    assertThat(calendar.start(LocalDate.of(2026, 11, 23))).isEqualTo(at("2026-11-23T00:00:00Z"));
  }

  @Test
  void thePhasesAreScheduledFromTheTrainDateInPolicyOrder() {
    assertThat(calendar.phases(LocalDate.of(2026, 11, 23)))
        .containsExactly(
            new Phase("collection", at("2026-11-23T00:00:00Z")),
            new Phase("compatibility-analysis", at("2026-11-24T00:00:00Z")),
            new Phase("integration", at("2026-11-25T00:00:00Z")),
            new Phase("staging", at("2026-11-27T00:00:00Z")),
            new Phase("readiness-review", at("2026-11-30T00:00:00Z")),
            new Phase("production", at("2026-12-01T00:00:00Z")),
            new Phase("post-release-monitoring", at("2026-12-02T00:00:00Z")),
            new Phase("retrospective", at("2026-12-03T00:00:00Z")));
  }

  @Test
  void thePhaseAtAMomentIsTheLastOneStartedScheduledBeforeAndClosedAfterTheRetrospectiveDay() {
    LocalDate train = LocalDate.of(2026, 11, 23);
    assertThat(calendar.phaseAt(train, at("2026-11-22T23:59:59.999Z")))
        .isEqualTo(TrainCalendar.SCHEDULED);
    assertThat(calendar.phaseAt(train, at("2026-11-23T00:00:00Z"))).isEqualTo("collection");
    assertThat(calendar.phaseAt(train, at("2026-11-24T12:00:00Z")))
        .isEqualTo("compatibility-analysis");
    assertThat(calendar.phaseAt(train, at("2026-11-26T23:59:59Z"))).isEqualTo("integration");
    assertThat(calendar.phaseAt(train, at("2026-11-27T00:00:00Z"))).isEqualTo("staging");
    assertThat(calendar.phaseAt(train, at("2026-12-01T09:00:00Z"))).isEqualTo("production");
    assertThat(calendar.phaseAt(train, at("2026-12-03T23:59:59.999Z"))).isEqualTo("retrospective");
    assertThat(calendar.phaseAt(train, at("2026-12-04T00:00:00Z"))).isEqualTo(TrainCalendar.CLOSED);
  }

  @Test
  void duePhasesArePastAndNotEnteredInOrder() {
    LocalDate train = LocalDate.of(2026, 11, 23);
    assertThat(calendar.due(train, Set.of(), at("2026-11-22T23:59:59Z"))).isEmpty();
    assertThat(calendar.due(train, Set.of("collection"), at("2026-11-25T00:00:00Z")))
        .extracting(Phase::name)
        .containsExactly("compatibility-analysis", "integration");
    // a punctuator that did not run for days catches up with every missed phase, in order
    assertThat(calendar.due(train, Set.of("collection", "integration"), at("2026-11-30T01:00:00Z")))
        .containsExactly(
            new Phase("compatibility-analysis", at("2026-11-24T00:00:00Z")),
            new Phase("staging", at("2026-11-27T00:00:00Z")),
            new Phase("readiness-review", at("2026-11-30T00:00:00Z")));
    assertThat(
            calendar.due(
                train, Set.copyOf(TrainPolicy.DEFAULT_PHASES.keySet()), at("2027-01-01T00:00:00Z")))
        .isEmpty();
  }

  @Test
  void requireTrainDefaultsToTheNextTrainAndRefusesOffCadenceOrPastDates() {
    Instant now = at("2026-11-16T10:00:00Z");
    assertThat(calendar.requireTrain(null, null, now)).isEqualTo(LocalDate.of(2026, 11, 23));
    assertThat(calendar.requireTrain(null, "2026.24.0", now)).isEqualTo(LocalDate.of(2026, 11, 23));
    assertThat(calendar.requireTrain(LocalDate.of(2026, 12, 7), "2026.25.0", now))
        .isEqualTo(LocalDate.of(2026, 12, 7));
    assertThatThrownBy(() -> calendar.requireTrain(LocalDate.of(2026, 11, 24), null, now))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "trainDate: 2026-11-24 is not a train date (every 14 days from 2026-01-05; next:"
                + " 2026-12-07)");
    assertThatThrownBy(() -> calendar.requireTrain(LocalDate.of(2026, 11, 9), null, now))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("trainDate: 2026-11-09 is in the past (next: 2026-11-23)");
  }

  @Test
  void aCalendarRefusesACadenceOfHoursAndMissingArguments() {
    TrainPolicy hours = new TrainPolicy(Duration.ofHours(36), null, null, null, null, null);
    assertThatThrownBy(() -> new TrainCalendar(hours))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("releases.train.cadence:");
    Map<String, Duration> negative = new LinkedHashMap<>();
    negative.put("collection", Duration.ofDays(-1));
    assertThatThrownBy(
            () -> new TrainCalendar(new TrainPolicy(null, null, null, null, null, negative)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("releases.train.phases.collection:");
    assertThatThrownBy(() -> calendar.version(null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("trainDate: required");
    assertThatThrownBy(() -> calendar.phaseAt(LocalDate.of(2026, 11, 23), null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("now: required");
  }
}
