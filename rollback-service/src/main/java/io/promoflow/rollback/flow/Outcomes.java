package io.promoflow.rollback.flow;

import io.promoflow.platform.events.Events;
import io.promoflow.rollback.domain.Assessment;
import io.promoflow.rollback.domain.MonitoringWindow;
import io.promoflow.rules.policy.PipelinePolicy;
import io.promoflow.rules.policy.RollbackPolicy;
import io.promoflow.rules.policy.StagePolicy;
import io.promoflow.rules.stage.StageLedger;
import io.promoflow.rules.stage.StageLedgerProjection;
import io.promoflow.schemas.common.ArtifactRef;
import io.promoflow.schemas.common.EventMetadata;
import io.promoflow.schemas.promotions.PromotionFailed;
import io.promoflow.schemas.requests.PromotionType;
import io.promoflow.schemas.rollbacks.RollbackDecided;
import io.promoflow.schemas.rollbacks.RollbackUnavailable;
import io.promoflow.schemas.rollbacks.RollbacksEnvelope;
import io.promoflow.schemas.verifications.VerificationFailed;
import io.promoflow.schemas.verifications.VerificationInconclusive;
import io.promoflow.schemas.verifications.VerificationPassed;
import io.promoflow.schemas.verifications.VerificationStarted;
import io.promoflow.schemas.verifications.VerificationsEnvelope;
import java.time.Instant;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Writes what the monitoring windows decide (verification events, rollback decisions) and keeps the
 * stage ledger (store {@value RollbackTopology#LEDGERS}) as the {@link StageLedgerProjection} of
 * the events read and written, so its times are the events' times and it equals what every other
 * service projects from the same topics (issue 13: one home for the ledger rule).
 */
final class Outcomes {

  private final PipelinePolicy policy;
  private final Events events;
  private final ProcessorContext<String, SpecificRecord> context;
  private final KeyValueStore<String, StageLedger> ledgers;

  Outcomes(
      PipelinePolicy policy,
      Events events,
      ProcessorContext<String, SpecificRecord> context,
      KeyValueStore<String, StageLedger> ledgers) {
    this.policy = policy;
    this.events = events;
    this.context = context;
    this.ledgers = ledgers;
  }

  /** The stage ledger of {@code app}; empty when nothing of it was promoted. */
  StageLedger ledger(String app) {
    StageLedger l = ledgers.get(app);
    return l == null ? StageLedger.empty(app) : l;
  }

  /**
   * Applies an input event ({@code StagePromoted}, {@code HoldLifted}) of {@code app} to its
   * ledger.
   */
  void project(String app, SpecificRecord envelope) {
    ledgers.put(app, StageLedgerProjection.apply(ledger(app), envelope));
  }

  /**
   * {@code VerificationStarted}: {@code w} opened (a rerun makes the version's verification pending
   * again).
   */
  void started(MonitoringWindow w, String causationId) {
    emit(w, causationId, new VerificationStarted(w.stage(), Instant.ofEpochMilli(w.endsAt())));
  }

  /**
   * {@code VerificationPassed} of {@code w}; {@code timeToRestoreMs} for a window opened by a
   * rollback, else null.
   */
  void passed(MonitoringWindow w, String causationId, Long timeToRestoreMs) {
    emit(
        w,
        causationId,
        VerificationPassed.newBuilder()
            .setStage(w.stage())
            .setWindowStartedAt(Instant.ofEpochMilli(w.startedAt()))
            .setReportsReceived(w.reports())
            .setPromotionType(PromotionType.valueOf(w.promotionType()))
            .setTimeToRestoreMs(timeToRestoreMs)
            .build());
  }

  /**
   * {@code VerificationInconclusive} of {@code w}: the version stays, is not known-good, not held.
   */
  void inconclusive(MonitoringWindow w, List<String> reasons) {
    emit(
        w,
        null,
        new VerificationInconclusive(w.stage(), Instant.ofEpochMilli(w.startedAt()), reasons));
  }

  /**
   * {@code VerificationFailed} of {@code w} with {@code failure}, then the rollback of its stage to
   * the last known-good version other than the failed one by the stage's {@code rollback} policy,
   * or {@code RollbackUnavailable}.
   */
  void failed(MonitoringWindow w, String causationId, Assessment failure) {
    emit(w, causationId, new VerificationFailed(w.stage(), failure.score(), failure.reasons()));
    RollbackPolicy rollback = rollbackPolicy(w.stage());
    SpecificRecord decision =
        ledger(w.application())
            .lastKnownGood(w.stage(), w.version())
            .<SpecificRecord>map(
                t ->
                    new RollbackDecided(
                        w.stage(),
                        t.version(),
                        t.digest(),
                        rollback.mode().name(),
                        rollback.strategy().name(),
                        failure.score(),
                        failure.reasons(),
                        failure.urgency()))
            .orElseGet(
                () ->
                    new RollbackUnavailable(
                        w.stage(),
                        "no version other than "
                            + w.version()
                            + " passed verification in "
                            + w.stage()
                            + "; escalate"));
    EventMetadata m =
        events.meta(
            new ArtifactRef(w.application(), w.version(), w.digest()),
            w.promotionId(),
            causationId,
            null);
    context.forward(
        new Record<>(
            w.application(), new RollbacksEnvelope(m, decision), m.getOccurredAt().toEpochMilli()));
  }

  /**
   * The executor of a promotion into a stage failed and its policy says {@code rollbackOnFailure}:
   * the stage may be half-deployed, so it is rolled back to its last known-good version other than
   * the failed one.
   */
  void rollbackAfterFailedExecution(String app, EventMetadata meta, PromotionFailed failed) {
    String stage = failed.getTargetStage();
    String version = meta.getArtifact().getVersion();
    RollbackPolicy rollback = rollbackPolicy(stage);
    List<String> reasons =
        List.of(
            "executor failed: "
                + failed.getCategory()
                + " after "
                + failed.getAttempts()
                + " attempt(s): "
                + failed.getReason());
    SpecificRecord decision =
        ledger(app)
            .lastKnownGood(stage, version)
            .<SpecificRecord>map(
                t ->
                    new RollbackDecided(
                        stage,
                        t.version(),
                        t.digest(),
                        rollback.mode().name(),
                        rollback.strategy().name(),
                        100,
                        reasons,
                        "CRITICAL"))
            .orElseGet(
                () ->
                    new RollbackUnavailable(
                        stage,
                        "no known-good version of "
                            + stage
                            + " to return to after "
                            + "the failed promotion of "
                            + version));
    EventMetadata m =
        events.meta(meta.getArtifact(), meta.getPromotionId(), meta.getEventId(), null);
    context.forward(
        new Record<>(app, new RollbacksEnvelope(m, decision), m.getOccurredAt().toEpochMilli()));
  }

  private RollbackPolicy rollbackPolicy(String stage) {
    return policy.stage(stage).map(StagePolicy::rollback).orElse(RollbackPolicy.DEFAULTS);
  }

  /** Writes a verification event about {@code w}'s version and applies it to the ledger. */
  private void emit(MonitoringWindow w, String causationId, SpecificRecord payload) {
    EventMetadata m =
        events.meta(
            new ArtifactRef(w.application(), w.version(), w.digest()),
            w.promotionId(),
            causationId,
            null);
    VerificationsEnvelope envelope = new VerificationsEnvelope(m, payload);
    project(w.application(), envelope);
    context.forward(new Record<>(w.application(), envelope, m.getOccurredAt().toEpochMilli()));
  }
}
