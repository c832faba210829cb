package io.promoflow.promotion.flow;

import io.promoflow.platform.events.Events;
import io.promoflow.platform.streams.InputProgress;
import io.promoflow.promotion.adapters.attestation.Attestor;
import io.promoflow.promotion.domain.Promotion;
import io.promoflow.promotion.domain.PromotionState;
import io.promoflow.promotion.domain.PromotionStateMachine;
import io.promoflow.schemas.approvals.ApprovalsEnvelope;
import io.promoflow.schemas.common.EventMetadata;
import io.promoflow.schemas.gates.GateResultsEnvelope;
import io.promoflow.schemas.gates.GatesEvaluated;
import io.promoflow.schemas.promotions.PromotionAttempted;
import io.promoflow.schemas.promotions.PromotionOverridden;
import io.promoflow.schemas.promotions.PromotionsEnvelope;
import io.promoflow.schemas.verifications.VerificationsEnvelope;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes each input of the promotion topology to the state machine and hands what it decided to the
 * {@link PromotionEnricher}; one instance per stream task.
 *
 * <p>Arrival order never decides (issue 11 point 1): an input that needs a fact not read yet — the
 * build of the version (its commit author) before asking for or judging an approval, the promotion
 * itself for an approval or an override, the promotion's {@code StagePromoted} for its verification
 * — is held ({@link HeldInputs}; a wait for the build with every later input of the same promotion)
 * and offered again after each input of its application, so it is decided exactly as if the fact
 * had been there. After the policy's {@code gates.factsTimeout}, counted from when it was held and
 * checked only once the input was read up to then ({@link InputProgress}), it is decided with what
 * is known: a promotion whose build never came is BLOCKED {@code build <app> <version> never
 * recorded}; anything else is applied as it stands or, for a promotion that never appeared, logged
 * and left.
 */
final class PromotionRouter
    implements Processor<String, SpecificRecord, String, PromotionsEnvelope> {

  private static final Logger log = LoggerFactory.getLogger(PromotionRouter.class);

  static final Duration RETRY_TICK = Duration.ofMillis(250);

  /** How often held inputs are checked against their deadline. */
  static final Duration CHECK_INTERVAL = Duration.ofSeconds(1);

  private final PromotionStateMachine machine;
  private final Events events;
  private final Attestor attestor;
  private final long factsTimeoutMs;
  private ProcessorContext<String, PromotionsEnvelope> context;
  private PromotionStores stores;
  private HeldInputs held;
  private PromotionEnricher enricher;
  private PromotionInputs inputs;
  private InputProgress progress;

  PromotionRouter(
      PromotionStateMachine machine, Events events, Attestor attestor, Duration factsTimeout) {
    this.machine = machine;
    this.events = events;
    this.attestor = attestor;
    this.factsTimeoutMs = factsTimeout.toMillis();
  }

  @Override
  public void init(ProcessorContext<String, PromotionsEnvelope> context) {
    this.context = context;
    stores = new PromotionStores(context);
    held = new HeldInputs(context.getStateStore(PromotionTopology.HELD));
    enricher = new PromotionEnricher(machine, events, attestor, stores, context);
    inputs = new PromotionInputs(machine, events, stores, enricher);
    progress = new InputProgress(events.clock()::millis, InputProgress.QUIET);
    context.schedule(RETRY_TICK, PunctuationType.WALL_CLOCK_TIME, this::retryDue);
    context.schedule(CHECK_INTERVAL, PunctuationType.WALL_CLOCK_TIME, ignored -> expire());
  }

  @Override
  public void process(Record<String, SpecificRecord> record) {
    progress.read();
    long now = events.clock().millis();
    String application = record.key();
    SpecificRecord value = record.value();
    String id = target(value);
    HeldInputs.Held waiting = id == null ? null : held.of(application, id);
    if (waiting != null && waiting.blocks()) {
      // behind the inputs of its promotion that wait: the promotion's inputs are decided in the
      // order they came
      held.hold(
          application,
          id,
          version(value),
          null,
          HeldInputs.Input.of(value, record.timestamp()),
          now,
          factsTimeoutMs);
    } else {
      String fact = inputs.apply(application, value, false);
      if (fact != null && id != null) {
        held.hold(
            application,
            id,
            version(value),
            fact,
            HeldInputs.Input.of(value, record.timestamp()),
            now,
            factsTimeoutMs);
      } else if (fact != null) {
        log.warn(
            "{} names no promotion and waits for {}: ignored",
            value.getClass().getSimpleName(),
            fact);
      }
    }
    release(application);
  }

  /**
   * Asks for the next executor attempt, or resumes the scheduled promotion, of every promotion
   * whose time is due.
   */
  private void retryDue(long now) {
    List<RetryDue> due = new ArrayList<>();
    try (KeyValueIterator<String, RetryDue> it = stores.retries.all()) {
      it.forEachRemaining(
          kv -> {
            if (kv.value.dueAt() <= now) {
              due.add(kv.value);
            }
          });
    }
    for (RetryDue r : due) {
      stores.retries.delete(r.promotionId());
      Promotion p = stores.load(r.promotionId());
      if (p != null && r.executor() == null) {
        HeldInputs.Held waiting = held.of(r.application(), p.promotionId());
        boolean behind = waiting != null && waiting.blocks();
        String fact = behind ? null : inputs.resume(r.application(), p.promotionId(), now);
        if (behind || fact != null) {
          held.hold(
              r.application(),
              p.promotionId(),
              p.version(),
              fact,
              new HeldInputs.Input(HeldInputs.RESUME, null, now),
              now,
              factsTimeoutMs);
        }
      } else if (p != null && p.state() == PromotionState.PROMOTING) {
        enricher.retry(p, r, now);
      }
    }
  }

  /**
   * Offers the held inputs of {@code application} again: those whose fact has arrived are decided
   * now.
   */
  private void release(String application) {
    for (HeldInputs.Held h : held.all(application)) {
      boolean buildStillMissing = h.blocks() && stores.build(h.application(), h.version()) == null;
      if (!buildStillMissing) {
        replay(h, false);
      }
    }
  }

  /**
   * Held inputs past their deadline are decided with what is known, once the input was read up to
   * the deadline.
   */
  private void expire() {
    long now = events.clock().millis();
    long streamTime = context.currentStreamTimeMs();
    for (HeldInputs.Held h : held.all(null)) {
      if (now < h.deadline() || !progress.readUpTo(h.deadline(), streamTime)) {
        continue;
      }
      Promotion p = stores.load(h.promotionId());
      if (p != null && p.build() == null && h.awaiting().equals(PromotionStateMachine.buildOf(p))) {
        log.warn(
            "promotion {} blocked: {} never recorded within gates.factsTimeout",
            p.promotionId(),
            h.awaiting());
        enricher.apply(h.application(), enricher.selfCause(p), machine.buildNeverRecorded(p, now));
      }
      replay(h, true);
    }
  }

  /**
   * Decides the inputs of {@code h} in order. One that waits for its build stays held, and every
   * later one behind it; one that waits for its promotion to progress stays held while the later
   * ones are decided (they may be what makes it progress: it is offered again then). Kept inputs
   * keep the deadline of {@code h}.
   *
   * @param decideNow the wait is over: an input that would still wait is logged and left
   */
  private void replay(HeldInputs.Held h, boolean decideNow) {
    held.delete(h);
    List<HeldInputs.Input> pending = h.inputs();
    boolean progressed = true;
    while (progressed && !pending.isEmpty()) {
      List<HeldInputs.Input> kept = new ArrayList<>();
      String fact = null;
      progressed = false;
      for (HeldInputs.Input input : pending) {
        if (HeldInputs.blocking(fact)) {
          kept.add(input);
          continue;
        }
        String waits =
            HeldInputs.RESUME.equals(input.topic())
                ? inputs.resume(h.application(), h.promotionId(), events.clock().millis())
                : inputs.apply(h.application(), input.envelope(), decideNow);
        if (waits != null && decideNow) {
          log.warn(
              "{} input for promotion {} not applied: {} still missing after gates.factsTimeout",
              input.topic(),
              h.promotionId(),
              waits);
        } else if (waits != null) {
          kept.add(input);
          fact = fact == null || HeldInputs.blocking(waits) ? waits : fact;
        } else {
          progressed = true;
        }
      }
      pending = kept;
      if (!kept.isEmpty() && (!progressed || HeldInputs.blocking(fact))) {
        held.put(h.keep(kept, fact));
        return;
      }
    }
  }

  /**
   * The promotion an input is about, when it is one that can wait for a fact (and so must keep its
   * promotion's order): gate summaries, approval steps, overrides, executor attempts and
   * verification results; else null.
   */
  private static String target(SpecificRecord value) {
    if (value instanceof GateResultsEnvelope g && g.getPayload() instanceof GatesEvaluated) {
      return g.getMeta().getPromotionId();
    }
    if (value instanceof ApprovalsEnvelope a && PromotionInputs.decides(a.getPayload())) {
      return a.getMeta().getPromotionId();
    }
    if (value instanceof PromotionsEnvelope pe
        && (pe.getPayload() instanceof PromotionOverridden
            || pe.getPayload() instanceof PromotionAttempted)) {
      return pe.getMeta().getPromotionId();
    }
    if (value instanceof VerificationsEnvelope v && PromotionInputs.ledgerEvent(v.getPayload())) {
      return v.getMeta().getPromotionId();
    }
    return null;
  }

  private static String version(SpecificRecord envelope) {
    EventMetadata meta = (EventMetadata) envelope.get(0);
    return meta.getArtifact() == null ? null : meta.getArtifact().getVersion();
  }
}
