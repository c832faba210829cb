package io.promoflow.rules.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeploymentCalendarTest {

  static StagePolicy prod(List<DeploymentWindow> windows, List<Freeze> freezes) {
    return new StagePolicy(
        "PROD", Duration.ofMinutes(5), Duration.ZERO, null, null, null, windows, freezes);
  }

  static final DeploymentWindow WEEKDAYS_BERLIN =
      new DeploymentWindow(
          List.of(
              DayOfWeek.MONDAY,
              DayOfWeek.TUESDAY,
              DayOfWeek.WEDNESDAY,
              DayOfWeek.THURSDAY,
              DayOfWeek.FRIDAY),
          LocalTime.of(9, 0),
          LocalTime.of(17, 0),
          ZoneId.of("Europe/Berlin"));

  @Test
  void insideTheWindowAPromotionRunsAndOutsideItWaitsForTheNextOpeningInTheStagesZone() {
    // Saturday 2026-11-21 10:00 UTC: closed until Monday 09:00 Berlin = 08:00 UTC
    assertThat(
            DeploymentCalendar.closed(
                prod(List.of(WEEKDAYS_BERLIN), List.of()), Instant.parse("2026-11-21T10:00:00Z")))
        .hasValueSatisfying(
            c -> {
              assertThat(c.until()).isEqualTo(Instant.parse("2026-11-23T08:00:00Z"));
              assertThat(c.reason()).contains("deployment windows");
            });
    // Monday 08:30 UTC = 09:30 Berlin: open
    assertThat(
            DeploymentCalendar.closed(
                prod(List.of(WEEKDAYS_BERLIN), List.of()), Instant.parse("2026-11-23T08:30:00Z")))
        .isEmpty();
    // Monday 16:00 UTC = 17:00 Berlin: closed (exclusive) until Tuesday 08:00 UTC
    assertThat(
            DeploymentCalendar.closed(
                prod(List.of(WEEKDAYS_BERLIN), List.of()), Instant.parse("2026-11-23T16:00:00Z")))
        .hasValueSatisfying(
            c -> assertThat(c.until()).isEqualTo(Instant.parse("2026-11-24T08:00:00Z")));
    assertThat(
            DeploymentCalendar.closed(
                prod(List.of(), List.of()), Instant.parse("2026-11-21T10:00:00Z")))
        .isEmpty();
  }

  @Test
  void aFreezeHoldsUntilItsEndAndThenTheNextWindow() {
    Freeze holidays =
        new Freeze(
            Instant.parse("2026-12-20T00:00:00Z"),
            Instant.parse("2027-01-02T00:00:00Z"),
            "holidays");
    // the freeze ends on Saturday 2027-01-02: the next window is Monday 2027-01-04 09:00 Berlin =
    // 08:00 UTC
    assertThat(
            DeploymentCalendar.closed(
                prod(List.of(WEEKDAYS_BERLIN), List.of(holidays)),
                Instant.parse("2026-12-22T10:00:00Z")))
        .hasValueSatisfying(
            c -> {
              assertThat(c.until()).isEqualTo(Instant.parse("2027-01-04T08:00:00Z"));
              assertThat(c.reason()).startsWith("freeze until 2027-01-02T00:00:00Z: holidays");
            });
    assertThat(
            DeploymentCalendar.closed(
                prod(List.of(), List.of(holidays)), Instant.parse("2026-12-22T10:00:00Z")))
        .hasValueSatisfying(c -> assertThat(c.until()).isEqualTo(holidays.to()));
  }
}
