package io.promoflow.rollback.adapters.prometheus;

import io.promoflow.platform.events.Events;
import io.promoflow.platform.kafka.Publisher;
import io.promoflow.platform.streams.StoreQueries;
import io.promoflow.platform.web.ProblemException;
import io.promoflow.rollback.domain.MonitoringWindow;
import io.promoflow.rollback.flow.RollbackTopology;
import io.promoflow.rules.keys.ApplicationStageVersion;
import io.promoflow.rules.policy.PipelinePolicy;
import io.promoflow.rules.policy.PrometheusSignals;
import io.promoflow.rules.policy.StagePolicy;
import io.promoflow.schemas.Topics;
import io.promoflow.schemas.common.ArtifactRef;
import io.promoflow.schemas.common.EventMetadata;
import io.promoflow.schemas.verifications.MonitoringQueryFailed;
import io.promoflow.schemas.verifications.VerificationsEnvelope;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.specific.SpecificRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Reads the Prometheus signals of every open monitoring window at its stage's interval and
 * publishes them as a {@code HealthReported} (actor {@code prometheus}), which the topology
 * assesses like any pushed report. A query that fails or matches nothing is published as {@code
 * MonitoringQueryFailed} (and retried at the next interval): a window that never got a sample ends
 * as its stage's {@code verification.onNoData} says, never passed for lack of data.
 *
 * <p>Each instance polls only the windows of its own partitions ({@link StoreQueries#allLocal}),
 * and when a window is due comes from the window itself: the topology records the time of the
 * newest Prometheus result in it ({@link MonitoringWindow#polledAt}), so a new owner after a
 * rebalance or a restart keeps the stage's interval (issue 14, point 1). One poll's results are
 * published in one transaction.
 */
@Component
public class PrometheusPoller {

  private static final Logger log = LoggerFactory.getLogger(PrometheusPoller.class);
  private final PipelinePolicy policy;
  private final MonitoringProperties properties;
  private final StoreQueries stores;
  private final Publisher publisher;
  private final Events events;
  private final PrometheusSignalReader reader;

  /**
   * Optimisation only, never the decision: when this instance published its last reading of a
   * window, so that it does not read again while its own store has not applied that reading yet (a
   * few ms). Only windows it owns are kept; an instance without the entry (a new owner) decides
   * from the store alone.
   */
  private final Map<String, Long> published = new ConcurrentHashMap<>();

  public PrometheusPoller(
      PipelinePolicy policy,
      MonitoringProperties properties,
      StoreQueries stores,
      Publisher publisher,
      Events events) {
    this.policy = policy;
    this.properties = properties;
    this.stores = stores;
    this.publisher = publisher;
    this.events = events;
    this.reader =
        properties.prometheus()
            ? new PrometheusSignalReader(
                new PrometheusClient(properties.prometheusUrl(), properties.timeout()))
            : null;
  }

  @Scheduled(fixedDelayString = "${promoflow.monitoring.tick:1s}")
  public void poll() {
    if (reader == null) {
      return;
    }
    long now = events.clock().millis();
    try {
      Set<String> owned = new HashSet<>();
      for (MonitoringWindow w : stores.<MonitoringWindow>allLocal(RollbackTopology.WINDOWS)) {
        Optional<PrometheusSignals> signals =
            policy
                .stage(w.stage())
                .map(StagePolicy::verification)
                .map(v -> v.prometheus())
                .filter(p -> !p.signals().isEmpty());
        String key = ApplicationStageVersion.of(w.application(), w.stage(), w.version()).value();
        owned.add(key);
        if (signals.isEmpty()
            || !due(w, published.get(key), now, signals.get().interval().toMillis())) {
          continue;
        }
        published.put(key, now);
        evaluate(w, signals.get());
      }
      published.keySet().retainAll(owned);
    } catch (ProblemException storeNotReady) {
      log.debug("monitoring windows not readable yet: {}", storeNotReady.getMessage());
    }
  }

  /**
   * Whether an open window is due for a reading at {@code now} (epoch ms): no Prometheus result
   * recorded in it yet, or the newest one (the store's {@link MonitoringWindow#polledAt}) is at
   * least {@code intervalMs} old. A reading this instance published after that ({@code
   * publishedAt}, null when none) only defers the next one until the store shows it; it never makes
   * one due.
   */
  public static boolean due(MonitoringWindow w, Long publishedAt, long now, long intervalMs) {
    if (!w.isOpen()) {
      return false;
    }
    long last =
        Math.max(
            w.polledAt() == null ? Long.MIN_VALUE : w.polledAt(),
            publishedAt == null ? Long.MIN_VALUE : publishedAt);
    return last == Long.MIN_VALUE || now - last >= intervalMs;
  }

  private void evaluate(MonitoringWindow w, PrometheusSignals signals) {
    List<Publisher.Event<?>> readings = new ArrayList<>();
    for (SpecificRecord payload : reader.read(w, signals)) {
      if (payload instanceof MonitoringQueryFailed f) {
        log.warn(
            "Prometheus query for {} of {} {} in {} failed: {}",
            f.getSignal(),
            w.application(),
            w.version(),
            w.stage(),
            f.getError());
      }
      EventMetadata meta =
          events.meta(
              new ArtifactRef(w.application(), w.version(), w.digest()),
              w.promotionId(),
              null,
              "prometheus");
      readings.add(
          new Publisher.Event<>(
              Topics.VERIFICATIONS, w.application(), new VerificationsEnvelope(meta, payload)));
    }
    publisher.publishAll(readings);
  }
}
