package io.promoflow.gate.flow;

import io.promoflow.gate.eligibility.BuildFacts;
import io.promoflow.gate.eligibility.EligibilityRequest;
import io.promoflow.gate.eligibility.EligibilityRules;
import io.promoflow.gate.eligibility.QualityGates;
import io.promoflow.gate.eligibility.RuleResult;
import io.promoflow.platform.events.Events;
import io.promoflow.platform.policy.PipelinePolicy;
import io.promoflow.platform.policy.TransitionPolicy;
import io.promoflow.platform.stage.StageLedger;
import io.promoflow.platform.stage.StageLedgerProjection;
import io.promoflow.platform.streams.Stores;
import io.promoflow.platform.streams.Topologies;
import io.promoflow.schemas.Topics;
import io.promoflow.schemas.builds.BuildCompleted;
import io.promoflow.schemas.builds.BuildsEnvelope;
import io.promoflow.schemas.builds.EvidenceSubmitted;
import io.promoflow.schemas.common.ArtifactRef;
import io.promoflow.schemas.common.EventMetadata;
import io.promoflow.schemas.gates.GateEvaluated;
import io.promoflow.schemas.gates.GateOutcome;
import io.promoflow.schemas.gates.GateResultsEnvelope;
import io.promoflow.schemas.gates.GatesEvaluated;
import io.promoflow.schemas.requests.PromotionRequested;
import io.promoflow.schemas.requests.PromotionRequestsEnvelope;
import io.promoflow.schemas.requests.PromotionType;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Promotion requests in, gate results out: one {@code GateEvaluated} per eligibility rule and quality gate, and a
 * {@code GatesEvaluated} summary per request (FAILED on a failed critical rule or a score below {@code minScore},
 * WARNED when a gate is in its warning band). Keeps the facts the rules need: recorded builds (store {@value #BUILDS}), what runs where (store
 * {@value #LEDGERS}), and every report (store {@value #REPORTS}).
 */
@Component
public class GateTopology {

  public static final String BUILDS = "builds";
  public static final String LEDGERS = "stage-ledgers";
  public static final String REPORTS = "gate-reports";

  private final PipelinePolicy policy;
  private final EligibilityRules rules;
  private final Events events;

  public GateTopology(PipelinePolicy policy, Events events) {
    this.policy = policy;
    this.rules = new EligibilityRules(policy);
    this.events = events;
  }

  @Autowired
  public void define(StreamsBuilder builder) {
    Stores.add(builder, BUILDS, BuildFacts.class);
    Stores.add(builder, LEDGERS, StageLedger.class);
    Stores.add(builder, REPORTS, GateReport.class);
    KStream<String, SpecificRecord> facts = Topologies.stream(builder, Topics.BUILDS).mapValues(v -> (SpecificRecord) v)
        .merge(Topologies.stream(builder, Topics.PROMOTIONS).mapValues(v -> (SpecificRecord) v))
        .merge(Topologies.stream(builder, Topics.VERIFICATIONS).mapValues(v -> (SpecificRecord) v))
        .merge(Topologies.stream(builder, Topics.ROLLBACKS).mapValues(v -> (SpecificRecord) v));
    facts.process(FactsProcessor::new, BUILDS, LEDGERS);
    Topologies.stream(builder, Topics.PROMOTION_REQUESTS)
        .process(Evaluator::new, BUILDS, LEDGERS, REPORTS)
        .to(Topics.GATE_RESULTS.name(), Topologies.to(Topics.GATE_RESULTS));
  }

  /** Keeps recorded builds (first digest wins: no rebuilds) and the stage ledger. */
  private static final class FactsProcessor implements Processor<String, SpecificRecord, Void, Void> {

    private KeyValueStore<String, BuildFacts> builds;
    private KeyValueStore<String, StageLedger> ledgers;

    @Override
    public void init(ProcessorContext<Void, Void> context) {
      builds = context.getStateStore(BUILDS);
      ledgers = context.getStateStore(LEDGERS);
    }

    @Override
    public void process(Record<String, SpecificRecord> record) {
      if (record.value() instanceof BuildsEnvelope b && b.getPayload() instanceof BuildCompleted build) {
        ArtifactRef a = b.getMeta().getArtifact();
        String key = BuildFacts.key(a.getApplication(), a.getVersion());
        if (builds.get(key) == null) {
          builds.put(key, new BuildFacts(a.getDigest(), build.getSourceCommit(), build.getPipelineRunId(),
              build.getBuildFinishedAt().toEpochMilli()).withEvidence(build.getEvidence()));
        }
        return;
      }
      if (record.value() instanceof BuildsEnvelope b && b.getPayload() instanceof EvidenceSubmitted more) {
        ArtifactRef a = b.getMeta().getArtifact();
        String key = BuildFacts.key(a.getApplication(), a.getVersion());
        BuildFacts known = builds.get(key);
        if (known != null && known.digest().equals(a.getDigest())) {
          builds.put(key, known.withEvidence(more.getEvidence()));
        }
        return;
      }
      StageLedger ledger = ledgers.get(record.key());
      StageLedger before = ledger == null ? StageLedger.empty(record.key()) : ledger;
      StageLedger after = StageLedgerProjection.apply(before, record.value());
      if (after != before) {
        ledgers.put(record.key(), after);
      }
    }
  }

  /** Evaluates the eligibility rules of one request and records the report. */
  private final class Evaluator implements Processor<String, PromotionRequestsEnvelope, String, GateResultsEnvelope> {

    private ProcessorContext<String, GateResultsEnvelope> context;
    private KeyValueStore<String, BuildFacts> builds;
    private KeyValueStore<String, StageLedger> ledgers;
    private KeyValueStore<String, GateReport> reports;

    @Override
    public void init(ProcessorContext<String, GateResultsEnvelope> context) {
      this.context = context;
      builds = context.getStateStore(BUILDS);
      ledgers = context.getStateStore(LEDGERS);
      reports = context.getStateStore(REPORTS);
    }

    @Override
    public void process(Record<String, PromotionRequestsEnvelope> record) {
      EventMetadata meta = record.value().getMeta();
      PromotionRequested request = (PromotionRequested) record.value().getPayload();
      if (reports.get(meta.getPromotionId()) != null) {
        return;
      }
      ArtifactRef a = meta.getArtifact();
      StageLedger ledger = ledgers.get(record.key());
      long now = events.clock().millis();
      BuildFacts build = builds.get(BuildFacts.key(a.getApplication(), a.getVersion()));
      List<RuleResult> results = new java.util.ArrayList<>(rules.evaluate(new EligibilityRequest(a, request.getType(),
          request.getSourceStage(), request.getTargetStage(), request.getUrgency(), build,
          ledger == null ? StageLedger.empty(record.key()) : ledger, now)));
      boolean eligible = results.stream().allMatch(RuleResult::passed);
      if (eligible) {
        StageLedger stages = ledger == null ? StageLedger.empty(record.key()) : ledger;
        BuildFacts inTarget = stages.in(request.getTargetStage())
            .map(slot -> builds.get(BuildFacts.key(a.getApplication(), slot.version()))).orElse(null);
        results.addAll(QualityGates.evaluate(QualityGates.forRequest(policy, request.getType(), request.getUrgency(),
            request.getTargetStage()), build, inTarget, java.time.Instant.ofEpochMilli(now).atZone(java.time.ZoneOffset.UTC)
            .toLocalDate()));
      }
      int max = results.stream().mapToInt(RuleResult::maxScore).sum();
      int score = max == 0 ? 100 : results.stream().mapToInt(RuleResult::score).sum() * 100 / max;
      int minScore = request.getType() == PromotionType.ROLLBACK ? 0
          : policy.transition(request.getSourceStage(), request.getTargetStage()).map(TransitionPolicy::minScore).orElse(100);
      List<String> failed = results.stream().filter(r -> !r.passed()).map(RuleResult::gate).toList();
      boolean criticalFailed = results.stream().anyMatch(r -> !r.passed() && r.critical());
      boolean warned = results.stream().anyMatch(RuleResult::warned);
      GateOutcome outcome = criticalFailed || score < minScore ? GateOutcome.FAILED
          : warned ? GateOutcome.WARNED : GateOutcome.PASSED;
      for (RuleResult r : results) {
        context.forward(record.withValue(new GateResultsEnvelope(events.follow(meta), new GateEvaluated(r.gate(),
            !r.passed() ? GateOutcome.FAILED : r.warned() ? GateOutcome.WARNED : GateOutcome.PASSED, r.score(),
            r.maxScore(), r.critical(), r.reason(), r.inputs()))));
      }
      context.forward(record.withValue(new GateResultsEnvelope(events.follow(meta), GatesEvaluated.newBuilder()
          .setOutcome(outcome).setScorePercent(score).setMinScorePercent(minScore).setGateCount(results.size())
          .setFailedGates(failed).setFailedCriticalGates(results.stream().filter(r -> !r.passed() && r.critical())
              .map(RuleResult::gate).toList()).setPromotionType(request.getType()).setSourceStage(request.getSourceStage())
          .setTargetStage(request.getTargetStage()).setRequestedBy(request.getRequestedBy())
          .setUrgency(request.getUrgency()).build())));
      reports.put(meta.getPromotionId(), new GateReport(meta.getPromotionId(), a.getApplication(), a.getVersion(),
          a.getDigest(), request.getSourceStage(), request.getTargetStage(), outcome.name(), score, minScore, now,
          policy.digest(), results, build == null ? List.of() : build.evidence()));
    }
  }
}
