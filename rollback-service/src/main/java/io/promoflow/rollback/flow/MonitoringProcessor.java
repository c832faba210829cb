package io.promoflow.rollback.flow;

import io.promoflow.platform.events.Events;
import io.promoflow.rules.policy.PipelinePolicy;
import io.promoflow.rules.policy.RollbackPolicy;
import io.promoflow.rules.policy.StagePolicy;
import io.promoflow.rules.policy.VerificationPolicy;
import io.promoflow.rules.stage.StageLedger;
import io.promoflow.rules.stage.StageLedgerProjection;
import io.promoflow.rollback.domain.Assessment;
import io.promoflow.rollback.domain.HealthReport;
import io.promoflow.rollback.domain.MonitoringWindow;
import io.promoflow.rollback.domain.NoDataCheck;
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
import io.promoflow.schemas.verifications.MonitoringQueryFailed;
import io.promoflow.schemas.verifications.VerificationFailed;
import io.promoflow.schemas.verifications.VerificationInconclusive;
import io.promoflow.schemas.verifications.VerificationPassed;
import io.promoflow.schemas.verifications.VerificationRerunRequested;
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

/**
 * Keeps monitoring windows and stage ledgers, and emits verification results and rollback decisions. A window that
 * ends without a breach passes only when it saw health data; without data it ends as its stage's
 * {@code verification.onNoData} says (default inconclusive: the version stays, neither promoted onward nor rolled back).
 */
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
    } else if (record.value() instanceof VerificationsEnvelope v && v.getPayload() instanceof MonitoringQueryFailed failed) {
      queryFailed(record.key(), v.getMeta(), failed);
    } else if (record.value() instanceof VerificationsEnvelope v && v.getPayload() instanceof VerificationRerunRequested rerun) {
      rerun(record.key(), v.getMeta(), rerun);
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
    MonitoringWindow previous = windows.get(app + "|" + stage);
    Long restoreStartedAt = rollback && previous != null && MonitoringWindow.FAILED.equals(previous.status())
        ? previous.closedAt() : null;
    openWindow(app, stage, a.getVersion(), a.getDigest(), meta.getPromotionId(), promoted.getPromotionType().name(),
        restoreStartedAt, meta.getEventId(), now);
  }

  private void openWindow(String app, String stage, String version, String digest, String promotionId, String type,
      Long restoreStartedAt, String causationId, long now) {
    Duration window = policy.stage(stage).map(StagePolicy::monitoringWindow).orElse(Duration.ZERO);
    MonitoringWindow w = MonitoringWindow.open(app, stage, version, digest, promotionId, type, now, now + window.toMillis(),
        restoreStartedAt);
    windows.put(app + "|" + stage, w);
    emit(app, w, causationId, new VerificationStarted(stage, Instant.ofEpochMilli(w.endsAt())));
  }

  /**
   * A person asked for a new window for the version in the stage (e.g. after an inconclusive one, once the deployer
   * reports health): it opens for that version, pending again, keeping the promotion's type (a rolled-back version
   * verified again is still not promoted onward). A request for a version no longer there is ignored.
   */
  private void rerun(String app, EventMetadata meta, VerificationRerunRequested rerun) {
    String stage = rerun.getStage();
    String version = meta.getArtifact().getVersion();
    Optional<StageLedger.StageSlot> slot = ledger(app).in(stage);
    if (slot.isEmpty() || !slot.get().version().equals(version) || policy.stage(stage).isEmpty()) {
      log.info("rerun of {} {} in {} ignored: {} runs there", app, version, stage,
          slot.map(StageLedger.StageSlot::version).orElse("nothing"));
      return;
    }
    MonitoringWindow previous = windows.get(app + "|" + stage);
    boolean same = previous != null && previous.version().equals(version);
    ledgers.put(app, ledger(app).verificationRestarted(stage, version));
    log.info("{} {} in {}: verification rerun requested by {}: {}", app, version, stage, meta.getActor(), rerun.getReason());
    openWindow(app, stage, version, slot.get().digest(), slot.get().promotionId(),
        same ? previous.promotionType() : PromotionType.AUTOMATIC.name(), same ? previous.restoreStartedAt() : null,
        meta.getEventId(), events.clock().millis());
  }

  /** A failed or empty Prometheus query of the open window of that version: recorded, decides nothing yet. */
  private void queryFailed(String app, EventMetadata meta, MonitoringQueryFailed failed) {
    MonitoringWindow w = windows.get(app + "|" + failed.getStage());
    if (w != null && w.isOpen() && w.version().equals(meta.getArtifact().getVersion())) {
      windows.put(app + "|" + w.stage(), w.queryFailed(failed.getSignal(), failed.getError()));
    }
  }

  private void assess(String app, EventMetadata meta, HealthReported report) {
    MonitoringWindow w = windows.get(app + "|" + report.getStage());
    String version = meta.getArtifact().getVersion();
    // the version in a stage stays watched after its window passed: a later breach still fails it and rolls back
    if (w == null || MonitoringWindow.FAILED.equals(w.status()) || !w.version().equals(version)) {
      log.info("health report for {} {} in {}: not the version monitored there, recorded, not assessed", app, version,
          report.getStage());
      return;
    }
    StagePolicy stage = policy.stage(report.getStage()).orElseThrow();
    VerificationPolicy thresholds = stage.verification();
    Assessment verdict = RollbackDecisionEngine.assess(new HealthReport(report.getHealthScore(), report.getErrorRate(),
        report.getLatencyP99Ms(), report.getCriticalAnomalies(), report.getBusinessImpact().name()), thresholds);
    if (!verdict.rollback()) {
      if (w.isOpen()) {
        windows.put(app + "|" + w.stage(), w.counted("prometheus".equals(meta.getActor())));
      } else if (verdict.score() > 0 && MonitoringWindow.PASSED.equals(w.status()) && w.closedAt() != null
          && events.clock().millis() - w.closedAt() < stage.soakTime().toMillis()) {
        // a degraded report while the verified version soaks restarts its soak time: verified again, from now
        long now = events.clock().millis();
        windows.put(app + "|" + w.stage(), w.closed(MonitoringWindow.PASSED, now));
        ledgers.put(app, ledger(app).verificationPassed(w.stage(), w.version(), w.digest(), now));
        log.info("{} {} in {}: degraded report during the soak ({}), soak time restarts", app, w.version(), w.stage(),
            String.join("; ", verdict.reasons()));
        emit(app, w, meta.getEventId(), VerificationPassed.newBuilder().setStage(w.stage())
            .setWindowStartedAt(Instant.ofEpochMilli(w.startedAt())).setReportsReceived(w.reports())
            .setPromotionType(PromotionType.valueOf(w.promotionType())).build());
      }
      return;
    }
    // a breach fails the version whether its window is open, passed or ended inconclusive
    fail(app, w, meta.getEventId(), verdict, stage, events.clock().millis());
  }

  /** Fails {@code w} at {@code now} (epoch ms) and decides the rollback of its stage to the last known-good version. */
  private void fail(String app, MonitoringWindow w, String causationId, Assessment verdict, StagePolicy stage, long now) {
    windows.put(app + "|" + w.stage(), w.closed(MonitoringWindow.FAILED, now));
    StageLedger ledger = ledger(app).verificationFailed(w.stage(), w.version(), now);
    ledgers.put(app, ledger);
    emit(app, w, causationId, new VerificationFailed(w.stage(), verdict.score(), verdict.reasons()));
    RollbackPolicy rollback = stage.rollback();
    Optional<StageLedger.VerifiedVersion> target = ledger.lastKnownGood(w.stage(), w.version());
    SpecificRecord decision = target.<SpecificRecord>map(t -> new RollbackDecided(w.stage(), t.version(), t.digest(),
        rollback.mode().name(), rollback.strategy().name(), verdict.score(), verdict.reasons(), verdict.urgency()))
        .orElseGet(() -> new RollbackUnavailable(w.stage(), "no version other than " + w.version()
            + " passed verification in " + w.stage() + "; escalate"));
    EventMetadata m = events.meta(new ArtifactRef(app, w.version(), w.digest()), w.promotionId(), causationId, null);
    context.forward(new Record<>(app, new RollbacksEnvelope(m, decision), m.getOccurredAt().toEpochMilli()));
  }

  private void closeWindows(long now) {
    List<MonitoringWindow> due = new ArrayList<>();
    try (KeyValueIterator<String, MonitoringWindow> it = windows.all()) {
      it.forEachRemaining(kv -> {
        if (kv.value.isOpen() && kv.value.endsAt() <= now) {
          due.add(kv.value);
        }
      });
    }
    for (MonitoringWindow w : due) {
      StagePolicy stage = policy.stage(w.stage()).orElse(null);
      VerificationPolicy verification = stage == null ? VerificationPolicy.DEFAULTS : stage.verification();
      List<String> noData = NoDataCheck.reasons(w, verification.prometheus() != null
          && !verification.prometheus().signals().isEmpty());
      if (!noData.isEmpty() && (stage == null || verification.onNoData() != VerificationPolicy.OnNoData.PASS)) {
        endWithoutData(w, stage, noData, now);
        continue;
      }
      if (!noData.isEmpty()) {
        log.info("{} {} in {}: no health data ({}), passed because the stage says onNoData: pass", w.application(),
            w.version(), w.stage(), String.join("; ", noData));
      }
      windows.put(w.application() + "|" + w.stage(), w.closed(MonitoringWindow.PASSED, now));
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

  /**
   * A window without health data: {@code onNoData: fail} fails it (the normal rollback path); otherwise (inconclusive,
   * or a stage the policy no longer has) it ends inconclusive: the version stays, is not known-good, not held.
   */
  private void endWithoutData(MonitoringWindow w, StagePolicy stage, List<String> reasons, long now) {
    String app = w.application();
    if (stage != null && stage.verification().onNoData() == VerificationPolicy.OnNoData.FAIL) {
      log.warn("{} {} in {}: no health data, fails (onNoData: fail): {}", app, w.version(), w.stage(), reasons);
      fail(app, w, null, RollbackDecisionEngine.noData(reasons, stage.verification()), stage, now);
      return;
    }
    log.warn("{} {} in {}: no health data, inconclusive: {}", app, w.version(), w.stage(), reasons);
    windows.put(app + "|" + w.stage(), w.closed(MonitoringWindow.INCONCLUSIVE, now));
    ledgers.put(app, ledger(app).verificationInconclusive(w.stage(), w.version(), now));
    emit(app, w, null, new VerificationInconclusive(w.stage(), Instant.ofEpochMilli(w.startedAt()), reasons));
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
