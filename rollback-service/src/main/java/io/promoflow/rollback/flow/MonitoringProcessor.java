package io.promoflow.rollback.flow;

import io.promoflow.platform.events.Events;
import io.promoflow.platform.streams.InputProgress;
import io.promoflow.rollback.domain.Assessment;
import io.promoflow.rollback.domain.HealthReport;
import io.promoflow.rollback.domain.MonitoringWindow;
import io.promoflow.rollback.domain.RollbackDecisionEngine;
import io.promoflow.rollback.domain.Verdict;
import io.promoflow.rollback.domain.VerificationDecision;
import io.promoflow.rules.keys.ApplicationStage;
import io.promoflow.rules.policy.PipelinePolicy;
import io.promoflow.rules.policy.StagePolicy;
import io.promoflow.rules.policy.VerificationPolicy;
import io.promoflow.rules.stage.StageLedger;
import io.promoflow.schemas.common.ArtifactRef;
import io.promoflow.schemas.common.EventMetadata;
import io.promoflow.schemas.promotions.PromotionFailed;
import io.promoflow.schemas.promotions.PromotionsEnvelope;
import io.promoflow.schemas.promotions.StagePromoted;
import io.promoflow.schemas.requests.PromotionType;
import io.promoflow.schemas.rollbacks.HoldLifted;
import io.promoflow.schemas.rollbacks.RollbacksEnvelope;
import io.promoflow.schemas.verifications.HealthReported;
import io.promoflow.schemas.verifications.MonitoringQueryFailed;
import io.promoflow.schemas.verifications.VerificationRerunRequested;
import io.promoflow.schemas.verifications.VerificationsEnvelope;
import java.time.Duration;
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
 * Keeps the monitoring windows (store {@value RollbackTopology#WINDOWS}): opens one on {@code
 * StagePromoted} or a rerun, collects the health reports and Prometheus results inside it, and
 * closes it; what a window ends as is {@link VerificationDecision}'s, what is written about it
 * {@link Outcomes}'.
 *
 * <p>Decisions depend neither on the order in which the promotions and verifications topics arrive
 * nor on when a record is processed: a window spans event times ({@code StagePromoted}'s time plus
 * the stage's {@code monitoringWindow}) and counts the reports whose event time lies inside it; a
 * report read before the promotion that opens its window waits in {@link EarlySignals}; a report
 * older than the version now in its stage is about an earlier version and never applied to the
 * newer one; a window closes only once its end has passed and the input was read up to it: a record
 * of an event that happened at or after the end was read, or the task has read nothing for a while
 * ({@link InputProgress}), so a restart with a backlog reads the reports already written before
 * deciding. "Read up to" is judged on the events' own time ({@code occurredAt}), the window's time
 * axis, never on the records' timestamps: a service's HTTP publisher stamps a record when it sends
 * it, which may be seconds after the event, so a report about another application sent late would
 * otherwise close a window before its own report, made inside it and sent as late, was read.
 */
final class MonitoringProcessor
    implements Processor<String, SpecificRecord, String, SpecificRecord> {

  private static final Logger log = LoggerFactory.getLogger(MonitoringProcessor.class);
  private final PipelinePolicy policy;
  private final Events events;
  private final Duration tick;
  private ProcessorContext<String, SpecificRecord> context;
  private KeyValueStore<String, MonitoringWindow> windows;
  private EarlySignals early;
  private Outcomes outcomes;
  private InputProgress progress;

  /**
   * The latest event time ({@code occurredAt}, epoch ms) among the records this task read since its
   * {@code init}; kept in memory only: a restarted or moved task starts without it and closes by
   * what it reads next or by {@link InputProgress}'s quiet input, later rather than earlier.
   */
  private long eventTime = Long.MIN_VALUE;

  MonitoringProcessor(PipelinePolicy policy, Events events, Duration tick) {
    this.policy = policy;
    this.events = events;
    this.tick = tick;
  }

  @Override
  public void init(ProcessorContext<String, SpecificRecord> context) {
    this.context = context;
    windows = context.getStateStore(RollbackTopology.WINDOWS);
    early = new EarlySignals(context.getStateStore(RollbackTopology.HELD), policy);
    outcomes =
        new Outcomes(policy, events, context, context.getStateStore(RollbackTopology.LEDGERS));
    progress = new InputProgress(events.clock()::millis, InputProgress.QUIET);
    context.schedule(tick, PunctuationType.WALL_CLOCK_TIME, ignored -> closeDue());
  }

  @Override
  public void process(Record<String, SpecificRecord> record) {
    progress.read();
    String app = record.key();
    SpecificRecord value = record.value();
    eventTime = Math.max(eventTime, occurredAt(value));
    if (value instanceof PromotionsEnvelope p && p.getPayload() instanceof StagePromoted promoted) {
      promoted(app, p, promoted);
    } else if (value instanceof VerificationsEnvelope v
        && (v.getPayload() instanceof HealthReported
            || v.getPayload() instanceof MonitoringQueryFailed)) {
      signal(app, v);
    } else if (value instanceof VerificationsEnvelope v
        && v.getPayload() instanceof VerificationRerunRequested r) {
      rerun(app, v.getMeta(), r);
    } else if (value instanceof RollbacksEnvelope r && r.getPayload() instanceof HoldLifted) {
      outcomes.project(app, r);
    } else if (value instanceof PromotionsEnvelope p
        && p.getPayload() instanceof PromotionFailed failed
        && failed.getRollbackRequested()) {
      // its target is the last known-good version: windows that ended before this event are decided
      // first, as they
      // would have been had the punctuator run before it was read
      closeDue();
      outcomes.rollbackAfterFailedExecution(app, p.getMeta(), failed);
    }
  }

  /**
   * A version entered a stage: the ledger records it at the event's time, its window opens at that
   * time, and the signals held for it are applied.
   */
  private void promoted(String app, PromotionsEnvelope envelope, StagePromoted promoted) {
    EventMetadata meta = envelope.getMeta();
    ArtifactRef a = meta.getArtifact();
    String stage = promoted.getTargetStage();
    long at = meta.getOccurredAt().toEpochMilli();
    outcomes.project(app, envelope);
    MonitoringWindow previous = windows.get(key(app, stage));
    Long restoreStartedAt =
        promoted.getPromotionType() == PromotionType.ROLLBACK
                && previous != null
                && MonitoringWindow.FAILED.equals(previous.status())
            ? previous.closedAt()
            : null;
    open(
        MonitoringWindow.open(
            app,
            stage,
            a.getVersion(),
            a.getDigest(),
            meta.getPromotionId(),
            promoted.getPromotionType().name(),
            at,
            at,
            at + windowLength(stage),
            restoreStartedAt),
        meta.getEventId());
    for (VerificationsEnvelope held : early.take(app, stage, a.getVersion())) {
      signal(app, held);
    }
  }

  private void open(MonitoringWindow w, String causationId) {
    windows.put(key(w.application(), w.stage()), w);
    outcomes.started(w, causationId);
  }

  /**
   * A person asked for a new window for the version in the stage (e.g. after an inconclusive one,
   * once the deployer reports health): it opens at the request's time for that version, pending
   * again, keeping the promotion's type (a rolled-back version verified again is still not promoted
   * onward). A request for a version not there is ignored.
   */
  private void rerun(String app, EventMetadata meta, VerificationRerunRequested rerun) {
    String stage = rerun.getStage();
    String version = meta.getArtifact().getVersion();
    Optional<StageLedger.StageSlot> slot = outcomes.ledger(app).in(stage);
    if (slot.isEmpty() || !slot.get().version().equals(version) || policy.stage(stage).isEmpty()) {
      log.info(
          "rerun of {} {} in {} ignored: {} runs there",
          app,
          version,
          stage,
          slot.map(StageLedger.StageSlot::version).orElse("nothing"));
      return;
    }
    MonitoringWindow previous = windows.get(key(app, stage));
    boolean same = previous != null && previous.version().equals(version);
    log.info(
        "{} {} in {}: verification rerun requested by {}: {}",
        app,
        version,
        stage,
        meta.getActor(),
        rerun.getReason());
    long at = meta.getOccurredAt().toEpochMilli();
    open(
        MonitoringWindow.open(
            app,
            stage,
            version,
            slot.get().digest(),
            slot.get().promotionId(),
            same ? previous.promotionType() : PromotionType.AUTOMATIC.name(),
            same ? previous.promotedAt() : slot.get().promotedAt(),
            at,
            at + windowLength(stage),
            same ? previous.restoreStartedAt() : null),
        meta.getEventId());
  }

  /**
   * A health report or Prometheus result: older than the version now in its stage, it is about an
   * earlier version and dropped; for a version whose window has not opened, held; otherwise applied
   * to the window.
   */
  private void signal(String app, VerificationsEnvelope v) {
    String stage =
        v.getPayload() instanceof HealthReported r
            ? r.getStage()
            : ((MonitoringQueryFailed) v.getPayload()).getStage();
    String version = v.getMeta().getArtifact().getVersion();
    long at = v.getMeta().getOccurredAt().toEpochMilli();
    MonitoringWindow w = windows.get(key(app, stage));
    if (w != null && at < w.promotedAt()) {
      log.info(
          "{} for {} {} in {} is older than {} there: about an earlier version, not assessed",
          v.getPayload().getClass().getSimpleName(),
          app,
          version,
          stage,
          w.version());
      return;
    }
    if (w == null || !w.version().equals(version)) {
      early.hold(app, stage, version, v);
      return;
    }
    if ("prometheus".equals(v.getMeta().getActor()) && w.isOpen()) {
      // the poller's rate limit: its next reading is due an interval after this one, on any
      // instance
      w = w.polled(at);
      windows.put(key(app, stage), w);
    }
    if (v.getPayload() instanceof MonitoringQueryFailed failed) {
      if (w.isOpen() && w.covers(at)) {
        windows.put(key(app, stage), w.queryFailed(failed.getSignal(), failed.getError()));
      }
      return;
    }
    report(w, v.getMeta(), (HealthReported) v.getPayload());
  }

  /**
   * A report of the window's version since it entered the stage: inside the open window it counts
   * (a breach fails it); later, only a breach matters (the version stays watched while it runs: a
   * breach fails it whether its window is open, passed or ended inconclusive), and a degraded
   * report in the soak after a pass restarts the soak.
   */
  private void report(MonitoringWindow w, EventMetadata meta, HealthReported report) {
    if (MonitoringWindow.FAILED.equals(w.status())) {
      log.info(
          "{} {} in {}: already failed, report recorded, not assessed",
          w.application(),
          w.version(),
          w.stage());
      return;
    }
    long at = meta.getOccurredAt().toEpochMilli();
    VerificationPolicy verification = verification(w.stage());
    Assessment assessment =
        RollbackDecisionEngine.assess(
            new HealthReport(
                report.getHealthScore(),
                report.getErrorRate(),
                report.getLatencyP99Ms(),
                report.getCriticalAnomalies(),
                report.getBusinessImpact().name()),
            verification);
    if (assessment.rollback() || w.isOpen() && w.covers(at)) {
      MonitoringWindow next = w.sampled(assessment, "prometheus".equals(meta.getActor()));
      Verdict verdict = VerificationDecision.decide(next, verification, at);
      if (verdict.outcome() == Verdict.Outcome.FAILED) {
        fail(next, meta.getEventId(), verdict.failure(), at);
      } else {
        windows.put(key(w.application(), w.stage()), next);
      }
      return;
    }
    if (assessment.score() > 0 && soaking(w, at)) {
      log.info(
          "{} {} in {}: degraded report during the soak ({}), soak time restarts",
          w.application(),
          w.version(),
          w.stage(),
          String.join("; ", assessment.reasons()));
      outcomes.passed(w, meta.getEventId(), null);
    }
  }

  /**
   * Whether {@code at} (epoch ms) lies in the soak after {@code w} passed: from the ledger's
   * verification time (the last {@code VerificationPassed}'s event time) for the stage's {@code
   * soakTime}.
   */
  private boolean soaking(MonitoringWindow w, long at) {
    if (!MonitoringWindow.PASSED.equals(w.status())) {
      return false;
    }
    long soak = policy.stage(w.stage()).map(StagePolicy::soakTime).orElse(Duration.ZERO).toMillis();
    return outcomes
        .ledger(w.application())
        .in(w.stage())
        .filter(
            s ->
                s.version().equals(w.version())
                    && s.verification() == StageLedger.Verification.PASSED)
        .map(StageLedger.StageSlot::verifiedAt)
        .filter(verifiedAt -> at >= verifiedAt && at - verifiedAt < soak)
        .isPresent();
  }

  /** Fails {@code w} at {@code at} (epoch ms) and decides the rollback of its stage. */
  private void fail(MonitoringWindow w, String causationId, Assessment failure, long at) {
    MonitoringWindow closed = w.closed(MonitoringWindow.FAILED, at);
    windows.put(key(w.application(), w.stage()), closed);
    outcomes.failed(closed, causationId, failure);
  }

  /** Closes the open windows whose end was reached by the input; expires held signals likewise. */
  private void closeDue() {
    long now = events.clock().millis();
    long readUpTo = eventTime;
    List<MonitoringWindow> due = new ArrayList<>();
    try (KeyValueIterator<String, MonitoringWindow> it = windows.all()) {
      it.forEachRemaining(
          kv -> {
            if (kv.value.isOpen() && reached(kv.value.endsAt(), now, readUpTo)) {
              due.add(kv.value);
            }
          });
    }
    due.forEach(this::close);
    early.expire(deadline -> reached(deadline, now, readUpTo));
  }

  /**
   * Whether {@code deadline} (epoch ms, event time) has passed with the input read up to it: a
   * record of an event at or after it was read ({@code readUpTo}, the latest {@code occurredAt}
   * read), or it passed by the clock and the task has read nothing for a while ({@link
   * InputProgress}).
   */
  private boolean reached(long deadline, long now, long readUpTo) {
    return readUpTo >= deadline || now >= deadline && progress.readUpTo(deadline, readUpTo);
  }

  /**
   * The event time of {@code envelope} (epoch ms): its {@code occurredAt}; for a record of none of
   * the three envelopes read here, {@link Long#MIN_VALUE} (it tells nothing about how far the input
   * was read).
   */
  private static long occurredAt(SpecificRecord envelope) {
    EventMetadata meta = null;
    if (envelope instanceof PromotionsEnvelope p) {
      meta = p.getMeta();
    } else if (envelope instanceof VerificationsEnvelope v) {
      meta = v.getMeta();
    } else if (envelope instanceof RollbacksEnvelope r) {
      meta = r.getMeta();
    }
    return meta == null || meta.getOccurredAt() == null
        ? Long.MIN_VALUE
        : meta.getOccurredAt().toEpochMilli();
  }

  /** Ends {@code w} at its {@code endsAt} as {@link VerificationDecision} says from its facts. */
  private void close(MonitoringWindow w) {
    Verdict verdict = VerificationDecision.decide(w, verification(w.stage()), w.endsAt());
    String app = w.application();
    switch (verdict.outcome()) {
      case FAILED -> {
        log.warn("{} {} in {}: fails: {}", app, w.version(), w.stage(), verdict.reasons());
        fail(w, null, verdict.failure(), w.endsAt());
      }
      case INCONCLUSIVE -> {
        log.warn(
            "{} {} in {}: no health data, inconclusive: {}",
            app,
            w.version(),
            w.stage(),
            verdict.reasons());
        windows.put(key(app, w.stage()), w.closed(MonitoringWindow.INCONCLUSIVE, w.endsAt()));
        outcomes.inconclusive(w, verdict.reasons());
      }
      case PASSED -> {
        if (!verdict.reasons().isEmpty()) {
          log.info(
              "{} {} in {}: no health data ({}), passed because the stage says onNoData: pass",
              app,
              w.version(),
              w.stage(),
              String.join("; ", verdict.reasons()));
        }
        MonitoringWindow closed = w.closed(MonitoringWindow.PASSED, w.endsAt());
        windows.put(key(app, w.stage()), closed);
        Long timeToRestore =
            w.restoreStartedAt() == null ? null : w.endsAt() - w.restoreStartedAt();
        if (timeToRestore != null) {
          log.info("{} {} restored to {} in {} ms", app, w.stage(), w.version(), timeToRestore);
        }
        outcomes.passed(closed, null, timeToRestore);
      }
      case PENDING ->
          throw new IllegalStateException("a window is decided at its end, never pending");
    }
  }

  private VerificationPolicy verification(String stage) {
    return policy.stage(stage).map(StagePolicy::verification).orElse(VerificationPolicy.DEFAULTS);
  }

  private long windowLength(String stage) {
    return policy.stage(stage).map(StagePolicy::monitoringWindow).orElse(Duration.ZERO).toMillis();
  }

  private static String key(String app, String stage) {
    return ApplicationStage.of(app, stage).value();
  }
}
