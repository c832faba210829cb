package io.promoflow.console.flow;

import io.promoflow.console.DoraProperties;
import io.promoflow.console.domain.dora.DoraFact;
import io.promoflow.console.domain.dora.DoraFact.Kind;
import io.promoflow.console.domain.dora.DoraHistory;
import io.promoflow.platform.streams.Stores;
import io.promoflow.platform.streams.Topologies;
import io.promoflow.schemas.Topics;
import io.promoflow.schemas.approvals.ApprovalExpired;
import io.promoflow.schemas.approvals.ApprovalGranted;
import io.promoflow.schemas.approvals.ApprovalRejected;
import io.promoflow.schemas.approvals.ApprovalRequested;
import io.promoflow.schemas.approvals.ApprovalsEnvelope;
import io.promoflow.schemas.builds.BuildCompleted;
import io.promoflow.schemas.builds.BuildsEnvelope;
import io.promoflow.schemas.common.EventMetadata;
import io.promoflow.schemas.promotions.BlockedOutcome;
import io.promoflow.schemas.promotions.PromotionBlocked;
import io.promoflow.schemas.promotions.PromotionFailed;
import io.promoflow.schemas.promotions.PromotionsEnvelope;
import io.promoflow.schemas.promotions.StagePromoted;
import io.promoflow.schemas.requests.PromotionType;
import io.promoflow.schemas.rollbacks.RollbackDecided;
import io.promoflow.schemas.rollbacks.RollbacksEnvelope;
import io.promoflow.schemas.verifications.VerificationFailed;
import io.promoflow.schemas.verifications.VerificationPassed;
import io.promoflow.schemas.verifications.VerificationsEnvelope;
import java.time.Duration;
import java.util.Optional;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Folds the event log into the DORA facts of each application (store {@value #HISTORIES}, keyed by
 * application like every input topic, so one task sees all of an application's events): builds,
 * promotions and their outcomes, verifications, rollbacks and approvals. The figures are computed
 * from these facts when asked ({@code DoraQueries}), never here, so they do not depend on the order
 * in which the input topics arrive; the facts carry event times only, and a replay of the same
 * events rebuilds the same store. Facts older than {@code promoflow.console.dora.retention} before
 * an application's newest event are dropped ({@link DoraHistory#with}). Writes no topic.
 */
@Component
public class DoraTopology {

  /** Application → {@link DoraHistory}. */
  public static final String HISTORIES = "dora-histories";

  private final Duration retention;

  public DoraTopology(DoraProperties properties) {
    this.retention = properties.retention();
  }

  @Autowired
  public void define(StreamsBuilder builder) {
    Stores.addByRecordKey(builder, HISTORIES, DoraHistory.class);
    KStream<String, Object> in =
        Topologies.stream(builder, Topics.BUILDS)
            .mapValues(v -> (Object) v)
            .merge(Topologies.stream(builder, Topics.PROMOTIONS).mapValues(v -> (Object) v))
            .merge(Topologies.stream(builder, Topics.VERIFICATIONS).mapValues(v -> (Object) v))
            .merge(Topologies.stream(builder, Topics.ROLLBACKS).mapValues(v -> (Object) v))
            .merge(Topologies.stream(builder, Topics.APPROVALS).mapValues(v -> (Object) v));
    in.process(HistoryProcessor::new, HISTORIES);
  }

  /**
   * The DORA fact an event is, or empty for the events no figure reads. Pure: the fact's time is
   * the event's {@code occurredAt} (a build's {@code buildFinishedAt}: the event log has the commit
   * sha, not its time, so the build's finish time starts the lead time, bounded by when the build
   * was recorded).
   */
  public static Optional<DoraFact> fact(Object envelope) {
    if (envelope instanceof BuildsEnvelope e && e.getPayload() instanceof BuildCompleted b) {
      return version(e.getMeta())
          .map(
              v ->
                  new DoraFact(
                      e.getMeta().getEventId(),
                      Kind.BUILT,
                      // CI writes buildFinishedAt; never later than when trigger-service recorded
                      // the build, so a future time cannot push the window and drop real facts
                      Math.min(
                          b.getBuildFinishedAt().toEpochMilli(),
                          e.getMeta().getOccurredAt().toEpochMilli()),
                      null,
                      null,
                      v,
                      null));
    }
    if (envelope instanceof PromotionsEnvelope e) {
      EventMetadata m = e.getMeta();
      if (e.getPayload() instanceof StagePromoted p) {
        Kind kind =
            p.getPromotionType() == PromotionType.ROLLBACK ? Kind.ROLLED_BACK_TO : Kind.PROMOTED;
        return Optional.of(fact(m, kind, p.getTargetStage(), version(m).orElse(null), null));
      }
      if (e.getPayload() instanceof PromotionFailed p) {
        return Optional.of(fact(m, Kind.NOT_PROMOTED, p.getTargetStage(), null, null));
      }
      if (e.getPayload() instanceof PromotionBlocked p
          && p.getOutcome() != BlockedOutcome.SUPERSEDED) {
        return Optional.of(fact(m, Kind.NOT_PROMOTED, p.getTargetStage(), null, null));
      }
      return Optional.empty();
    }
    if (envelope instanceof VerificationsEnvelope e) {
      if (e.getPayload() instanceof VerificationPassed p) {
        return Optional.of(fact(e.getMeta(), Kind.VERIFICATION_PASSED, p.getStage(), null, null));
      }
      if (e.getPayload() instanceof VerificationFailed p) {
        return Optional.of(fact(e.getMeta(), Kind.VERIFICATION_FAILED, p.getStage(), null, null));
      }
      return Optional.empty();
    }
    if (envelope instanceof RollbacksEnvelope e && e.getPayload() instanceof RollbackDecided r) {
      return Optional.of(fact(e.getMeta(), Kind.ROLLBACK, r.getStage(), null, null));
    }
    if (envelope instanceof ApprovalsEnvelope e) {
      Object p = e.getPayload();
      if (p instanceof ApprovalRequested r) {
        return Optional.of(
            fact(
                e.getMeta(), Kind.APPROVAL_REQUESTED, r.getTargetStage(), null, r.getApprovalId()));
      }
      String ended =
          p instanceof ApprovalGranted g
              ? g.getApprovalId()
              : p instanceof ApprovalRejected r
                  ? r.getApprovalId()
                  : p instanceof ApprovalExpired x ? x.getApprovalId() : null;
      return ended == null
          ? Optional.empty()
          : Optional.of(fact(e.getMeta(), Kind.APPROVAL_ENDED, null, null, ended));
    }
    return Optional.empty();
  }

  private static DoraFact fact(
      EventMetadata m, Kind kind, String stage, String version, String approvalId) {
    return new DoraFact(
        m.getEventId(),
        kind,
        m.getOccurredAt().toEpochMilli(),
        stage,
        m.getPromotionId(),
        version,
        approvalId);
  }

  private static Optional<String> version(EventMetadata m) {
    return Optional.ofNullable(m.getArtifact()).map(a -> a.getVersion());
  }

  /** Adds each event's fact to its application's history. */
  private final class HistoryProcessor implements Processor<String, Object, Void, Void> {

    private KeyValueStore<String, DoraHistory> histories;

    @Override
    public void init(ProcessorContext<Void, Void> context) {
      histories = context.getStateStore(HISTORIES);
    }

    @Override
    public void process(Record<String, Object> record) {
      String application = record.key();
      if (application == null) {
        return; // every contract topic is keyed by application; a record without one has none
      }
      fact(record.value())
          .ifPresent(
              f -> {
                DoraHistory h = histories.get(application);
                histories.put(
                    application,
                    (h == null ? DoraHistory.empty(application) : h).with(f, retention));
              });
    }
  }
}
