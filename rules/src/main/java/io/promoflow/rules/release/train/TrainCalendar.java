package io.promoflow.rules.release.train;

import io.promoflow.rules.policy.PipelinePolicy;
import io.promoflow.rules.policy.TrainPolicy;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The release train's calendar (policy {@code releases.train}; reference
 * release-management-guide.md "Bi-Weekly Release Train"): which dates are train dates, a train's
 * version, its collection cutoff and its phase schedule.
 *
 * <p>All times are UTC: a train date starts at 00:00Z and every phase is that instant plus the
 * phase's offset. Pure: the current time is always an argument, never read from a clock, so the
 * coordinator's punctuator and audit replay compute the same schedule.
 *
 * <p>Bad input (a null date, a date that is not on the cadence where one is required, a version
 * that is not the train's) is refused with an {@link IllegalArgumentException} whose message starts
 * with the field it names ({@code trainDate: …}, {@code version: …}); the HTTP layer maps it to a
 * 400 problem response.
 */
public final class TrainCalendar {

  /** {@link #phaseAt} before the train's first phase. */
  public static final String SCHEDULED = "scheduled";

  /** {@link #phaseAt} once the last phase's day (the retrospective's) has passed. */
  public static final String CLOSED = "closed";

  private final TrainPolicy policy;
  private final long cadenceDays;

  /**
   * The calendar of {@code policy}.
   *
   * @throws IllegalArgumentException if the cadence is not a positive whole number of days (train
   *     dates are dates, so a cadence of hours has no meaning), or a phase offset is null or
   *     negative
   */
  public TrainCalendar(TrainPolicy policy) {
    if (policy == null) {
      throw new IllegalArgumentException("releases.train: required");
    }
    Duration cadence = policy.cadence();
    if (cadence.isNegative()
        || cadence.isZero()
        || !cadence.equals(Duration.ofDays(cadence.toDays()))) {
      throw new IllegalArgumentException(
          "releases.train.cadence: must be a positive whole number of days, got " + cadence);
    }
    for (Map.Entry<String, Duration> phase : policy.phases().entrySet()) {
      if (phase.getValue() == null || phase.getValue().isNegative()) {
        throw new IllegalArgumentException(
            "releases.train.phases." + phase.getKey() + ": offset must not be negative");
      }
    }
    this.policy = policy;
    this.cadenceDays = cadence.toDays();
  }

  /** The calendar of {@code policy.releases().train()}. */
  public static TrainCalendar of(PipelinePolicy policy) {
    return new TrainCalendar(policy.releases().train());
  }

  /** The train policy this calendar reads. */
  public TrainPolicy policy() {
    return policy;
  }

  /**
   * The train version of {@code trainDate}: {@code YYYY.NN.0} with {@code NN = (ISO week + 1) / 2}
   * (integer division, two digits), the guide's {@code _generate_train_version}.
   *
   * <p>{@code YYYY} is the <em>ISO week-based year</em> of the date, not its calendar year (the
   * guide takes {@code train_date.year}): the ISO week of a date near New Year belongs to the
   * neighbouring year — 2024-12-30 is in week 1 of 2025, 2027-01-01 in week 53 of 2026 — and
   * pairing a week number with the other year's number gives a version that repeats an earlier
   * train's ({@code 2024.01.0} for 2024-12-30) or jumps ahead of later ones. With the week-based
   * year, versions increase with the date. Any date has a version; the numbering is unique per
   * train only with the bi-weekly cadence (a weekly cadence gives two trains the same {@code NN}).
   *
   * <p>Not to be confused with a free release version such as {@code 2026.47.0}, which a release
   * that is not a train may carry.
   */
  public String version(LocalDate trainDate) {
    requireDate(trainDate);
    int week = trainDate.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR);
    int year = trainDate.get(IsoFields.WEEK_BASED_YEAR);
    return String.format("%d.%02d.0", year, (week + 1) / 2);
  }

  /** Whether {@code date} is {@code anchor + k × cadence} for some integer k (also before it). */
  public boolean isTrainDate(LocalDate date) {
    requireDate(date);
    return Math.floorMod(ChronoUnit.DAYS.between(policy.anchor(), date), cadenceDays) == 0;
  }

  /** The first train date ({@code anchor + k × cadence}) on or after {@code now}'s UTC date. */
  public LocalDate nextTrainDate(Instant now) {
    if (now == null) {
      throw new IllegalArgumentException("now: required");
    }
    return nextTrainDateOnOrAfter(LocalDate.ofInstant(now, ZoneOffset.UTC));
  }

  /** The first train date on or after {@code date}. */
  public LocalDate nextTrainDateOnOrAfter(LocalDate date) {
    requireDate(date);
    long days = ChronoUnit.DAYS.between(policy.anchor(), date);
    long k = -Math.floorDiv(-days, cadenceDays); // ceil(days / cadence), also for dates before it
    return policy.anchor().plusDays(k * cadenceDays);
  }

  /**
   * The train a request names: {@code trainDate} (null: the next train date on or after {@code
   * now}'s UTC date), checked to be on the cadence and not in the past, and {@code version} (null:
   * none given) checked to be that date's train version.
   *
   * @return the train date
   * @throws IllegalArgumentException naming {@code trainDate} or {@code version}
   */
  public LocalDate requireTrain(LocalDate trainDate, String version, Instant now) {
    LocalDate next = nextTrainDate(now);
    LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
    LocalDate date = trainDate == null ? next : trainDate;
    if (!isTrainDate(date)) {
      throw new IllegalArgumentException(
          "trainDate: "
              + date
              + " is not a train date (every "
              + cadenceDays
              + " days from "
              + policy.anchor()
              + "; next: "
              + nextTrainDateOnOrAfter(date)
              + ")");
    }
    if (date.isBefore(today)) {
      throw new IllegalArgumentException(
          "trainDate: " + date + " is in the past (next: " + next + ")");
    }
    if (version != null && !version.equals(version(date))) {
      throw new IllegalArgumentException(
          "version: the train of " + date + " is " + version(date) + ", not " + version);
    }
    return date;
  }

  /** The start of {@code trainDate}: 00:00Z, the instant its phase offsets count from. */
  public Instant start(LocalDate trainDate) {
    requireDate(trainDate);
    return trainDate.atStartOfDay(ZoneOffset.UTC).toInstant();
  }

  /**
   * The collection cutoff: {@code trainDate} 00:00Z − {@code releases.train.cutoff} (the guide's
   * {@code train_date - timedelta(days=14)}); only versions verified strictly before it are
   * collected.
   */
  public Instant cutoff(LocalDate trainDate) {
    return start(trainDate).minus(policy.cutoff());
  }

  /** The train's phases in policy order, each at {@code trainDate 00:00Z + offset}. */
  public List<Phase> phases(LocalDate trainDate) {
    Instant start = start(trainDate);
    List<Phase> phases = new ArrayList<>();
    policy.phases().forEach((name, offset) -> phases.add(new Phase(name, start.plus(offset))));
    return List.copyOf(phases);
  }

  /**
   * The phase the train is in at {@code now}: the last phase whose time is at or before {@code
   * now}; {@link #SCHEDULED} before the first; {@link #CLOSED} from one day after the last phase
   * (the retrospective) on.
   */
  public String phaseAt(LocalDate trainDate, Instant now) {
    if (now == null) {
      throw new IllegalArgumentException("now: required");
    }
    List<Phase> phases = phases(trainDate);
    Instant last = phases.isEmpty() ? start(trainDate) : phases.get(phases.size() - 1).at();
    if (!now.isBefore(last.plus(Duration.ofDays(1)))) {
      return CLOSED;
    }
    String current = SCHEDULED;
    for (Phase p : phases) {
      if (!p.at().isAfter(now)) {
        current = p.name();
      }
    }
    return current;
  }

  /**
   * The phases whose time is at or before {@code now} and that are not in {@code entered}, in phase
   * order: what the coordinator's punctuator emits {@code TrainPhaseEntered} for (with {@code
   * scheduledAt} = the phase's time, so the events do not depend on when the punctuator runs).
   */
  public List<Phase> due(LocalDate trainDate, Set<String> entered, Instant now) {
    if (now == null) {
      throw new IllegalArgumentException("now: required");
    }
    Set<String> done = entered == null ? Set.of() : entered;
    return phases(trainDate).stream()
        .filter(p -> !p.at().isAfter(now) && !done.contains(p.name()))
        .toList();
  }

  private static void requireDate(LocalDate date) {
    if (date == null) {
      throw new IllegalArgumentException("trainDate: required");
    }
  }

  /**
   * One phase of a train.
   *
   * @param name the phase ({@code collection}, …, {@code retrospective})
   * @param at when it is scheduled (UTC)
   */
  public record Phase(String name, Instant at) {}
}
