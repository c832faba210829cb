package io.promoflow.promotion.flow;

import io.promoflow.platform.events.Events;
import io.promoflow.platform.streams.Stores;
import io.promoflow.platform.streams.Topologies;
import io.promoflow.promotion.adapters.attestation.Attestor;
import io.promoflow.promotion.domain.ApplicationView;
import io.promoflow.promotion.domain.AuditChain;
import io.promoflow.promotion.domain.BuildInfo;
import io.promoflow.promotion.domain.Promotion;
import io.promoflow.promotion.domain.PromotionStateMachine;
import io.promoflow.rules.policy.PipelinePolicy;
import io.promoflow.rules.stage.StageLedger;
import io.promoflow.rules.stage.StageLedgerProjection;
import io.promoflow.schemas.Topics;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.KStream;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Requests, gate summaries, approval decisions, verifications, builds and executor attempts in;
 * promotion events out ({@link PromotionRouter} decides which input goes where, {@link
 * PromotionInputs} what it does, {@link PromotionEnricher} what is published). State: every
 * promotion (store {@value #PROMOTIONS}), every application's stages and history (store {@value
 * #APPLICATIONS}), build metadata for approvals and audits (store {@value #BUILDS}), promotions
 * waiting for their time (store {@value #RETRIES}) and inputs waiting for a fact not read yet
 * (store {@value #HELD}, bounded by the policy's {@code gates.factsTimeout}).
 */
@Component
public class PromotionTopology {

  public static final String PROMOTIONS = "promotions";
  public static final String APPLICATIONS = "applications";
  public static final String BUILDS = "builds";
  public static final String RETRIES = "executor-retries";

  /** Inputs waiting for a fact, by {@code <application>|<promotionId>} ({@link HeldInputs}). */
  public static final String HELD = "promotion-held";

  /**
   * The topics the state machine reads; its own topic too, for the executor's attempts and
   * overrides.
   */
  static final java.util.List<io.promoflow.schemas.Topic<?>> INPUTS =
      java.util.List.of(
          Topics.PROMOTION_REQUESTS,
          Topics.GATE_RESULTS,
          Topics.APPROVALS,
          Topics.VERIFICATIONS,
          Topics.BUILDS,
          Topics.PROMOTIONS);

  /**
   * The topics whose events the audit chain records ({@link AuditProcessor}); the others are not
   * read for it.
   */
  public static final java.util.List<io.promoflow.schemas.Topic<?>> AUDITED =
      java.util.List.of(
          Topics.BUILDS,
          Topics.PROMOTION_REQUESTS,
          Topics.GATE_RESULTS,
          Topics.APPROVALS,
          Topics.PROMOTIONS,
          Topics.VERIFICATIONS,
          Topics.ROLLBACKS,
          Topics.POLICIES,
          Topics.RELEASES);

  private final PromotionStateMachine machine;
  private final Events events;
  private final Attestor attestor;
  private final java.time.Duration factsTimeout;

  public PromotionTopology(PipelinePolicy policy, Events events, Attestor attestor) {
    this.machine = new PromotionStateMachine(policy);
    this.stages = policy.stageNames();
    this.factsTimeout = policy.gates().factsTimeout();
    this.events = events;
    this.attestor = attestor;
  }

  private io.micrometer.core.instrument.MeterRegistry meters =
      new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
  private final java.util.List<String> stages;

  /**
   * Exports {@code promoflow_promotion_outcomes_total{outcome,stage}}: each promotion's ending
   * (PROMOTED, FAILED or the BLOCKED outcome) as published; every stage and outcome starts at 0.
   */
  @Autowired(required = false)
  public void meters(io.micrometer.core.instrument.MeterRegistry registry) {
    this.meters = registry;
    for (String stage : stages) {
      for (String outcome : OUTCOMES) {
        outcomes(outcome, stage);
      }
    }
  }

  static final java.util.List<String> OUTCOMES =
      java.util.List.of(
          "PROMOTED", "FAILED", "BLOCKED", "REJECTED", "EXPIRED", "SUPERSEDED", "REVOKED");

  private io.micrometer.core.instrument.Counter outcomes(String outcome, String stage) {
    return io.micrometer.core.instrument.Counter.builder("promoflow.promotion.outcomes")
        .description("promotions ended, by outcome and target stage")
        .tag("outcome", outcome)
        .tag("stage", stage)
        .register(meters);
  }

  /** Counts a published promotion event that ends a promotion. */
  private void count(io.promoflow.schemas.promotions.PromotionsEnvelope e) {
    Object p = e.getPayload();
    if (p instanceof io.promoflow.schemas.promotions.StagePromoted s) {
      outcomes("PROMOTED", s.getTargetStage()).increment();
    } else if (p instanceof io.promoflow.schemas.promotions.PromotionFailed f) {
      outcomes("FAILED", f.getTargetStage()).increment();
    } else if (p instanceof io.promoflow.schemas.promotions.PromotionBlocked b) {
      outcomes(b.getOutcome().name(), b.getTargetStage()).increment();
    }
  }

  @Autowired
  public void define(StreamsBuilder builder) {
    Stores.add(builder, PROMOTIONS, Promotion.class);
    Stores.add(builder, APPLICATIONS, ApplicationView.class);
    Stores.add(builder, BUILDS, BuildInfo.class);
    Stores.add(builder, RETRIES, RetryDue.class);
    Stores.add(builder, HELD, HeldInputs.Held.class);
    Stores.add(builder, AuditProcessor.CHAINS, AuditChain.class);
    KStream<String, SpecificRecord> inputs = merged(builder, INPUTS);
    inputs
        .process(
            () -> new PromotionRouter(machine, events, attestor, factsTimeout),
            PROMOTIONS,
            APPLICATIONS,
            BUILDS,
            RETRIES,
            HELD)
        .peek((k, v) -> count(v))
        .to(Topics.PROMOTIONS.name(), Topologies.to(Topics.PROMOTIONS));
    // the audit trail: every decision-relevant input, this service's own events included (they come
    // back as input)
    inputs
        .merge(merged(builder, AUDITED.stream().filter(t -> !INPUTS.contains(t)).toList()))
        .process(() -> new AuditProcessor(events), AuditProcessor.CHAINS)
        .to(Topics.AUDIT.name(), Topologies.to(Topics.AUDIT));
  }

  private static KStream<String, SpecificRecord> merged(
      StreamsBuilder builder, java.util.List<io.promoflow.schemas.Topic<?>> topics) {
    KStream<String, SpecificRecord> all = null;
    for (io.promoflow.schemas.Topic<?> topic : topics) {
      KStream<String, SpecificRecord> one =
          Topologies.stream(builder, topic).mapValues(v -> (SpecificRecord) v);
      all = all == null ? one : all.merge(one);
    }
    return all;
  }

  /** Applies a verification to the ledger; exposed for the processor. */
  static ApplicationView verified(ApplicationView view, SpecificRecord event) {
    StageLedger next = StageLedgerProjection.apply(view.ledger(), event);
    return next == view.ledger() ? view : view.withLedger(next);
  }
}
