package io.promoflow.console.domain.dora;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The facts of one application that the DORA formulas read, in event-time order, bounded to a
 * retention: a fact older than the newest fact's time minus the retention is dropped. The bound
 * counts from event times only, so the same events give the same history in any arrival order
 * (the newest time only grows, and whatever it drops it would drop in any order).
 *
 * @param application the application
 * @param latest epoch ms of the newest fact (0 without facts)
 * @param facts the kept facts, ordered by time, then event id
 */
public record DoraHistory(String application, long latest, List<DoraFact> facts) {

  /** Facts are kept in this order, so that ties are broken the same on every replay. */
  static final Comparator<DoraFact> ORDER =
      Comparator.comparingLong(DoraFact::at).thenComparing(DoraFact::eventId);

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
    return new DoraHistory(application, newest, kept);
  }
}
