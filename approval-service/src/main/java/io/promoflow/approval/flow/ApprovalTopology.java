package io.promoflow.approval.flow;

import io.promoflow.approval.domain.Approval;
import io.promoflow.approval.domain.ApprovalRules;
import io.promoflow.approval.domain.ApprovalStatus;
import io.promoflow.approval.domain.Decision;
import io.promoflow.approval.domain.DecisionRefused;
import io.promoflow.approval.domain.Timer;
import io.promoflow.platform.events.Events;
import io.promoflow.platform.kafka.DeadLetters;
import io.promoflow.platform.streams.InputProgress;
import io.promoflow.platform.streams.Stores;
import io.promoflow.platform.streams.Topologies;
import io.promoflow.rules.keys.ApprovalEvent;
import io.promoflow.schemas.Topics;
import io.promoflow.schemas.approvals.ApprovalDecisionRecorded;
import io.promoflow.schemas.approvals.ApprovalDecisionRef;
import io.promoflow.schemas.approvals.ApprovalEscalated;
import io.promoflow.schemas.approvals.ApprovalExpired;
import io.promoflow.schemas.approvals.ApprovalExtended;
import io.promoflow.schemas.approvals.ApprovalGranted;
import io.promoflow.schemas.approvals.ApprovalRejected;
import io.promoflow.schemas.approvals.ApprovalReminded;
import io.promoflow.schemas.approvals.ApprovalRequested;
import io.promoflow.schemas.approvals.ApprovalVoided;
import io.promoflow.schemas.approvals.ApprovalWithdrawn;
import io.promoflow.schemas.approvals.ApprovalsEnvelope;
import io.promoflow.schemas.common.ArtifactRef;
import io.promoflow.schemas.common.EventMetadata;
import io.promoflow.schemas.promotions.PromotionAwaitingApproval;
import io.promoflow.schemas.promotions.PromotionBlocked;
import io.promoflow.schemas.promotions.PromotionsEnvelope;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * {@code PromotionAwaitingApproval} in, {@code ApprovalRequested} out; recorded decisions in,
 * {@code ApprovalGranted} or {@code ApprovalRejected} out; a promotion that ends without its
 * pending approval (blocked, revoked) voids it ({@code ApprovalVoided}); withdrawals are recorded
 * ({@code ApprovalWithdrawn}); a timer reminds, escalates, extends or expires approvals by their
 * policy (durable: deadlines live in the changelogged store {@value #APPROVALS}, so they survive
 * restarts). A grant carries the gate results digest the approval was asked on and every approver
 * with the e-mail and roles they held when deciding, which promotion-service checks before it
 * accepts the grant.
 *
 * <p>Decisions do not depend on when or in which order the two input topics are read (issue 11,
 * point 1):
 *
 * <ul>
 *   <li>Times are facts written in the events: an approval is asked at the time promotion-service
 *       recorded {@code PromotionAwaitingApproval}, a decision counts at the time approval-service
 *       recorded it (the {@code occurredAt} its controller wrote after the deadline check;
 *       approval-service is the approvals topic's only writer), both capped at the clock of this
 *       topology so a time in the future gains nothing. A decision recorded before the deadline
 *       grants even when it is read after it.
 *   <li>The timer steps only on facts that are complete: a reminder, escalation, extension or
 *       expiry due at a deadline is taken once the input was read up to it ({@link InputProgress}:
 *       the task's stream time passed it, or the input was quiet for {@link InputProgress#QUIET}
 *       and the deadline is that long ago), so a decision still in the backlog after a restart is
 *       applied first.
 *   <li>A decision read before the request of its approval waits in store {@value #EARLY} and is
 *       applied when the request arrives; when the input is drained and it still names no approval,
 *       it is refused.
 *   <li>A decision that cannot be applied (foreign, late, refused by {@link ApprovalRules}, or a
 *       grant that promotion-service's authority check would refuse) is never dropped silently: it
 *       goes to {@code promoflow.approvals.v1.dlt} as it was read, with the reason in the
 *       dead-letter headers.
 * </ul>
 */
@Component
public class ApprovalTopology {

  public static final String APPROVALS = "approvals";

  /** Decisions read before the request of their approval, by {@code <approvalId>|<eventId>}. */
  public static final String EARLY = "approval-early-decisions";

  static final Duration TICK = Duration.ofSeconds(1);
  private static final Logger log = LoggerFactory.getLogger(ApprovalTopology.class);
  private final Events events;

  public ApprovalTopology(Events events) {
    this.events = events;
  }

  /** The approval id of a promotion's approval: derived, so a replay asks for the same approval. */
  public static String approvalIdOf(String promotionId) {
    return io.promoflow.schemas.ApprovalIds.of(promotionId);
  }

  /**
   * Why a recorded decision does not belong to {@code approval}, or null when it does: the approval
   * is not PENDING, or the decision's approval id is not the one of the event's promotion, or the
   * event names another artifact digest, or its actor is not the approver.
   */
  static String foreign(Approval approval, EventMetadata meta, ApprovalDecisionRecorded d) {
    if (approval.status() != ApprovalStatus.PENDING) {
      return "approval is " + approval.status();
    }
    if (meta.getPromotionId() == null
        || !approval.promotionId().equals(meta.getPromotionId())
        || !d.getApprovalId().equals(approvalIdOf(meta.getPromotionId()))) {
      return "approval "
          + d.getApprovalId()
          + " does not belong to promotion "
          + meta.getPromotionId();
    }
    if (meta.getArtifact() == null || !approval.digest().equals(meta.getArtifact().getDigest())) {
      return "the decision names artifact "
          + (meta.getArtifact() == null ? null : meta.getArtifact().getDigest())
          + ", the approval is on "
          + approval.digest();
    }
    if (!d.getApprover().equals(meta.getActor())) {
      return "recorded by " + meta.getActor() + ", not by the approver";
    }
    return null;
  }

  /**
   * The grant: approvers, the gate results digest asked on, and each approver with e-mail and
   * roles, in order.
   */
  static ApprovalGranted granted(Approval a) {
    return new ApprovalGranted(
        a.approvalId(),
        a.approvers(),
        a.gateResultsDigest(),
        a.approvals().stream()
            .map(d -> new ApprovalDecisionRef(d.approver(), d.email(), d.roles(), d.via()))
            .toList());
  }

  /**
   * The time an event records (epoch ms), never later than {@code now}; {@code now} when it records
   * none.
   */
  static long recordedAt(EventMetadata meta, long now) {
    return meta.getOccurredAt() == null ? now : Math.min(meta.getOccurredAt().toEpochMilli(), now);
  }

  /**
   * Pending approvals of each stream task, counted by its timer ({@code TICK}) over the task's
   * approvals: the gauge {@code promoflow_approvals_pending} is their sum on this instance.
   */
  private final java.util.Map<org.apache.kafka.streams.processor.TaskId, Long> pendingByTask =
      new java.util.concurrent.ConcurrentHashMap<>();

  /**
   * Exports {@code promoflow_approvals_pending} (approvals waiting for decisions, this instance).
   */
  @Autowired(required = false)
  public void meters(io.micrometer.core.instrument.MeterRegistry registry) {
    io.micrometer.core.instrument.Gauge.builder(
            "promoflow.approvals.pending",
            pendingByTask,
            m -> m.values().stream().mapToLong(Long::longValue).sum())
        .description("approvals waiting for decisions (this instance's partitions)")
        .register(registry);
  }

  @Autowired
  public void define(StreamsBuilder builder) {
    Stores.add(builder, APPROVALS, Approval.class);
    Stores.add(builder, EARLY, Held.class);
    KStream<String, Object> out =
        Topologies.stream(builder, Topics.PROMOTIONS)
            .mapValues(v -> (SpecificRecord) v)
            .merge(Topologies.stream(builder, Topics.APPROVALS).mapValues(v -> (SpecificRecord) v))
            .process(ApprovalProcessor::new, APPROVALS, EARLY);
    out.filter((k, v) -> v instanceof ApprovalsEnvelope)
        .mapValues(v -> (ApprovalsEnvelope) v)
        .to(Topics.APPROVALS.name(), Topologies.to(Topics.APPROVALS));
    out.filter((k, v) -> v instanceof DeadLetter)
        .mapValues(v -> ((DeadLetter) v).value())
        .to(Topics.APPROVALS.deadLetterName(), Produced.with(Serdes.String(), Serdes.ByteArray()));
  }

  /**
   * A decision waiting for the request of its approval.
   *
   * @param heldAt epoch ms (service clock) when it was read
   * @param recordedAt epoch ms, when it was recorded (the order in which waiting decisions are
   *     applied)
   * @param decision the {@code ApprovalsEnvelope}, Avro encoded
   */
  public record Held(String approvalId, long heldAt, long recordedAt, byte[] decision) {}

  /**
   * A refused input record for {@code promoflow.approvals.v1.dlt}, as read; the reason is in the
   * headers.
   */
  private record DeadLetter(byte[] value) {}

  private final class ApprovalProcessor
      implements Processor<String, SpecificRecord, String, Object> {

    private ProcessorContext<String, Object> context;
    private KeyValueStore<String, Approval> approvals;
    private KeyValueStore<String, Held> early;
    private InputProgress progress;

    @Override
    public void init(ProcessorContext<String, Object> context) {
      this.context = context;
      approvals = context.getStateStore(APPROVALS);
      early = context.getStateStore(EARLY);
      progress = new InputProgress(events.clock()::millis, InputProgress.QUIET);
      context.schedule(TICK, PunctuationType.WALL_CLOCK_TIME, ignored -> tick());
    }

    @Override
    public void close() {
      // the task moved to another instance: its approvals are counted there
      pendingByTask.remove(context.taskId());
    }

    @Override
    public void process(Record<String, SpecificRecord> record) {
      progress.read();
      if (record.value() instanceof PromotionsEnvelope p
          && p.getPayload() instanceof PromotionAwaitingApproval ask) {
        request(record.key(), p.getMeta(), ask);
      } else if (record.value() instanceof PromotionsEnvelope p
          && p.getPayload() instanceof PromotionBlocked blocked) {
        voidIfPending(record.key(), p.getMeta(), blocked.getReason());
      } else if (record.value() instanceof ApprovalsEnvelope a
          && a.getPayload() instanceof ApprovalDecisionRecorded) {
        decide(record.key(), a, record.headers(), origin());
      }
    }

    /**
     * Creates the approval asked for (once), then applies the decisions that were read before it.
     */
    private void request(String key, EventMetadata cause, PromotionAwaitingApproval ask) {
      String approvalId = approvalIdOf(cause.getPromotionId());
      if (approvals.get(approvalId) == null) {
        ArtifactRef a = cause.getArtifact();
        Approval approval =
            Approval.builder()
                .of(
                    approvalId,
                    cause.getPromotionId(),
                    a.getApplication(),
                    a.getVersion(),
                    a.getDigest())
                .stages(ask.getSourceStage(), ask.getTargetStage())
                .requestedBy(ask.getRequestedBy())
                .commitAuthor(ask.getCommitAuthor())
                .quorum(ask.getQuorum(), ask.getRequiredRoles())
                .allOf(ask.getAllOf())
                .sequential(ask.getSequential())
                .timing(
                    recordedAt(cause, events.clock().millis()),
                    ask.getTimeoutMs(),
                    ask.getReminderAtPercent())
                .onTimeout(Approval.onTimeoutOf(ask.getOnTimeout()), ask.getEscalationRole())
                .gateSummary(ask.getGateSummary())
                .gateResultsDigest(ask.getGateResultsDigest())
                .excludedApprovers(ask.getExcludedApprovers())
                .override(ask.getOverride())
                .changeRequestId(ask.getChangeRequestId())
                .release(io.promoflow.approval.domain.Release.of(ask.getRelease()))
                .build();
        approvals.put(approvalId, approval);
        forward(
            key,
            approval,
            cause.getEventId(),
            null,
            ApprovalRequested.newBuilder()
                .setApprovalId(approvalId)
                .setRequiredRoles(approval.requiredRoles())
                .setQuorum(approval.quorum())
                .setRequestedBy(approval.requestedBy())
                .setCommitAuthor(approval.commitAuthor())
                .setSourceStage(approval.sourceStage())
                .setTargetStage(approval.targetStage())
                .setGateSummary(approval.gateSummary())
                .setExpiresAt(Instant.ofEpochMilli(approval.expiresAt()))
                .setAllOf(approval.allOf())
                .setSequential(approval.sequential())
                .setOnTimeout(approval.onTimeout().name())
                .setGateResultsDigest(approval.gateResultsDigest())
                .setExcludedApprovers(approval.excludedApprovers())
                .setOverride(approval.override())
                .setChangeRequestId(approval.changeRequestId())
                .setRelease(io.promoflow.approval.domain.Release.toRef(approval.release()))
                .build());
      }
      List<KeyValue<String, Held>> waiting = held(ApprovalEvent.prefix(approvalId));
      waiting.sort(
          Comparator.comparingLong((KeyValue<String, Held> kv) -> kv.value.recordedAt())
              .thenComparingLong(kv -> kv.value.heldAt()));
      for (KeyValue<String, Held> kv : waiting) {
        early.delete(kv.key);
        decide(key, Topics.APPROVALS.serde().decode(kv.value.decision()), null, "held in " + EARLY);
      }
    }

    private void voidIfPending(String key, EventMetadata cause, String reason) {
      Approval before =
          cause.getPromotionId() == null
              ? null
              : approvals.get(approvalIdOf(cause.getPromotionId()));
      if (before == null) {
        return;
      }
      Approval after = ApprovalRules.voided(before);
      if (after != before) {
        approvals.put(after.approvalId(), after);
        forward(
            key, after, cause.getEventId(), null, new ApprovalVoided(after.approvalId(), reason));
      }
    }

    /**
     * Applies a recorded decision. A decision whose approval is not known yet waits for its
     * request. Only a decision on a PENDING approval this topology asked for, whose approval id is
     * the one derived from the event's promotion (and whose artifact and writer match), counts; it
     * is checked by {@link ApprovalRules} at the time it was recorded ({@link #recordedAt}), and a
     * grant is checked once more against what promotion-service's authority check requires ({@link
     * ApprovalRules#grantRefusal}). Anything refused goes to the dead-letter topic with the reason.
     */
    private void decide(String key, ApprovalsEnvelope envelope, Headers headers, String origin) {
      EventMetadata cause = envelope.getMeta();
      ApprovalDecisionRecorded d = (ApprovalDecisionRecorded) envelope.getPayload();
      long now = events.clock().millis();
      Approval before = approvals.get(d.getApprovalId());
      if (before == null) {
        early.put(
            ApprovalEvent.of(d.getApprovalId(), cause.getEventId()).value(),
            new Held(
                d.getApprovalId(),
                now,
                recordedAt(cause, now),
                Topics.APPROVALS.serde().encode(envelope)));
        return;
      }
      String refusal = foreign(before, cause, d);
      if (refusal != null) {
        refuse(key, envelope, headers, origin, refusal);
        return;
      }
      long at = recordedAt(cause, now);
      boolean withdrawal = d.getDecision() == io.promoflow.schemas.approvals.Decision.WITHDRAW;
      Approval after;
      try {
        after =
            withdrawal
                ? ApprovalRules.withdrawal(before, d.getApprover(), at)
                : ApprovalRules.decide(
                    before,
                    d.getDecision() == io.promoflow.schemas.approvals.Decision.APPROVE
                        ? Decision.approval(
                            d.getApprover(),
                            d.getApproverEmail(),
                            d.getApproverRoles(),
                            d.getComment(),
                            at,
                            d.getVia())
                        : Decision.rejection(
                            d.getApprover(),
                            d.getApproverEmail(),
                            d.getApproverRoles(),
                            d.getComment(),
                            at,
                            d.getVia()));
      } catch (DecisionRefused refused) {
        refuse(key, envelope, headers, origin, refused.getMessage());
        return;
      }
      if (after.status() == ApprovalStatus.GRANTED) {
        Optional<String> authority = ApprovalRules.grantRefusal(after);
        if (authority.isPresent()) {
          refuse(key, envelope, headers, origin, "no grant: " + authority.get());
          return;
        }
      }
      approvals.put(after.approvalId(), after);
      if (withdrawal) {
        forward(
            key,
            after,
            cause.getEventId(),
            d.getApprover(),
            new ApprovalWithdrawn(after.approvalId(), d.getApprover(), d.getComment()));
      }
      if (after.status() == ApprovalStatus.GRANTED) {
        forward(key, after, cause.getEventId(), null, granted(after));
      } else if (after.status() == ApprovalStatus.REJECTED) {
        forward(
            key,
            after,
            cause.getEventId(),
            d.getApprover(),
            new ApprovalRejected(after.approvalId(), d.getApprover(), d.getComment()));
      }
    }

    /**
     * Sends the decision, as read, to the dead-letter topic with {@code reason}: refused, never
     * silently dropped.
     */
    private void refuse(
        String key, ApprovalsEnvelope envelope, Headers headers, String origin, String reason) {
      ApprovalDecisionRecorded d = (ApprovalDecisionRecorded) envelope.getPayload();
      log.warn(
          "decision {} by {} on approval {} refused: {}",
          envelope.getMeta().getEventId(),
          d.getApprover(),
          d.getApprovalId(),
          reason);
      DecisionRefused why = new DecisionRefused(DecisionRefused.Kind.CONFLICT, reason, null);
      context.forward(
          new Record<String, Object>(
              key,
              new DeadLetter(Topics.APPROVALS.serde().encode(envelope)),
              events.clock().millis(),
              DeadLetters.headers(headers, why, origin, events.service())));
    }

    /** Where the record being processed came from: {@code topic-partition@offset}. */
    private String origin() {
      return context
          .recordMetadata()
          .map(m -> m.topic() + "-" + m.partition() + "@" + m.offset())
          .orElse("punctuation");
    }

    /**
     * The timer: each approval takes its next step (reminder, escalation, extension, expiry) once
     * the service clock passed the step's deadline (stored in the approval) and the input was read
     * up to it; decisions held for a request that did not come are refused once the input was
     * drained.
     */
    private void tick() {
      long now = events.clock().millis();
      long streamTime = context.currentStreamTimeMs();
      List<Timer> steps = new ArrayList<>();
      long[] pending = {0};
      try (KeyValueIterator<String, Approval> it = approvals.all()) {
        it.forEachRemaining(
            kv -> {
              if (kv.value.status() == io.promoflow.approval.domain.ApprovalStatus.PENDING) {
                pending[0]++;
              }
              long due = ApprovalRules.nextStepAt(kv.value);
              if (now >= due && readUpTo(due, now, streamTime)) {
                Timer step = ApprovalRules.tick(kv.value, due);
                if (step.kind() != Timer.Kind.NONE) {
                  steps.add(step);
                }
              }
            });
      }
      pendingByTask.put(context.taskId(), pending[0]);
      for (Timer step : steps) {
        Approval a = step.approval();
        approvals.put(a.approvalId(), a);
        Instant deadline = Instant.ofEpochMilli(a.expiresAt());
        SpecificRecord event =
            switch (step.kind()) {
              case REMINDED -> new ApprovalReminded(a.approvalId(), a.eligibleRoles(), deadline);
              case ESCALATED -> new ApprovalEscalated(a.approvalId(), a.escalationRole(), deadline);
              case EXTENDED -> new ApprovalExtended(a.approvalId(), deadline);
              case EXPIRED -> new ApprovalExpired(a.approvalId(), deadline);
              case NONE -> throw new IllegalStateException("filtered above");
            };
        forward(a.application(), a, null, null, event);
      }
      for (KeyValue<String, Held> kv : held(null)) {
        boolean drained = progress.readUpTo(Long.MAX_VALUE, streamTime);
        if (now - kv.value.heldAt() >= InputProgress.QUIET.toMillis() && drained) {
          early.delete(kv.key);
          ApprovalsEnvelope envelope = Topics.APPROVALS.serde().decode(kv.value.decision());
          refuse(
              envelope.getMeta().getArtifact() == null
                  ? null
                  : envelope.getMeta().getArtifact().getApplication(),
              envelope,
              null,
              "held in " + EARLY,
              "unknown approval "
                  + kv.value.approvalId()
                  + ": no request for it was read, and the input is drained");
        }
      }
    }

    /**
     * Whether the input was read up to {@code deadline}: the stream time passed it, or the input
     * has been quiet for {@link InputProgress#QUIET} and the deadline is that long ago (a decision
     * committed just before the deadline has then been read).
     */
    private boolean readUpTo(long deadline, long now, long streamTime) {
      return streamTime >= deadline
          || progress.readUpTo(deadline, streamTime)
              && now - deadline >= InputProgress.QUIET.toMillis();
    }

    private List<KeyValue<String, Held>> held(String prefix) {
      List<KeyValue<String, Held>> found = new ArrayList<>();
      try (KeyValueIterator<String, Held> it =
          prefix == null ? early.all() : early.prefixScan(prefix, new StringSerializer())) {
        it.forEachRemaining(found::add);
      }
      return found;
    }

    private void forward(
        String key, Approval a, String causationId, String actor, SpecificRecord payload) {
      EventMetadata meta =
          events.meta(
              new ArtifactRef(a.application(), a.version(), a.digest()),
              a.promotionId(),
              causationId,
              actor);
      context.forward(
          new Record<>(
              key, new ApprovalsEnvelope(meta, payload), meta.getOccurredAt().toEpochMilli()));
    }
  }
}
