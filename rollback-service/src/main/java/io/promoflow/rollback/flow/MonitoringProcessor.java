package io.promoflow.rollback.flow;

import io.promoflow.platform.events.Events;
import io.promoflow.platform.policy.PipelinePolicy;
import io.promoflow.platform.policy.RollbackPolicy;
import io.promoflow.platform.policy.StagePolicy;
import io.promoflow.platform.policy.VerificationPolicy;
import io.promoflow.platform.stage.StageLedger;
import io.promoflow.platform.stage.StageLedgerProjection;
import io.promoflow.rollback.domain.Assessment;
import io.promoflow.rollback.domain.HealthReport;
import io.promoflow.rollback.domain.MonitoringWindow;
import io.promoflow.rollback.domain.RollbackDecisionEngine;
import io.promoflow.schemas.common.ArtifactRef;
import io.promoflow.schemas.common.EventMetadata;
import io.promoflow.schemas.promotions.PromotionFailed;
import io.promoflow.schemas.promotions.PromotionsEnvelope;
import io.promoflow.schemas.promotions.StagePromoted;
import io.promoflow.schemas.requests.PromotionType;
import io.promoflow.schemas.rollbacks.HoldLifted;
import io.promoflow.schemas.rollbacks.RollbackDecided;
import io.promoflow.schemas.rollbacks.RollbackUnavailable;
import io.promoflow.schemas.rollbacks.RollbacksEnvelope;
import io.promoflow.schemas.verifications.HealthReported;
import io.promoflow.schemas.verifications.VerificationFailed;
import io.promoflow.schemas.verifications.VerificationPassed;
import io.promoflow.schemas.verifications.VerificationStarted;
import io.promoflow.schemas.verifications.VerificationsEnvelope;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Keeps monitoring windows and stage ledgers, and emits verification results and rollback decisions. */
final class MonitoringProcessor implements Processor<String, SpecificRecord, String, SpecificRecord> {

  private static final Logger log = LoggerFactory.getLogger(MonitoringProcessor.class);
  private final PipelinePolicy policy;
  private final Events events;
  private final Duration tick;
  private ProcessorContext<String, SpecificRecord> context;
  private KeyValueStore<String, MonitoringWindow> windows;
  private KeyValueStore<String, StageLedger> ledgers;

  MonitoringProcessor(PipelinePolicy policy, Events events, Duration tick) {
    this.policy = policy;
    this.events = events;
    this.tick = tick;
  }

  @Override
  public void init(ProcessorContext<String, SpecificRecord> context) {
    this.context = context;
    windows = context.getStateStore(RollbackTopology.WINDOWS);
    ledgers = context.getStateStore(RollbackTopology.LEDGERS);
    context.schedule(tick, PunctuationType.WALL_CLOCK_TIME, this::closeWindows);
  }

  @Override
  public void process(Record<String, SpecificRecord> record) {
    if (record.value() instanceof PromotionsEnvelope p && p.getPayload() instanceof StagePromoted promoted) {
      open(record.key(), p.getMeta(), promoted);
    } else if (record.value() instanceof VerificationsEnvelope v && v.getPayload() instanceof HealthReported report) {
      assess(record.key(), v.getMeta(), report);
    } else if (record.value() instanceof RollbacksEnvelope r && r.getPayload() instanceof HoldLifted) {
      ledgers.put(record.key(), StageLedgerProjection.apply(ledger(record.key()), r));
    } else if (record.value() instanceof PromotionsEnvelope p && p.getPayload() instanceof PromotionFailed failed
        && failed.getRollbackRequested()) {
      rollbackAfterFailedExecution(record.key(), p.getMeta(), failed);
    }
  }

  /**
   * The executor of a promotion into a stage failed and its policy says {@code rollbackOnFailure}: the stage may be
   * half-deployed, so it is rolled back to its last known-good version other than the failed one.
   */
  private void rollbackAfterFailedExecution(String app, EventMetadata meta, PromotionFailed failed) {
    String stage = failed.getTargetStage();
    String version = meta.getArtifact().getVersion();
    RollbackPolicy rollback = policy.stage(stage).map(StagePolicy::rollback).orElse(RollbackPolicy.DEFAULTS);
    List<String> reasons = List.of("executor failed: " + failed.getCategory() + " after " + failed.getAttempts()
        + " attempt(s): " + failed.getReason());
    SpecificRecord decision = ledger(app).lastKnownGood(stage, version)
        .<SpecificRecord>map(t -> new RollbackDecided(stage, t.version(), t.digest(), rollback.mode().name(),
            rollback.strategy().name(), 100, reasons, "CRITICAL"))
        .orElseGet(() -> new RollbackUnavailable(stage, "no known-good version of " + stage + " to return to after the "
            + "failed promotion of " + version));
    EventMetadata m = events.meta(meta.getArtifact(), meta.getPromotionId(), meta.getEventId(), null);
    context.forward(new Record<>(app, new RollbacksEnvelope(m, decision), m.getOccurredAt().toEpochMilli()));
  }

  private void open(String app, EventMetadata meta, StagePromoted promoted) {
    ArtifactRef a = meta.getArtifact();
    String stage = promoted.getTargetStage();
    long now = events.clock().millis();
    boolean rollback = promoted.getPromotionType() == PromotionType.ROLLBACK;
    StageLedger l = ledger(app).promoted(stage, a.getVersion(), a.getDigest(), meta.getPromotionId(), now);
    ledgers.put(app, rollback ? l : l.newerVersionArrived(stage));
    Duration window = policy.stage(stage).map(StagePolicy::monitoringWindow).orElse(Duration.ZERO);
    MonitoringWindow previous = windows.get(app + "|" + stage);
    Long restoreStartedAt = rollback && previous != null && "FAILED".equals(previous.status()) ? previous.closedAt() : null;
    MonitoringWindow w = new MonitoringWindow(app, stage, a.getVersion(), a.getDigest(), meta.getPromotionId(),
        promoted.getPromotionType().name(), now, now + window.toMillis(), 0, MonitoringWindow.OPEN, null, restoreStartedAt);
    windows.put(app + "|" + stage, w);
    emit(app, w, meta.getEventId(), new VerificationStarted(stage, Instant.ofEpochMilli(w.endsAt())));
  }

  private void assess(String app, EventMetadata meta, HealthReported report) {
    MonitoringWindow w = windows.get(app + "|" + report.getStage());
    String version = meta.getArtifact().getVersion();
    // the version in a stage stays watched after its window passed: a later breach still fails it and rolls back
    if (w == null || "FAILED".equals(w.status()) || !w.version().equals(version)) {
      log.info("health report for {} {} in {}: not the version monitored there, recorded, not assessed", app, version,
          report.getStage());
      return;
    }
    StagePolicy stage = policy.stage(report.getStage()).orElseThrow();
    VerificationPolicy thresholds = stage.verification();
    Assessment verdict = RollbackDecisionEngine.assess(new HealthReport(report.getHealthScore(), report.getErrorRate(),
        report.getLatencyP99Ms(), report.getCriticalAnomalies(), report.getBusinessImpact().name()), thresholds);
    if (!verdict.rollback()) {
      if (MonitoringWindow.OPEN.equals(w.status())) {
        windows.put(app + "|" + w.stage(), w.counted());
      } else if (verdict.score() > 0 && w.closedAt() != null
          && events.clock().millis() - w.closedAt() < stage.soakTime().toMillis()) {
        // a degraded report while the verified version soaks restarts its soak time: verified again, from now
        long now = events.clock().millis();
        windows.put(app + "|" + w.stage(), w.closed("PASSED", now));
        ledgers.put(app, ledger(app).verificationPassed(w.stage(), w.version(), w.digest(), now));
        log.info("{} {} in {}: degraded report during the soak ({}), soak time restarts", app, w.version(), w.stage(),
            String.join("; ", verdict.reasons()));
        emit(app, w, meta.getEventId(), VerificationPassed.newBuilder().setStage(w.stage())
            .setWindowStartedAt(Instant.ofEpochMilli(w.startedAt())).setReportsReceived(w.reports())
            .setPromotionType(PromotionType.valueOf(w.promotionType())).build());
      }
      return;
    }
    long now = events.clock().millis();
    windows.put(app + "|" + w.stage(), w.closed("FAILED", now));
    StageLedger ledger = ledger(app).verificationFailed(w.stage(), w.version(), now);
    ledgers.put(app, ledger);
    emit(app, w, meta.getEventId(), new VerificationFailed(w.stage(), verdict.score(), verdict.reasons()));
    RollbackPolicy rollback = stage.rollback();
    Optional<StageLedger.VerifiedVersion> target = ledger.lastKnownGood(w.stage(), w.version());
    SpecificRecord decision = target.<SpecificRecord>map(t -> new RollbackDecided(w.stage(), t.version(), t.digest(),
        rollback.mode().name(), rollback.strategy().name(), verdict.score(), verdict.reasons(), verdict.urgency()))
        .orElseGet(() -> new RollbackUnavailable(w.stage(), "no version other than " + w.version()
            + " passed verification in " + w.stage() + "; escalate"));
    EventMetadata m = events.meta(new ArtifactRef(app, w.version(), w.digest()), w.promotionId(), meta.getEventId(), null);
    context.forward(new Record<>(app, new RollbacksEnvelope(m, decision), m.getOccurredAt().toEpochMilli()));
  }

  private void closeWindows(long now) {
    List<MonitoringWindow> due = new ArrayList<>();
    try (KeyValueIterator<String, MonitoringWindow> it = windows.all()) {
      it.forEachRemaining(kv -> {
        if (MonitoringWindow.OPEN.equals(kv.value.status()) && kv.value.endsAt() <= now) {
          due.add(kv.value);
        }
      });
    }
    for (MonitoringWindow w : due) {
      windows.put(w.application() + "|" + w.stage(), w.closed("PASSED", now));
      ledgers.put(w.application(), ledger(w.application()).verificationPassed(w.stage(), w.version(), w.digest(), now));
      Long timeToRestore = w.restoreStartedAt() == null ? null : now - w.restoreStartedAt();
      if (timeToRestore != null) {
        log.info("{} {} restored to {} in {} ms", w.application(), w.stage(), w.version(), timeToRestore);
      }
      emit(w.application(), w, null, VerificationPassed.newBuilder().setStage(w.stage())
          .setWindowStartedAt(Instant.ofEpochMilli(w.startedAt())).setReportsReceived(w.reports())
          .setPromotionType(PromotionType.valueOf(w.promotionType())).setTimeToRestoreMs(timeToRestore).build());
    }
  }

  private void emit(String app, MonitoringWindow w, String causationId, SpecificRecord payload) {
    EventMetadata m = events.meta(new ArtifactRef(app, w.version(), w.digest()), w.promotionId(), causationId, null);
    context.forward(new Record<>(app, new VerificationsEnvelope(m, payload), m.getOccurredAt().toEpochMilli()));
  }

  private StageLedger ledger(String app) {
    StageLedger l = ledgers.get(app);
    return l == null ? StageLedger.empty(app) : l;
  }
}
