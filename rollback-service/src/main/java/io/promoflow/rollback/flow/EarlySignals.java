package io.promoflow.rollback.flow;

import io.promoflow.rules.keys.ApplicationStageVersion;
import io.promoflow.rules.policy.PipelinePolicy;
import io.promoflow.rules.policy.StagePolicy;
import io.promoflow.schemas.Topics;
import io.promoflow.schemas.verifications.VerificationsEnvelope;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongPredicate;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps health reports and Prometheus results read before their window opened ({@link HeldSignals})
 * until the {@code StagePromoted} of their version in their stage opens it, bounded: at most
 * {@value HeldSignals#MAX} per application, stage and version (more are dropped with a warning),
 * and each dropped with a warning once the stage's {@code monitoringWindow} has passed since its
 * event time without a window opening (checked once the input was read up to then). Not
 * thread-safe: one instance per processor instance.
 */
final class EarlySignals {

  private static final Logger log = LoggerFactory.getLogger(EarlySignals.class);
  private final KeyValueStore<String, HeldSignals> store;
  private final PipelinePolicy policy;

  EarlySignals(KeyValueStore<String, HeldSignals> store, PipelinePolicy policy) {
    this.store = store;
    this.policy = policy;
  }

  /**
   * Holds {@code signal} (of {@code version} in {@code stage}) until its window opens; drops it
   * when full.
   */
  void hold(String application, String stage, String version, VerificationsEnvelope signal) {
    String key = key(application, stage, version);
    HeldSignals held = store.get(key);
    HeldSignals current =
        held == null ? new HeldSignals(application, stage, version, List.of()) : held;
    String eventId = signal.getMeta().getEventId();
    if (current.full()) {
      log.warn(
          "{} {} in {}: {} signals already wait for its window; {} ({}) dropped",
          application,
          version,
          stage,
          HeldSignals.MAX,
          eventId,
          signal.getPayload().getClass().getSimpleName());
      return;
    }
    log.info(
        "{} {} in {}: {} read before its window opened, held until it does",
        application,
        version,
        stage,
        signal.getPayload().getClass().getSimpleName());
    store.put(
        key,
        current.with(
            new HeldSignals.Held(
                signal.getMeta().getOccurredAt().toEpochMilli(),
                eventId,
                Topics.VERIFICATIONS.serde().encode(signal))));
  }

  /**
   * Removes and returns the signals held for {@code version} in {@code stage}, oldest event time
   * first.
   */
  List<VerificationsEnvelope> take(String application, String stage, String version) {
    String key = key(application, stage, version);
    HeldSignals held = store.get(key);
    if (held == null) {
      return List.of();
    }
    store.delete(key);
    return held.signals().stream()
        .map(s -> Topics.VERIFICATIONS.serde().decode(s.envelope()))
        .toList();
  }

  /**
   * Drops held signals whose stage's {@code monitoringWindow} (zero for a stage the policy no
   * longer has) has passed since their event time, with the input read up to then.
   *
   * @param reached whether a deadline (epoch ms) has passed with the input read up to it; see
   *     {@link io.promoflow.platform.streams.InputProgress#readUpTo}
   */
  void expire(LongPredicate reached) {
    List<KeyValue<String, HeldSignals>> all = new ArrayList<>();
    try (KeyValueIterator<String, HeldSignals> it = store.all()) {
      it.forEachRemaining(all::add);
    }
    for (KeyValue<String, HeldSignals> kv : all) {
      HeldSignals h = kv.value;
      long window =
          policy
              .stage(h.stage())
              .map(StagePolicy::monitoringWindow)
              .orElse(Duration.ZERO)
              .toMillis();
      List<HeldSignals.Held> kept = new ArrayList<>();
      for (HeldSignals.Held s : h.signals()) {
        long expiresAt = s.at() + window;
        if (reached.test(expiresAt)) {
          log.warn(
              "{} {} in {}: signal {} never met an open window (no StagePromoted within {} ms); dropped",
              h.application(),
              h.version(),
              h.stage(),
              s.eventId(),
              window);
        } else {
          kept.add(s);
        }
      }
      if (kept.isEmpty()) {
        store.delete(kv.key);
      } else if (kept.size() < h.signals().size()) {
        store.put(kv.key, new HeldSignals(h.application(), h.stage(), h.version(), kept));
      }
    }
  }

  private static String key(String application, String stage, String version) {
    return ApplicationStageVersion.of(application, stage, version).value();
  }
}
