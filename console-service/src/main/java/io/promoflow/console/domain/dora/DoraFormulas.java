package io.promoflow.console.domain.dora;

import io.promoflow.console.domain.dora.DoraFact.Kind;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The DORA formulas (DORA's four keys, as defined by the DevOps Research and Assessment program,
 * "Accelerate" 2018, applied to promotions; see docs/dora-metrics.md) plus approval wait and
 * promotion success rate, over the facts of the event log. Pure: every time is an event time, the
 * window's end is given (the caller's clock), so the same facts and the same end give the same
 * figures.
 *
 * <p>Window: from {@code end - window} to {@code end}, both included. Only facts up to {@code end}
 * are read, so figures as of a past end do not change when later events arrive.
 */
public final class DoraFormulas {

  private static final double MS_PER_DAY = Duration.ofDays(1).toMillis();

  private DoraFormulas() {}

  /** A time window, epoch ms, both ends included. */
  public record Window(long from, long to) {

    /** The window of length {@code length} ending at {@code end}. */
    public static Window ending(Instant end, Duration length) {
      return new Window(end.toEpochMilli() - length.toMillis(), end.toEpochMilli());
    }

    boolean contains(long at) {
      return at >= from && at <= to;
    }

    /** Length in days (fractional). */
    double days() {
      return (to - from) / MS_PER_DAY;
    }
  }

  /** The figures of {@code stage} over {@code window}, every application's facts pooled. */
  public static DoraFigures figures(
      Collection<DoraHistory> histories, String stage, Window window) {
    long promotions = 0;
    long failed = 0;
    long ended = 0;
    long succeeded = 0;
    List<Long> leadTimes = new ArrayList<>();
    List<Long> restores = new ArrayList<>();
    List<Long> waits = new ArrayList<>();
    for (DoraHistory h : histories) {
      List<DoraFact> facts = upTo(h.facts(), window.to());
      promotions += promotions(facts, stage, window).size();
      failed += changeFailures(facts, stage, window);
      leadTimes.addAll(leadTimes(facts, stage, window));
      restores.addAll(restoreTimes(facts, stage, window));
      waits.addAll(approvalWaits(facts, stage, window));
      long[] outcome = outcomes(facts, stage, window);
      succeeded += outcome[0];
      ended += outcome[1];
    }
    return new DoraFigures(
        deploymentFrequencyPerDay(promotions, window),
        percentile(leadTimes, 50),
        percentile(leadTimes, 90),
        promotions == 0 ? null : (double) failed / promotions,
        percentile(restores, 50),
        percentile(waits, 50),
        percentile(waits, 90),
        ended == 0 ? null : (double) succeeded / ended,
        promotions);
  }

  /** The changes promoted into {@code stage} in the window (rollbacks are not changes). */
  static List<DoraFact> promotions(List<DoraFact> facts, String stage, Window window) {
    return facts.stream()
        .filter(f -> f.kind() == Kind.PROMOTED && stage.equals(f.stage()))
        .filter(f -> window.contains(f.at()))
        .toList();
  }

  /** Promotions per day: {@code promotions / (window length in days)}; 0 for an empty window. */
  static double deploymentFrequencyPerDay(long promotions, Window window) {
    return window.days() <= 0 ? 0 : promotions / window.days();
  }

  /**
   * Lead time of each change promoted into the stage in the window: its promotion time minus the
   * time its version was built (the source commit time when the event log has it; the first build
   * of the version). A promotion whose build is not in the log (older than the retention) has no
   * lead time; nor has one recorded before its build (clock skew between CI and Promoflow).
   */
  static List<Long> leadTimes(List<DoraFact> facts, String stage, Window window) {
    Map<String, Long> built = new HashMap<>();
    for (DoraFact f : facts) {
      if (f.kind() == Kind.BUILT && f.version() != null) {
        built.merge(f.version(), f.at(), Math::min);
      }
    }
    List<Long> out = new ArrayList<>();
    for (DoraFact p : promotions(facts, stage, window)) {
      Long start = built.get(p.version());
      if (start != null && p.at() >= start) {
        out.add(p.at() - start);
      }
    }
    return out;
  }

  /**
   * How many of the changes promoted into the stage in the window were followed, in that stage and
   * before the next promotion (or rollback redeploy) into it, by a failed verification or a decided
   * rollback.
   */
  static long changeFailures(List<DoraFact> facts, String stage, Window window) {
    List<DoraFact> inStage = facts.stream().filter(f -> stage.equals(f.stage())).toList();
    long failures = 0;
    for (int i = 0; i < inStage.size(); i++) {
      DoraFact p = inStage.get(i);
      if (p.kind() != Kind.PROMOTED || !window.contains(p.at())) {
        continue;
      }
      for (int j = i + 1; j < inStage.size(); j++) {
        DoraFact next = inStage.get(j);
        if (next.deploys()) {
          break;
        }
        if (next.kind() == Kind.VERIFICATION_FAILED || next.kind() == Kind.ROLLBACK) {
          failures++;
          break;
        }
      }
    }
    return failures;
  }

  /**
   * Time to restore of each outage of the stage restored in the window: from the first failed
   * verification of the outage to the next passed verification. Further failures before that pass
   * belong to the same outage; an outage not restored yet has no time.
   */
  static List<Long> restoreTimes(List<DoraFact> facts, String stage, Window window) {
    List<Long> out = new ArrayList<>();
    Long failedAt = null;
    for (DoraFact f : facts) {
      if (!stage.equals(f.stage())) {
        continue;
      }
      if (f.kind() == Kind.VERIFICATION_FAILED && failedAt == null) {
        failedAt = f.at();
      } else if (f.kind() == Kind.VERIFICATION_PASSED && failedAt != null) {
        if (window.contains(f.at())) {
          out.add(f.at() - failedAt);
        }
        failedAt = null;
      }
    }
    return out;
  }

  /**
   * How long each approval into the stage that ended in the window waited: from its request to its
   * first grant, rejection or expiry. Voided approvals (their promotion was replaced) have no wait.
   */
  static List<Long> approvalWaits(List<DoraFact> facts, String stage, Window window) {
    Map<String, Long> requested = new HashMap<>();
    Map<String, Long> ended = new HashMap<>();
    for (DoraFact f : facts) {
      if (f.approvalId() == null) {
        continue;
      }
      if (f.kind() == Kind.APPROVAL_REQUESTED && stage.equals(f.stage())) {
        requested.merge(f.approvalId(), f.at(), Math::min);
      } else if (f.kind() == Kind.APPROVAL_ENDED) {
        ended.merge(f.approvalId(), f.at(), Math::min);
      }
    }
    List<Long> out = new ArrayList<>();
    for (var r : requested.entrySet()) {
      Long end = ended.get(r.getKey());
      if (end != null && end >= r.getValue() && window.contains(end)) {
        out.add(end - r.getValue());
      }
    }
    return out;
  }

  /**
   * {@code [promoted, ended]}: of the promotions into the stage whose outcome falls in the window
   * (the last outcome of a promotion counts: a blocked promotion later forced through is promoted),
   * how many ended promoted, and how many ended at all. Superseded promotions have no outcome (a
   * newer version took their place and has its own).
   */
  static long[] outcomes(List<DoraFact> facts, String stage, Window window) {
    Map<String, DoraFact> last = new HashMap<>();
    for (DoraFact f : facts) {
      if ((f.deploys() || f.kind() == Kind.NOT_PROMOTED)
          && stage.equals(f.stage())
          && f.promotionId() != null) {
        last.put(f.promotionId(), f); // facts are in time order: the last one stays
      }
    }
    long promoted = 0;
    long ended = 0;
    for (DoraFact f : last.values()) {
      if (window.contains(f.at())) {
        ended++;
        if (f.deploys()) {
          promoted++;
        }
      }
    }
    return new long[] {promoted, ended};
  }

  /**
   * The {@code p}th percentile by the nearest-rank method (the smallest sample with at least p% of
   * the samples at or below it), or null without samples.
   */
  static Long percentile(List<Long> samples, int p) {
    if (samples.isEmpty()) {
      return null;
    }
    List<Long> sorted = samples.stream().sorted().toList();
    int rank = (int) Math.ceil(p / 100.0 * sorted.size());
    return sorted.get(Math.max(0, rank - 1));
  }

  private static List<DoraFact> upTo(List<DoraFact> facts, long end) {
    return facts.stream().filter(f -> f.at() <= end).toList();
  }
}
