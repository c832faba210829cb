package io.promoflow.promotion.flow;

import io.promoflow.platform.events.Events;
import io.promoflow.promotion.attestation.Attestor;
import io.promoflow.rules.stage.StageLedger;
import io.promoflow.promotion.domain.ApplicationView;
import io.promoflow.promotion.domain.BuildInfo;
import io.promoflow.promotion.domain.Promotion;
import io.promoflow.promotion.domain.PromotionState;
import io.promoflow.promotion.domain.PromotionStateMachine;
import io.promoflow.promotion.domain.Step;
import io.promoflow.promotion.domain.Grant;
import io.promoflow.schemas.ApprovalIds;
import io.promoflow.schemas.approvals.ApprovalEscalated;
import io.promoflow.schemas.approvals.ApprovalExpired;
import io.promoflow.schemas.approvals.ApprovalGranted;
import io.promoflow.schemas.approvals.ApprovalRejected;
import io.promoflow.schemas.approvals.ApprovalsEnvelope;
import io.promoflow.schemas.builds.BuildCompleted;
import io.promoflow.schemas.builds.BuildsEnvelope;
import io.promoflow.schemas.common.ArtifactRef;
import io.promoflow.schemas.common.EventMetadata;
import io.promoflow.schemas.gates.GateResultsEnvelope;
import io.promoflow.schemas.gates.GatesEvaluated;
import io.promoflow.schemas.promotions.PromotionAttempted;
import io.promoflow.schemas.promotions.PromotionAwaitingApproval;
import io.promoflow.schemas.promotions.PromotionExecuting;
import io.promoflow.schemas.promotions.PromotionOverridden;
import io.promoflow.schemas.promotions.PromotionScheduled;
import io.promoflow.schemas.promotions.PromotionsEnvelope;
import io.promoflow.schemas.promotions.StagePromoted;
import io.promoflow.schemas.requests.PromotionRequested;
import io.promoflow.schemas.requests.PromotionRequestsEnvelope;
import io.promoflow.schemas.verifications.VerificationFailed;
import io.promoflow.schemas.verifications.VerificationPassed;
import io.promoflow.schemas.verifications.VerificationsEnvelope;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Routes each input to the state machine and keeps the stores; one instance per stream task. */
final class PromotionProcessor implements Processor<String, SpecificRecord, String, PromotionsEnvelope> {

  private static final Logger log = LoggerFactory.getLogger(PromotionProcessor.class);

  static final Duration RETRY_TICK = Duration.ofMillis(250);

  private final PromotionStateMachine machine;
  private final Events events;
  private final Attestor attestor;
  private ProcessorContext<String, PromotionsEnvelope> context;
  private KeyValueStore<String, Promotion> promotions;
  private KeyValueStore<String, ApplicationView> applications;
  private KeyValueStore<String, BuildInfo> builds;
  private KeyValueStore<String, RetryDue> retries;

  PromotionProcessor(PromotionStateMachine machine, Events events, Attestor attestor) {
    this.machine = machine;
    this.events = events;
    this.attestor = attestor;
  }

  @Override
  public void init(ProcessorContext<String, PromotionsEnvelope> context) {
    this.context = context;
    promotions = context.getStateStore(PromotionTopology.PROMOTIONS);
    applications = context.getStateStore(PromotionTopology.APPLICATIONS);
    builds = context.getStateStore(PromotionTopology.BUILDS);
    retries = context.getStateStore(PromotionTopology.RETRIES);
    context.schedule(RETRY_TICK, PunctuationType.WALL_CLOCK_TIME, this::retryDue);
  }

  /** Asks for the next executor attempt of every promotion whose retry is due. */
  private void retryDue(long now) {
    List<RetryDue> due = new ArrayList<>();
    try (KeyValueIterator<String, RetryDue> it = retries.all()) {
      it.forEachRemaining(kv -> {
        if (kv.value.dueAt() <= now) {
          due.add(kv.value);
        }
      });
    }
    for (RetryDue r : due) {
      retries.delete(r.promotionId());
      Promotion p = load(r.promotionId());
      if (p != null && r.executor() == null) {
        EventMetadata cause = events.meta(new ArtifactRef(p.application(), p.version(), p.digest()), p.promotionId(), null,
            null);
        apply(new Record<>(r.application(), null, now), cause, machine.resume(p, view(r.application()).ledger(), now));
        continue;
      }
      if (p == null || p.state() != PromotionState.PROMOTING) {
        continue;
      }
      EventMetadata meta = events.meta(new ArtifactRef(p.application(), p.version(), p.digest()), p.promotionId(), null, null);
      context.forward(new Record<>(r.application(), new PromotionsEnvelope(meta, PromotionExecuting.newBuilder()
          .setPromotionType(io.promoflow.schemas.requests.PromotionType.valueOf(p.type())).setSourceStage(p.sourceStage())
          .setTargetStage(p.targetStage()).setExecutor(r.executor()).setRequestedBy(p.requestedBy())
          .setApprovers(p.approvers()).setAttempt(r.attempt()).build()), now));
    }
  }


  @Override
  public void process(Record<String, SpecificRecord> record) {
    long now = events.clock().millis();
    SpecificRecord value = record.value();
    if (value instanceof BuildsEnvelope b && b.getPayload() instanceof BuildCompleted build) {
      ArtifactRef a = b.getMeta().getArtifact();
      String key = a.getApplication() + "|" + a.getVersion();
      if (builds.get(key) == null) {
        builds.put(key, new BuildInfo(build.getSourceCommit(), build.getPipelineRunId(), build.getPipelineUrl(),
            build.getCommitAuthor(), build.getBuildFinishedAt().toEpochMilli()));
      }
    } else if (value instanceof PromotionRequestsEnvelope r) {
      onRequest(record, r.getMeta(), (PromotionRequested) r.getPayload(), now);
    } else if (value instanceof GateResultsEnvelope g && g.getPayload() instanceof GatesEvaluated gates) {
      Promotion p = load(g.getMeta().getPromotionId());
      if (p == null) {
        // the summary overtook its request (different topics): start the promotion from the summary
        p = onRequest(record, g.getMeta(), PromotionRequested.newBuilder().setType(gates.getPromotionType())
            .setSourceStage(gates.getSourceStage()).setTargetStage(gates.getTargetStage())
            .setRequestedBy(gates.getRequestedBy()).setUrgency(gates.getUrgency()).build(), now);
        p = withBuild(p);
      }
      apply(record, g.getMeta(), machine.gatesEvaluated(p, gates, g.getMeta().getPolicyDigest(), view(record.key()).ledger(), now));
    } else if (value instanceof ApprovalsEnvelope a) {
      onApproval(record, a, now);
    } else if (value instanceof VerificationsEnvelope v) {
      onVerification(record, v, now);
    } else if (value instanceof PromotionsEnvelope pe && pe.getPayload() instanceof PromotionOverridden o) {
      Promotion p = load(pe.getMeta().getPromotionId());
      if (p != null) {
        apply(record, pe.getMeta(), machine.override(p, o.getKind(), pe.getMeta().getActor(), o.getReason(),
            view(record.key()).ledger(), now));
      }
    } else if (value instanceof PromotionsEnvelope pe && pe.getPayload() instanceof PromotionAttempted attempt) {
      Promotion p = promotions.get(pe.getMeta().getPromotionId());
      if (p != null) {
        Promotion after = apply(record, pe.getMeta(), machine.attempted(p, attempt, view(record.key()).ledger(), now));
        if (after.state() == PromotionState.PROMOTING && attempt.getWillRetry() && attempt.getNextAttemptAt() != null) {
          retries.put(p.promotionId(), new RetryDue(record.key(), p.promotionId(), attempt.getExecutor(),
              attempt.getAttempt() + 1,
              attempt.getNextAttemptAt().toEpochMilli()));
        }
      }
    }
  }

  private Promotion onRequest(Record<String, SpecificRecord> record, EventMetadata meta, PromotionRequested r, long now) {
    Promotion known = promotions.get(meta.getPromotionId());
    if (known != null) {
      return known;
    }
    ArtifactRef a = meta.getArtifact();
    Promotion p = Promotion.requested(meta.getPromotionId(), a.getApplication(), a.getVersion(), a.getDigest(),
        r.getType().name(), r.getSourceStage(), r.getTargetStage(), r.getRequestedBy(), r.getUrgency(), r.getReason(),
        meta.getOccurredAt().toEpochMilli(), meta.getPolicyDigest());
    return apply(record, meta, machine.requested(p, now));
  }

  /**
   * Approval steps. A grant is judged by the state machine ({@code AuthorityCheck}): one for an unknown promotion, for
   * another approval id or another artifact digest never promotes; it is logged, and noted on the promotion's timeline
   * where there is one.
   */
  private void onApproval(Record<String, SpecificRecord> record, ApprovalsEnvelope a, long now) {
    Promotion p = a.getMeta().getPromotionId() == null ? null : load(a.getMeta().getPromotionId());
    Object payload = a.getPayload();
    if (p == null) {
      if (payload instanceof ApprovalGranted granted) {
        log.warn("ignored grant {} for unknown promotion {}", granted.getApprovalId(), a.getMeta().getPromotionId());
      }
      return;
    }
    StageLedger ledger = view(record.key()).ledger();
    if (payload instanceof ApprovalGranted granted) {
      Promotion after = apply(record, a.getMeta(), machine.approvalGranted(p, Grant.of(a.getMeta(), granted), ledger, now));
      if (after.state() == PromotionState.AWAITING_APPROVAL) {
        log.warn("grant {} for promotion {} refused: {}", granted.getApprovalId(), p.promotionId(),
            after.timeline().get(after.timeline().size() - 1).detail());
      }
    } else if (payload instanceof ApprovalEscalated escalated
        && ApprovalIds.of(p.promotionId()).equals(escalated.getApprovalId())) {
      apply(record, a.getMeta(), machine.escalated(p, escalated.getEscalatedTo(), now));
    } else if (payload instanceof ApprovalRejected rejected) {
      apply(record, a.getMeta(), machine.approvalRejected(p, rejected, now));
    } else if (payload instanceof ApprovalExpired expired) {
      apply(record, a.getMeta(), machine.approvalExpired(p, expired, now));
    }
  }

  /** The promotion {@code id} with its artifact's recorded build once known (the commit author may not approve). */
  private Promotion load(String id) {
    Promotion p = id == null ? null : promotions.get(id);
    return p == null ? null : withBuild(p);
  }

  private Promotion withBuild(Promotion p) {
    if (p.build() != null) {
      return p;
    }
    BuildInfo build = builds.get(p.application() + "|" + p.version());
    return build == null ? p : p.withBuild(build);
  }

  private void onVerification(Record<String, SpecificRecord> record, VerificationsEnvelope v, long now) {
    ApplicationView view = view(record.key());
    ApplicationView next = PromotionTopology.verified(view, v);
    if (next != view) {
      applications.put(record.key(), next);
    }
    if (v.getPayload() instanceof VerificationFailed failed) {
      String version = v.getMeta().getArtifact().getVersion();
      String reason = version + " failed verification in " + failed.getStage();
      for (String id : next.open()) {
        Promotion open = promotions.get(id);
        if (open != null && open.version().equals(version)) {
          apply(record, v.getMeta(), machine.revoked(open, failed.getStage(), reason, now));
        }
      }
    }
    String result = v.getPayload() instanceof VerificationPassed ? "PASSED" : v.getPayload() instanceof VerificationFailed ? "FAILED"
        : v.getPayload() instanceof io.promoflow.schemas.verifications.VerificationInconclusive ? "INCONCLUSIVE" : null;
    Promotion p = v.getMeta().getPromotionId() == null ? null : promotions.get(v.getMeta().getPromotionId());
    if (result != null && p != null && p.state() == PromotionState.PROMOTED) {
      promotions.put(p.promotionId(), p.withTargetVerification(result).note(now, v.getPayload().getClass().getSimpleName(),
          "rollback-service", "verification in " + p.targetStage() + " " + result));
    }
  }

  private Promotion apply(Record<String, SpecificRecord> record, EventMetadata cause, Step step) {
    Promotion p = step.promotion();
    if (step.payloads().stream().anyMatch(PromotionAwaitingApproval.class::isInstance)) {
      for (String id : view(record.key()).open()) {
        Promotion older = promotions.get(id);
        if (older != null) {
          apply(record, cause, machine.superseded(older, p, events.clock().millis()));
        }
      }
    }
    promotions.put(p.promotionId(), p);
    ArtifactRef artifact = new ArtifactRef(p.application(), p.version(), p.digest());
    for (SpecificRecord payload : step.payloads()) {
      EventMetadata meta = events.meta(artifact, p.promotionId(), cause.getEventId(), null);
      if (payload instanceof PromotionScheduled scheduled) {
        // resumed by the punctuator when due, also after a restart (the store is changelogged)
        retries.put(p.promotionId(), new RetryDue(record.key(), p.promotionId(), null, 0, scheduled.getNotBefore().toEpochMilli()));
      }
      if (payload instanceof PromotionAwaitingApproval ask) {
        BuildInfo build = builds.get(p.application() + "|" + p.version());
        ask.setCommitAuthor(build == null ? null : build.commitAuthor());
      }
      if (payload instanceof StagePromoted promoted) {
        promoted.setAttestation(attestor.attest(p, meta.getOccurredAt().toEpochMilli()));
        ApplicationView view = view(record.key());
        applications.put(record.key(), view.withLedger(view.ledger().promoted(promoted.getTargetStage(), p.version(),
            p.digest(), p.promotionId(), meta.getOccurredAt().toEpochMilli())));
      }
      context.forward(new Record<>(record.key(), new PromotionsEnvelope(meta, payload), meta.getOccurredAt().toEpochMilli()));
    }
    if (!step.payloads().isEmpty() && p.state().isFinal()) {
      applications.put(record.key(), view(record.key()).withOpen(p.promotionId(), false).record(
          new ApplicationView.HistoryEntry(p.completedAt(), p.promotionId(), p.version(), p.digest(), p.type(),
              p.sourceStage(), p.targetStage(), p.state())));
    } else if (!p.state().isFinal() && !view(record.key()).open().contains(p.promotionId())) {
      applications.put(record.key(), view(record.key()).withOpen(p.promotionId(), true));
    }
    return p;
  }

  private ApplicationView view(String application) {
    ApplicationView view = applications.get(application);
    return view == null ? ApplicationView.empty(application) : view;
  }
}
