package io.promoflow.rollback.flow;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Health reports and Prometheus results ({@code HealthReported}, {@code MonitoringQueryFailed}) of
 * one version in one stage read before the {@code StagePromoted} that opens their window (store
 * {@value RollbackTopology#HELD}, key {@code <application>|<stage>|<version>}): Kafka orders the
 * verifications and promotions topics against each other in no way, so after a restart a report can
 * be read before the promotion it is about.
 *
 * @param signals oldest event time first, at most {@value #MAX} per key
 */
public record HeldSignals(String application, String stage, String version, List<Held> signals) {

  /** Most signals held per application, stage and version; more are dropped with a warning. */
  public static final int MAX = 50;

  public HeldSignals {
    signals = signals == null ? List.of() : List.copyOf(signals);
  }

  /**
   * One held signal.
   *
   * @param at its event time, epoch ms
   * @param eventId its event id (a signal read twice is held once)
   * @param envelope the {@code VerificationsEnvelope}, Avro encoded
   */
  public record Held(long at, String eventId, byte[] envelope) {}

  /**
   * These signals with {@code held} added in event-time order (unchanged when its event is already
   * held).
   */
  HeldSignals with(Held held) {
    if (signals.stream().anyMatch(s -> s.eventId().equals(held.eventId()))) {
      return this;
    }
    List<Held> next = new ArrayList<>(signals);
    next.add(held);
    next.sort(Comparator.comparingLong(Held::at));
    return new HeldSignals(application, stage, version, next);
  }

  /** True when no more may be held. */
  boolean full() {
    return signals.size() >= MAX;
  }
}
