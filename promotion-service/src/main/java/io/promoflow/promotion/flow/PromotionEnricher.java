package io.promoflow.promotion.flow;

import io.promoflow.platform.events.Events;
import io.promoflow.promotion.adapters.attestation.Attestor;
import io.promoflow.promotion.domain.ApplicationView;
import io.promoflow.promotion.domain.Promotion;
import io.promoflow.promotion.domain.PromotionStateMachine;
import io.promoflow.promotion.domain.Step;
import io.promoflow.schemas.common.ArtifactRef;
import io.promoflow.schemas.common.EventMetadata;
import io.promoflow.schemas.promotions.PromotionAwaitingApproval;
import io.promoflow.schemas.promotions.PromotionExecuting;
import io.promoflow.schemas.promotions.PromotionScheduled;
import io.promoflow.schemas.promotions.PromotionsEnvelope;
import io.promoflow.schemas.promotions.StagePromoted;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Turns what the pure {@link PromotionStateMachine} decided ({@link Step}) into what the world
 * sees: the promotion stored, each payload in an envelope with its metadata (caused by the input)
 * and, for {@code StagePromoted}, the signed attestation; the application's ledger, open promotions
 * and history kept in step; a scheduled promotion's time registered; and an older request for the
 * same stage superseded when a newer one asks for approval. One instance per stream task.
 */
final class PromotionEnricher {

  private final PromotionStateMachine machine;
  private final Events events;
  private final Attestor attestor;
  private final PromotionStores stores;
  private final ProcessorContext<String, PromotionsEnvelope> context;

  PromotionEnricher(
      PromotionStateMachine machine,
      Events events,
      Attestor attestor,
      PromotionStores stores,
      ProcessorContext<String, PromotionsEnvelope> context) {
    this.machine = machine;
    this.events = events;
    this.attestor = attestor;
    this.stores = stores;
    this.context = context;
  }

  /** Metadata of an input the service gave itself (a punctuator) for {@code p}. */
  EventMetadata selfCause(Promotion p) {
    return events.meta(artifact(p), p.promotionId(), null, null);
  }

  /**
   * Asks the executor {@code r.executor()} again for promotion {@code p} ({@code
   * PromotionExecuting}).
   */
  void retry(Promotion p, RetryDue r, long now) {
    EventMetadata meta = selfCause(p);
    context.forward(
        new Record<>(
            r.application(),
            new PromotionsEnvelope(
                meta,
                PromotionExecuting.newBuilder()
                    .setPromotionType(p.type())
                    .setSourceStage(p.sourceStage())
                    .setTargetStage(p.targetStage())
                    .setExecutor(r.executor())
                    .setRequestedBy(p.requestedBy())
                    .setApprovers(p.approvers())
                    .setAttempt(r.attempt())
                    .build()),
            now));
  }

  /**
   * Applies {@code step} of application {@code key}'s promotion, caused by the input {@code cause}:
   * stores it, publishes its events in order, and keeps the application's view in step. Returns the
   * promotion after it.
   */
  Promotion apply(String key, EventMetadata cause, Step step) {
    Promotion p = step.promotion();
    if (step.payloads().stream().anyMatch(PromotionAwaitingApproval.class::isInstance)) {
      for (String id : stores.view(key).open()) {
        Promotion older = stores.promotions.get(id);
        if (older != null) {
          apply(key, cause, machine.superseded(older, p, events.clock().millis()));
        }
      }
    }
    stores.promotions.put(p.promotionId(), p);
    for (SpecificRecord payload : step.payloads()) {
      EventMetadata meta = events.meta(artifact(p), p.promotionId(), cause.getEventId(), null);
      long at = meta.getOccurredAt().toEpochMilli();
      if (payload instanceof PromotionScheduled scheduled) {
        // resumed by the punctuator when due, also after a restart (the store is changelogged)
        stores.retries.put(
            p.promotionId(),
            new RetryDue(key, p.promotionId(), null, 0, scheduled.getNotBefore().toEpochMilli()));
      }
      if (payload instanceof StagePromoted promoted) {
        promoted.setAttestation(attestor.attest(p, at));
        ApplicationView view = stores.view(key);
        stores.applications.put(
            key,
            view.withLedger(
                view.ledger()
                    .promoted(
                        promoted.getTargetStage(), p.version(), p.digest(), p.promotionId(), at)));
      }
      context.forward(new Record<>(key, new PromotionsEnvelope(meta, payload), at));
    }
    ApplicationView view = stores.view(key);
    if (!step.payloads().isEmpty() && p.state().isFinal()) {
      stores.applications.put(
          key,
          view.withOpen(p.promotionId(), false)
              .record(
                  new ApplicationView.HistoryEntry(
                      p.completedAt(),
                      p.promotionId(),
                      p.version(),
                      p.digest(),
                      p.type(),
                      p.sourceStage(),
                      p.targetStage(),
                      p.state())));
    } else if (!p.state().isFinal() && !view.open().contains(p.promotionId())) {
      stores.applications.put(key, view.withOpen(p.promotionId(), true));
    }
    return p;
  }

  private static ArtifactRef artifact(Promotion p) {
    return new ArtifactRef(p.application(), p.version(), p.digest());
  }
}
