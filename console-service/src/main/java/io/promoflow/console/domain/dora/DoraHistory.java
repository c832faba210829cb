package io.promoflow.console.domain.dora;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The facts of one application that the DORA formulas read, in event-time order, bounded to a
 * retention: a fact older than the newest fact's time minus the retention is dropped, and at most
 * {@value #MAX_FACTS} facts are kept (the oldest go first), so that the history stays one Kafka
 * record (below 1 MB as JSON) in the store's changelog. Both bounds count from event times only, so
 * the same events give the same history in any arrival order (the newest time only grows, and
 * whatever the bounds drop they would drop in any order).
 *
 * @param application the application
 * @param latest epoch ms of the newest fact (0 without facts)
 * @param facts the kept facts, ordered by time, then event id
 */
public record DoraHistory(String application, long latest, List<DoraFact> facts) {

  /** Facts are kept in this order, so that ties are broken the same on every replay. */
  static final Comparator<DoraFact> ORDER =
      Comparator.comparingLong(DoraFact::at).thenComparing(DoraFact::eventId);

  /**
   * Most facts kept per application: about 30 days of 25 promotions a day through four stages with
   * their builds, verifications and approvals; an application busier than that has figures over its
   * newest facts only ({@link #complete()} says since when).
   */
  public static final int MAX_FACTS = 4000;

  public DoraHistory {
    facts = facts == null ? List.of() : List.copyOf(facts);
  }

  /** An application without facts. */
  public static DoraHistory empty(String application) {
    return new DoraHistory(application, 0, List.of());
  }

  /**
   * This history with {@code fact} (unless a fact of the same event is already kept), without the
   * facts older than {@code retention} before the newest.
   *
   * @param retention how far back facts are kept: the longest window a figure may be asked for
   */
  public DoraHistory with(DoraFact fact, Duration retention) {
    long newest = Math.max(latest, fact.at());
    long horizon = newest - retention.toMillis();
    boolean known = facts.stream().anyMatch(f -> f.eventId().equals(fact.eventId()));
    List<DoraFact> kept = new ArrayList<>(facts.size() + 1);
    for (DoraFact f : facts) {
      if (f.at() >= horizon) {
        kept.add(f);
      }
    }
    if (!known && fact.at() >= horizon) {
      kept.add(fact);
    }
    kept.sort(ORDER);
    if (kept.size() > MAX_FACTS) {
      kept = new ArrayList<>(kept.subList(kept.size() - MAX_FACTS, kept.size()));
    }
    return new DoraHistory(application, newest, kept);
  }

  /**
   * True when the history holds every fact of its retention, false when {@link #MAX_FACTS} dropped
   * some (the oldest kept fact is then where its figures start).
   */
  public boolean complete() {
    return facts.size() < MAX_FACTS;
  }
}
