package io.promoflow.rollback.adapters.prometheus;

import io.promoflow.platform.events.Events;
import io.promoflow.platform.kafka.Publisher;
import io.promoflow.rules.keys.ApplicationStageVersion;
import io.promoflow.rules.policy.PipelinePolicy;
import io.promoflow.rules.policy.PrometheusSignals;
import io.promoflow.rules.policy.StagePolicy;
import io.promoflow.platform.streams.StoreQueries;
import io.promoflow.platform.web.ProblemException;
import io.promoflow.rollback.domain.MonitoringWindow;
import io.promoflow.rollback.flow.RollbackTopology;
import io.promoflow.schemas.Topics;
import io.promoflow.schemas.common.ArtifactRef;
import io.promoflow.schemas.common.EventMetadata;
import io.promoflow.schemas.verifications.MonitoringQueryFailed;
import io.promoflow.schemas.verifications.VerificationsEnvelope;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.specific.SpecificRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Reads the Prometheus signals of every open monitoring window at its stage's interval and publishes them as a
 * {@code HealthReported} (actor {@code prometheus}), which the topology assesses like any pushed report. A query that
 * fails or matches nothing is published as {@code MonitoringQueryFailed} (and retried at the next interval): a window
 * that never got a sample ends as its stage's {@code verification.onNoData} says, never passed for lack of data.
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
  private final Map<String, Long> lastEvaluated = new ConcurrentHashMap<>();

  public PrometheusPoller(PipelinePolicy policy, MonitoringProperties properties, StoreQueries stores, Publisher publisher,
      Events events) {
    this.policy = policy;
    this.properties = properties;
    this.stores = stores;
    this.publisher = publisher;
    this.events = events;
    this.reader = properties.prometheus()
        ? new PrometheusSignalReader(new PrometheusClient(properties.prometheusUrl(), properties.timeout())) : null;
  }

  @Scheduled(fixedDelayString = "${promoflow.monitoring.tick:1s}")
  public void poll() {
    if (reader == null) {
      return;
    }
    long now = events.clock().millis();
    try {
      for (MonitoringWindow w : stores.<MonitoringWindow>allLocal(RollbackTopology.WINDOWS)) {
        Optional<PrometheusSignals> signals = policy.stage(w.stage()).map(StagePolicy::verification)
            .map(v -> v.prometheus()).filter(p -> !p.signals().isEmpty());
        String key = ApplicationStageVersion.of(w.application(), w.stage(), w.version()).value();
        if (signals.isEmpty() || !w.isOpen()
            || now - lastEvaluated.getOrDefault(key, 0L) < signals.get().interval().toMillis()) {
          continue;
        }
        lastEvaluated.put(key, now);
        evaluate(w, signals.get());
      }
    } catch (ProblemException storeNotReady) {
      log.debug("monitoring windows not readable yet: {}", storeNotReady.getMessage());
    }
  }

  private void evaluate(MonitoringWindow w, PrometheusSignals signals) {
    for (SpecificRecord payload : reader.read(w, signals)) {
      if (payload instanceof MonitoringQueryFailed f) {
        log.warn("Prometheus query for {} of {} {} in {} failed: {}", f.getSignal(), w.application(), w.version(), w.stage(),
            f.getError());
      }
      EventMetadata meta = events.meta(new ArtifactRef(w.application(), w.version(), w.digest()), w.promotionId(), null,
          "prometheus");
      publisher.publish(Topics.VERIFICATIONS, w.application(), new VerificationsEnvelope(meta, payload));
    }
  }
}
