package io.promoflow.promotion.flow;

import io.promoflow.platform.events.Events;
import io.promoflow.promotion.domain.ApplicationView;
import io.promoflow.promotion.domain.BuildInfo;
import io.promoflow.promotion.domain.Grant;
import io.promoflow.promotion.domain.Promotion;
import io.promoflow.promotion.domain.PromotionState;
import io.promoflow.promotion.domain.PromotionStateMachine;
import io.promoflow.promotion.domain.Step;
import io.promoflow.rules.stage.StageLedger;
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
import io.promoflow.schemas.promotions.PromotionOverridden;
import io.promoflow.schemas.promotions.PromotionsEnvelope;
import io.promoflow.schemas.requests.PromotionRequested;
import io.promoflow.schemas.requests.PromotionRequestsEnvelope;
import io.promoflow.schemas.verifications.VerificationFailed;
import io.promoflow.schemas.verifications.VerificationInconclusive;
import io.promoflow.schemas.verifications.VerificationPassed;
import io.promoflow.schemas.verifications.VerificationStarted;
import io.promoflow.schemas.verifications.VerificationsEnvelope;
import org.apache.avro.specific.SpecificRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What each input does: the state machine's step for it, handed to the {@link PromotionEnricher} —
 * or, when the step needs a fact not read yet, nothing but the fact's name, for the {@link
 * PromotionRouter} to hold the input. One instance per stream task.
 */
final class PromotionInputs {

  private static final Logger log = LoggerFactory.getLogger(PromotionInputs.class);

  private final PromotionStateMachine machine;
  private final Events events;
  private final PromotionStores stores;
  private final PromotionEnricher enricher;

  PromotionInputs(
      PromotionStateMachine machine,
      Events events,
      PromotionStores stores,
      PromotionEnricher enricher) {
    this.machine = machine;
    this.events = events;
    this.stores = stores;
    this.enricher = enricher;
  }

  /**
   * Applies one input; returns the fact it waits for instead (nothing applied), or null.
   *
   * @param decideNow true once the wait is over: decide with what is known
   */
  String apply(String application, SpecificRecord value, boolean decideNow) {
    long now = events.clock().millis();
    if (value instanceof BuildsEnvelope b && b.getPayload() instanceof BuildCompleted build) {
      ArtifactRef a = b.getMeta().getArtifact();
      stores.recordBuild(
          a.getApplication(),
          a.getVersion(),
          new BuildInfo(
              build.getSourceCommit(),
              build.getPipelineRunId(),
              build.getPipelineUrl(),
              build.getCommitAuthor(),
              build.getBuildFinishedAt().toEpochMilli()));
    } else if (value instanceof PromotionRequestsEnvelope r) {
      onRequest(application, r.getMeta(), (PromotionRequested) r.getPayload(), now);
    } else if (value instanceof GateResultsEnvelope g
        && g.getPayload() instanceof GatesEvaluated gates) {
      return onGates(application, g.getMeta(), gates, now);
    } else if (value instanceof ApprovalsEnvelope a) {
      return onApproval(application, a, decideNow, now);
    } else if (value instanceof VerificationsEnvelope v) {
      return onVerification(application, v, decideNow, now);
    } else if (value instanceof PromotionsEnvelope pe
        && pe.getPayload() instanceof PromotionOverridden o) {
      Promotion p = stores.load(pe.getMeta().getPromotionId());
      if (p == null || !decideNow && undecided(p)) {
        return notYet(pe.getMeta(), p, "override " + o.getKind(), decideNow);
      }
      return applyOrWait(
          application,
          pe.getMeta(),
          machine.override(
              p, o.getKind(), pe.getMeta().getActor(), o.getReason(), ledger(application), now));
    } else if (value instanceof PromotionsEnvelope pe
        && pe.getPayload() instanceof PromotionAttempted attempt) {
      onAttempt(application, pe.getMeta(), attempt, now);
    }
    return null;
  }

  private Promotion onRequest(
      String application, EventMetadata meta, PromotionRequested r, long now) {
    Promotion known = stores.promotions.get(meta.getPromotionId());
    if (known != null) {
      return known;
    }
    ArtifactRef a = meta.getArtifact();
    Promotion p =
        Promotion.builder(meta.getPromotionId())
            .artifact(a.getApplication(), a.getVersion(), a.getDigest())
            .step(r.getType(), r.getSourceStage(), r.getTargetStage())
            .requested(r.getRequestedBy(), meta.getOccurredAt().toEpochMilli())
            .urgency(Promotion.urgency(r.getUrgency()))
            .reason(r.getReason())
            .changeRequestId(r.getChangeRequestId())
            .release(io.promoflow.promotion.domain.Release.of(r.getRelease()))
            .policyDigest(meta.getPolicyDigest())
            .build();
    return enricher.apply(application, meta, machine.requested(p, now));
  }

  private String onGates(String application, EventMetadata meta, GatesEvaluated gates, long now) {
    Promotion p = stores.load(meta.getPromotionId());
    if (p == null) {
      // the summary overtook its request (different topics): start the promotion from the summary
      p =
          stores.withBuild(
              onRequest(
                  application,
                  meta,
                  PromotionRequested.newBuilder()
                      .setType(gates.getPromotionType())
                      .setSourceStage(gates.getSourceStage())
                      .setTargetStage(gates.getTargetStage())
                      .setRequestedBy(gates.getRequestedBy())
                      .setUrgency(gates.getUrgency())
                      .setChangeRequestId(gates.getChangeRequestId())
                      .setRelease(gates.getRelease())
                      .build(),
                  now));
    }
    return applyOrWait(
        application,
        meta,
        machine.gatesEvaluated(p, gates, meta.getPolicyDigest(), ledger(application), now));
  }

  /**
   * Approval steps. A grant is judged by the state machine ({@code AuthorityCheck}): one for
   * another approval id or another artifact digest never promotes; it is logged, and noted on the
   * promotion's timeline. One for a promotion not read yet, or whose gates were not read yet, waits
   * for them (approvals answer the ask that follows the gates); one for a promotion that never
   * appears is logged.
   */
  private String onApproval(String application, ApprovalsEnvelope a, boolean decideNow, long now) {
    Object payload = a.getPayload();
    if (!decides(payload)) {
      return null;
    }
    Promotion p = stores.load(a.getMeta().getPromotionId());
    if (p == null || !decideNow && undecided(p)) {
      return notYet(a.getMeta(), p, payload.getClass().getSimpleName(), decideNow);
    }
    if (payload instanceof ApprovalGranted granted) {
      Step step =
          machine.approvalGranted(p, Grant.of(a.getMeta(), granted), ledger(application), now);
      if (step.waits()) {
        return step.awaiting();
      }
      Promotion after = enricher.apply(application, a.getMeta(), step);
      if (after.state() == PromotionState.AWAITING_APPROVAL) {
        log.warn(
            "grant {} for promotion {} refused: {}",
            granted.getApprovalId(),
            p.promotionId(),
            after.timeline().get(after.timeline().size() - 1).detail());
      }
    } else if (payload instanceof ApprovalEscalated escalated
        && ApprovalIds.of(p.promotionId()).equals(escalated.getApprovalId())) {
      enricher.apply(
          application, a.getMeta(), machine.escalated(p, escalated.getEscalatedTo(), now));
    } else if (payload instanceof ApprovalRejected rejected) {
      enricher.apply(application, a.getMeta(), machine.approvalRejected(p, rejected, now));
    } else if (payload instanceof ApprovalExpired expired) {
      enricher.apply(application, a.getMeta(), machine.approvalExpired(p, expired, now));
    }
    return null;
  }

  /**
   * A verification result: onto the application's ledger, revoking open promotions of a version
   * that failed, and onto the promotion it verifies. A result for a promotion that has not been
   * read to its end yet waits for it (the ledger has no slot to put it in before its {@code
   * StagePromoted}).
   */
  private String onVerification(
      String application, VerificationsEnvelope v, boolean decideNow, long now) {
    Object payload = v.getPayload();
    String id = v.getMeta().getPromotionId();
    Promotion p = id == null ? null : stores.promotions.get(id);
    if (!decideNow && ledgerEvent(payload) && id != null && (p == null || !p.state().isFinal())) {
      return "promotion " + id + " in its stage";
    }
    ApplicationView view = stores.view(application);
    ApplicationView next = PromotionTopology.verified(view, v);
    if (next != view) {
      stores.applications.put(application, next);
    }
    if (payload instanceof VerificationFailed failed) {
      String version = v.getMeta().getArtifact().getVersion();
      String reason = version + " failed verification in " + failed.getStage();
      for (String open : next.open()) {
        Promotion q = stores.promotions.get(open);
        if (q != null && q.version().equals(version)) {
          enricher.apply(
              application, v.getMeta(), machine.revoked(q, failed.getStage(), reason, now));
        }
      }
    }
    StageLedger.Verification result =
        payload instanceof VerificationPassed
            ? StageLedger.Verification.PASSED
            : payload instanceof VerificationFailed
                ? StageLedger.Verification.FAILED
                : payload instanceof VerificationInconclusive
                    ? StageLedger.Verification.INCONCLUSIVE
                    : null;
    if (result != null && p != null && p.state() == PromotionState.PROMOTED) {
      stores.promotions.put(
          p.promotionId(),
          p.withTargetVerification(result)
              .note(
                  now,
                  payload.getClass().getSimpleName(),
                  "rollback-service",
                  "verification in " + p.targetStage() + " " + result));
    } else if (result != null && id != null) {
      log.warn(
          "{} for promotion {}, which is {}: recorded on the ledger only",
          payload.getClass().getSimpleName(),
          id,
          p == null ? "unknown" : p.state());
    }
    return null;
  }

  private void onAttempt(
      String application, EventMetadata meta, PromotionAttempted attempt, long now) {
    Promotion p = stores.load(meta.getPromotionId());
    if (p == null) {
      // attempts answer this service's own PromotionExecuting (same topic, same partition): nothing
      // to wait for
      log.warn(
          "attempt {} for unknown promotion {} ignored",
          attempt.getAttempt(),
          meta.getPromotionId());
      return;
    }
    Promotion after =
        enricher.apply(application, meta, machine.attempted(p, attempt, ledger(application), now));
    if (after.state() == PromotionState.PROMOTING
        && attempt.getWillRetry()
        && attempt.getNextAttemptAt() != null) {
      stores.retries.put(
          p.promotionId(),
          new RetryDue(
              application,
              p.promotionId(),
              attempt.getExecutor(),
              attempt.getAttempt() + 1,
              attempt.getNextAttemptAt().toEpochMilli()));
    }
  }

  /** A scheduled promotion's time came (or a held resumption is offered again). */
  String resume(String application, String promotionId, long now) {
    Promotion p = stores.load(promotionId);
    return p == null
        ? null
        : applyOrWait(
            application, enricher.selfCause(p), machine.resume(p, ledger(application), now));
  }

  /**
   * True while {@code p}'s gates have not been read: an approval step or an override answers what
   * followed them (the ask, the block, the schedule), so one read earlier came over another topic
   * faster and waits.
   */
  private static boolean undecided(Promotion p) {
    return p.state() == PromotionState.REQUESTED || p.state() == PromotionState.EVALUATING;
  }

  /**
   * For an input naming promotion {@code p} not read yet (null) or not decided yet: what it waits
   * for; once the wait is over (or when it names no promotion), null for one that never came,
   * logged and left.
   */
  private static String notYet(EventMetadata meta, Promotion p, String what, boolean decideNow) {
    if (p == null && (meta.getPromotionId() == null || decideNow)) {
      log.warn("{} for unknown promotion {} ignored", what, meta.getPromotionId());
      return null;
    }
    return (p == null ? "promotion " : "gates of promotion ") + meta.getPromotionId();
  }

  private String applyOrWait(String application, EventMetadata cause, Step step) {
    if (step.waits()) {
      return step.awaiting();
    }
    enricher.apply(application, cause, step);
    return null;
  }

  private StageLedger ledger(String application) {
    return stores.view(application).ledger();
  }

  /** The approval events that change a promotion: grants, escalations, rejections and expiries. */
  static boolean decides(Object payload) {
    return payload instanceof ApprovalGranted
        || payload instanceof ApprovalEscalated
        || payload instanceof ApprovalRejected
        || payload instanceof ApprovalExpired;
  }

  /**
   * The verification events that change a stage's ledger and so need the promotion's {@code
   * StagePromoted}.
   */
  static boolean ledgerEvent(Object payload) {
    return payload instanceof VerificationStarted
        || payload instanceof VerificationPassed
        || payload instanceof VerificationFailed
        || payload instanceof VerificationInconclusive;
  }
}
