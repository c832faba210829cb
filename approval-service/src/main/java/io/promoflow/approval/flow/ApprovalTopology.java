package io.promoflow.approval.flow;

import io.promoflow.approval.domain.Approval;
import io.promoflow.approval.domain.ApprovalRules;
import io.promoflow.approval.domain.ApprovalStatus;
import io.promoflow.approval.domain.Decision;
import io.promoflow.approval.domain.Timer;
import io.promoflow.platform.events.Events;
import io.promoflow.platform.streams.Stores;
import io.promoflow.platform.streams.Topologies;
import io.promoflow.schemas.Topics;
import io.promoflow.schemas.approvals.ApprovalDecisionRecorded;
import io.promoflow.schemas.approvals.ApprovalDecisionRef;
import io.promoflow.schemas.approvals.ApprovalEscalated;
import io.promoflow.schemas.approvals.ApprovalExpired;
import io.promoflow.schemas.approvals.ApprovalExtended;
import io.promoflow.schemas.approvals.ApprovalReminded;
import io.promoflow.schemas.approvals.ApprovalWithdrawn;
import io.promoflow.schemas.approvals.ApprovalGranted;
import io.promoflow.schemas.approvals.ApprovalRejected;
import io.promoflow.schemas.approvals.ApprovalRequested;
import io.promoflow.schemas.approvals.ApprovalVoided;
import io.promoflow.schemas.approvals.ApprovalsEnvelope;
import io.promoflow.schemas.common.ArtifactRef;
import io.promoflow.schemas.common.EventMetadata;
import io.promoflow.schemas.promotions.PromotionAwaitingApproval;
import io.promoflow.schemas.promotions.PromotionBlocked;
import io.promoflow.schemas.promotions.PromotionsEnvelope;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.StreamsBuilder;
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
 * {@code PromotionAwaitingApproval} in, {@code ApprovalRequested} out; recorded decisions in, {@code ApprovalGranted}
 * or {@code ApprovalRejected} out; a promotion that ends without its pending approval (blocked, revoked) voids it
 * ({@code ApprovalVoided}); withdrawals are recorded ({@code ApprovalWithdrawn}); a wall-clock timer reminds,
 * escalates, extends or expires approvals by their policy (durable: deadlines live in the changelogged store
 * {@value #APPROVALS}, so they survive restarts). A grant carries the gate results digest the approval was asked on
 * and every approver with the e-mail and roles they held when deciding, which promotion-service checks before it
 * accepts the grant.
 */
@Component
public class ApprovalTopology {

  public static final String APPROVALS = "approvals";
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
   * Why a recorded decision does not belong to {@code approval}, or null when it does: the approval is unknown (not
   * asked by this topology), or not PENDING, or the decision's approval id is not the one of the event's promotion, or
   * the event names another artifact digest, or its actor is not the approver.
   */
  static String foreign(Approval approval, EventMetadata meta, ApprovalDecisionRecorded d) {
    if (approval == null) {
      return "unknown approval";
    }
    if (approval.status() != ApprovalStatus.PENDING) {
      return "approval is " + approval.status();
    }
    if (meta.getPromotionId() == null || !approval.promotionId().equals(meta.getPromotionId())
        || !d.getApprovalId().equals(approvalIdOf(meta.getPromotionId()))) {
      return "approval " + d.getApprovalId() + " does not belong to promotion " + meta.getPromotionId();
    }
    if (meta.getArtifact() == null || !approval.digest().equals(meta.getArtifact().getDigest())) {
      return "the decision names artifact " + (meta.getArtifact() == null ? null : meta.getArtifact().getDigest())
          + ", the approval is on " + approval.digest();
    }
    if (!d.getApprover().equals(meta.getActor())) {
      return "recorded by " + meta.getActor() + ", not by the approver";
    }
    return null;
  }

  /** The grant: approvers, the gate results digest asked on, and each approver with e-mail and roles, in order. */
  static ApprovalGranted granted(Approval a) {
    return new ApprovalGranted(a.approvalId(), a.approvers(), a.gateResultsDigest(), a.approvals().stream()
        .map(d -> new ApprovalDecisionRef(d.approver(), d.email(), d.roles())).toList());
  }

  @Autowired
  public void define(StreamsBuilder builder) {
    Stores.add(builder, APPROVALS, Approval.class);
    Topologies.stream(builder, Topics.PROMOTIONS).mapValues(v -> (SpecificRecord) v)
        .merge(Topologies.stream(builder, Topics.APPROVALS).mapValues(v -> (SpecificRecord) v))
        .process(ApprovalProcessor::new, APPROVALS)
        .to(Topics.APPROVALS.name(), Topologies.to(Topics.APPROVALS));
  }

  private final class ApprovalProcessor implements Processor<String, SpecificRecord, String, ApprovalsEnvelope> {

    private ProcessorContext<String, ApprovalsEnvelope> context;
    private KeyValueStore<String, Approval> approvals;

    @Override
    public void init(ProcessorContext<String, ApprovalsEnvelope> context) {
      this.context = context;
      approvals = context.getStateStore(APPROVALS);
      context.schedule(TICK, PunctuationType.WALL_CLOCK_TIME, this::tick);
    }

    @Override
    public void process(Record<String, SpecificRecord> record) {
      if (record.value() instanceof PromotionsEnvelope p && p.getPayload() instanceof PromotionAwaitingApproval ask) {
        request(record.key(), p.getMeta(), ask);
      } else if (record.value() instanceof PromotionsEnvelope p && p.getPayload() instanceof PromotionBlocked blocked) {
        voidIfPending(record.key(), p.getMeta(), blocked.getReason());
      } else if (record.value() instanceof ApprovalsEnvelope a && a.getPayload() instanceof ApprovalDecisionRecorded d) {
        decide(record.key(), a.getMeta(), d);
      }
    }

    private void request(String key, EventMetadata cause, PromotionAwaitingApproval ask) {
      String approvalId = approvalIdOf(cause.getPromotionId());
      if (approvals.get(approvalId) != null) {
        return;
      }
      long now = events.clock().millis();
      ArtifactRef a = cause.getArtifact();
      Approval approval = new Approval(approvalId, cause.getPromotionId(), a.getApplication(), a.getVersion(), a.getDigest(),
          ask.getSourceStage(), ask.getTargetStage(), ask.getRequestedBy(), ask.getCommitAuthor(), ask.getRequiredRoles(),
          ask.getQuorum(), ask.getAllOf(), ask.getSequential(), now, now + ask.getTimeoutMs(),
          now + ask.getTimeoutMs() * ask.getReminderAtPercent() / 100, ask.getTimeoutMs(), ask.getOnTimeout(),
          ask.getEscalationRole(), false, false, false, ask.getGateSummary(), ApprovalStatus.PENDING, List.of(),
          ask.getGateResultsDigest(), ask.getExcludedApprovers(), ask.getOverride());
      approvals.put(approvalId, approval);
      forward(key, approval, cause.getEventId(), null, ApprovalRequested.newBuilder().setApprovalId(approvalId)
          .setRequiredRoles(approval.requiredRoles()).setQuorum(approval.quorum()).setRequestedBy(approval.requestedBy())
          .setCommitAuthor(approval.commitAuthor()).setSourceStage(approval.sourceStage())
          .setTargetStage(approval.targetStage()).setGateSummary(approval.gateSummary())
          .setExpiresAt(Instant.ofEpochMilli(approval.expiresAt())).setAllOf(approval.allOf())
          .setSequential(approval.sequential()).setOnTimeout(approval.onTimeout())
          .setGateResultsDigest(approval.gateResultsDigest()).setExcludedApprovers(approval.excludedApprovers())
          .setOverride(approval.override()).build());
    }

    private void voidIfPending(String key, EventMetadata cause, String reason) {
      Approval before = cause.getPromotionId() == null ? null : approvals.get(approvalIdOf(cause.getPromotionId()));
      if (before == null) {
        return;
      }
      Approval after = ApprovalRules.voided(before);
      if (after != before) {
        approvals.put(after.approvalId(), after);
        forward(key, after, cause.getEventId(), null, new ApprovalVoided(after.approvalId(), reason));
      }
    }

    /**
     * Applies a recorded decision. Only a decision on a PENDING approval this topology asked for, whose approval id is
     * the one derived from the event's promotion (and whose artifact and writer match), counts: anything else, such as a
     * decision replayed under another approval id, is ignored and logged. The decision time is when this topology
     * processes it ({@code events.clock()}, the clock that also runs the timers), never a time claimed in the event.
     */
    private void decide(String key, EventMetadata cause, ApprovalDecisionRecorded d) {
      Approval before = approvals.get(d.getApprovalId());
      String refusal = foreign(before, cause, d);
      if (refusal != null) {
        log.warn("decision {} by {} on approval {} ignored: {}", cause.getEventId(), d.getApprover(), d.getApprovalId(),
            refusal);
        return;
      }
      long at = events.clock().millis();
      boolean withdrawal = d.getDecision() == io.promoflow.schemas.approvals.Decision.WITHDRAW;
      Approval after = withdrawal ? ApprovalRules.withdraw(before, d.getApprover(), at)
          : ApprovalRules.apply(before, new Decision(d.getApprover(), d.getApproverEmail(), d.getApproverRoles(),
              d.getDecision() == io.promoflow.schemas.approvals.Decision.APPROVE, d.getComment(), at));
      if (after == before) {
        log.info("decision {} by {} on approval {} changed nothing (refused by the approval rules)", cause.getEventId(),
            d.getApprover(), d.getApprovalId());
        return;
      }
      approvals.put(after.approvalId(), after);
      if (withdrawal) {
        forward(key, after, cause.getEventId(), d.getApprover(),
            new ApprovalWithdrawn(after.approvalId(), d.getApprover(), d.getComment()));
      }
      if (after.status() == ApprovalStatus.GRANTED) {
        forward(key, after, cause.getEventId(), null, granted(after));
      } else if (after.status() == ApprovalStatus.REJECTED) {
        forward(key, after, cause.getEventId(), d.getApprover(),
            new ApprovalRejected(after.approvalId(), d.getApprover(), d.getComment()));
      }
    }

    private void tick(long now) {
      List<Timer> steps = new ArrayList<>();
      try (KeyValueIterator<String, Approval> it = approvals.all()) {
        it.forEachRemaining(kv -> {
          Timer step = ApprovalRules.tick(kv.value, now);
          if (step.kind() != Timer.Kind.NONE) {
            steps.add(step);
          }
        });
      }
      for (Timer step : steps) {
        Approval a = step.approval();
        approvals.put(a.approvalId(), a);
        Instant deadline = Instant.ofEpochMilli(a.expiresAt());
        SpecificRecord event = switch (step.kind()) {
          case REMINDED -> new ApprovalReminded(a.approvalId(), a.eligibleRoles(), deadline);
          case ESCALATED -> new ApprovalEscalated(a.approvalId(), a.escalationRole(), deadline);
          case EXTENDED -> new ApprovalExtended(a.approvalId(), deadline);
          case EXPIRED -> new ApprovalExpired(a.approvalId(), Instant.ofEpochMilli(now));
          case NONE -> throw new IllegalStateException("filtered above");
        };
        forward(a.application(), a, null, null, event);
      }
    }

    private void forward(String key, Approval a, String causationId, String actor, SpecificRecord payload) {
      EventMetadata meta = events.meta(new ArtifactRef(a.application(), a.version(), a.digest()), a.promotionId(),
          causationId, actor);
      context.forward(new Record<>(key, new ApprovalsEnvelope(meta, payload), meta.getOccurredAt().toEpochMilli()));
    }
  }
}
