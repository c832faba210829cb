package io.promoflow.gate.flow;

import io.promoflow.platform.events.Events;
import io.promoflow.platform.streams.InputProgress;
import io.promoflow.platform.streams.Stores;
import io.promoflow.platform.streams.Topologies;
import io.promoflow.rules.gates.BuildFacts;
import io.promoflow.rules.gates.EligibilityRequest;
import io.promoflow.rules.gates.GateEvaluation;
import io.promoflow.rules.gates.GateVerdict;
import io.promoflow.rules.gates.RecordedBuilds;
import io.promoflow.rules.gates.RegistryLookup;
import io.promoflow.rules.gates.RuleResult;
import io.promoflow.rules.keys.ApplicationPromotion;
import io.promoflow.rules.policy.PipelinePolicy;
import io.promoflow.rules.stage.StageLedger;
import io.promoflow.rules.stage.StageLedgerProjection;
import io.promoflow.schemas.Topics;
import io.promoflow.schemas.builds.BuildsEnvelope;
import io.promoflow.schemas.common.ArtifactRef;
import io.promoflow.schemas.common.EventMetadata;
import io.promoflow.schemas.gates.GateEvaluated;
import io.promoflow.schemas.gates.GateOutcome;
import io.promoflow.schemas.gates.GateResultsEnvelope;
import io.promoflow.schemas.gates.GatesEvaluated;
import io.promoflow.schemas.requests.PromotionRequested;
import io.promoflow.schemas.requests.PromotionRequestsEnvelope;
import io.promoflow.schemas.requests.PromotionType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Promotion requests in, gate results out: one {@code GateEvaluated} per eligibility rule and
 * quality gate, and a {@code GatesEvaluated} summary per request (FAILED on a failed critical rule
 * or a score below {@code minScore}, WARNED when a gate is in its warning band). Keeps the facts
 * the rules need: recorded builds (store {@value #BUILDS}), what runs where (store {@value
 * #LEDGERS}), and every report (store {@value #REPORTS}).
 *
 * <p>Decisions do not depend on the order in which the input topics arrive (Kafka orders none of
 * them against each other): a request whose facts have not arrived yet (its build; for an automatic
 * request out of a stage, that stage's verification of the version) waits in store {@value
 * #PENDING} and is evaluated when they arrive. After the policy's {@code gates.factsTimeout},
 * counted from its arrival and checked once the input was read up to then (see {@link
 * InputProgress}), it is decided with what is known: without a build, blocked with "build
 * &lt;app&gt; &lt;version&gt; never recorded". All inputs are keyed by application and read by one
 * processor, so a request and its facts are in the same task.
 */
@Component
public class GateTopology {

  public static final String BUILDS = "builds";
  public static final String LEDGERS = "stage-ledgers";
  public static final String REPORTS = "gate-reports";

  /** Requests waiting for their facts, by {@code <application>|<promotionId>}. */
  public static final String PENDING = "gate-pending";

  /** How often waiting requests are checked against their deadline. */
  static final Duration CHECK_INTERVAL = Duration.ofSeconds(1);

  private final PipelinePolicy policy;
  private final Events events;
  private final RegistryLookup registry;

  /**
   * The topology without a registry: every {@code registry} gate that applies fails as unchecked
   * (fail closed). For tests of policies with the gate off.
   */
  public GateTopology(PipelinePolicy policy, Events events) {
    this(policy, events, RegistryLookup.NONE);
  }

  /**
   * @param registry observes an artifact's manifest for the {@code registry} gate (the OCI registry
   *     adapter); its observation is recorded in the gate's inputs, so {@code promoflow audit
   *     replay} decides again from the record
   */
  @Autowired
  public GateTopology(PipelinePolicy policy, Events events, RegistryLookup registry) {
    this.policy = policy;
    this.events = events;
    this.registry = registry;
  }

  private io.micrometer.core.instrument.MeterRegistry meters =
      new io.micrometer.core.instrument.simple.SimpleMeterRegistry();

  /**
   * Exports {@code promoflow_gate_failures_total{gate}}: each FAILED {@code GateEvaluated}, by
   * eligibility rule or quality gate; every known quality gate starts at 0.
   */
  @Autowired(required = false)
  public void meters(io.micrometer.core.instrument.MeterRegistry registry) {
    this.meters = registry;
    io.promoflow.rules.policy.GatePolicy.NAMES.forEach(this::failures);
  }

  private io.micrometer.core.instrument.Counter failures(String gate) {
    return io.micrometer.core.instrument.Counter.builder("promoflow.gate.failures")
        .description("gate results FAILED, by gate")
        .tag("gate", gate)
        .register(meters);
  }

  private void count(GateResultsEnvelope e) {
    if (e.getPayload() instanceof GateEvaluated g && g.getOutcome() == GateOutcome.FAILED) {
      failures(g.getGate()).increment();
    }
  }

  @Autowired
  public void define(StreamsBuilder builder) {
    Stores.add(builder, BUILDS, BuildFacts.class);
    Stores.add(builder, LEDGERS, StageLedger.class);
    Stores.add(builder, REPORTS, GateReport.class);
    Stores.add(builder, PENDING, Pending.class);
    KStream<String, SpecificRecord> in =
        Topologies.stream(builder, Topics.BUILDS)
            .mapValues(v -> (SpecificRecord) v)
            .merge(Topologies.stream(builder, Topics.PROMOTIONS).mapValues(v -> (SpecificRecord) v))
            .merge(
                Topologies.stream(builder, Topics.VERIFICATIONS).mapValues(v -> (SpecificRecord) v))
            .merge(Topologies.stream(builder, Topics.ROLLBACKS).mapValues(v -> (SpecificRecord) v))
            .merge(
                Topologies.stream(builder, Topics.PROMOTION_REQUESTS)
                    .mapValues(v -> (SpecificRecord) v));
    in.process(GateProcessor::new, BUILDS, LEDGERS, REPORTS, PENDING)
        .peek((k, v) -> count(v))
        .to(Topics.GATE_RESULTS.name(), Topologies.to(Topics.GATE_RESULTS));
  }

  /**
   * A request waiting for its facts.
   *
   * @param heldAt epoch ms (gate clock) when it arrived
   * @param deadline epoch ms after which it is decided with what is known
   * @param request the {@code PromotionRequestsEnvelope}, Avro encoded
   */
  public record Pending(
      String application, String promotionId, long heldAt, long deadline, byte[] request) {}

  /**
   * Keeps recorded builds (first digest wins: no rebuilds) and the stage ledger; evaluates each
   * request once its facts are there, or at its deadline.
   */
  private final class GateProcessor
      implements Processor<String, SpecificRecord, String, GateResultsEnvelope> {

    private ProcessorContext<String, GateResultsEnvelope> context;
    private KeyValueStore<String, BuildFacts> builds;
    private KeyValueStore<String, StageLedger> ledgers;
    private KeyValueStore<String, GateReport> reports;
    private KeyValueStore<String, Pending> pending;
    private InputProgress progress;

    @Override
    public void init(ProcessorContext<String, GateResultsEnvelope> context) {
      this.context = context;
      builds = context.getStateStore(BUILDS);
      ledgers = context.getStateStore(LEDGERS);
      reports = context.getStateStore(REPORTS);
      pending = context.getStateStore(PENDING);
      progress = new InputProgress(events.clock()::millis, InputProgress.QUIET);
      context.schedule(CHECK_INTERVAL, PunctuationType.WALL_CLOCK_TIME, ignored -> expire());
    }

    @Override
    public void process(Record<String, SpecificRecord> record) {
      progress.read();
      if (record.value() instanceof PromotionRequestsEnvelope request) {
        request(record.key(), request);
        return;
      }
      record(record);
      retry(record.key());
    }

    private void request(String application, PromotionRequestsEnvelope request) {
      String promotionId = request.getMeta().getPromotionId();
      String key = ApplicationPromotion.of(application, promotionId).value();
      if (reports.get(promotionId) != null || pending.get(key) != null) {
        return;
      }
      if (missing(application, request).isEmpty()) {
        evaluate(application, request);
        return;
      }
      long now = events.clock().millis();
      pending.put(
          key,
          new Pending(
              application,
              promotionId,
              now,
              now + policy.gates().factsTimeout().toMillis(),
              Topics.PROMOTION_REQUESTS.serde().encode(request)));
    }

    /** Requests of {@code application} whose facts are now complete are evaluated. */
    private void retry(String application) {
      for (KeyValue<String, Pending> kv : waiting(ApplicationPromotion.prefix(application))) {
        PromotionRequestsEnvelope request =
            Topics.PROMOTION_REQUESTS.serde().decode(kv.value.request());
        if (missing(application, request).isEmpty()) {
          pending.delete(kv.key);
          evaluate(application, request);
        }
      }
    }

    /**
     * Requests past their deadline are decided with the facts known, once the input was read up to
     * the deadline.
     */
    private void expire() {
      long now = events.clock().millis();
      long streamTime = context.currentStreamTimeMs();
      for (KeyValue<String, Pending> kv : waiting(null)) {
        if (now >= kv.value.deadline() && progress.readUpTo(kv.value.deadline(), streamTime)) {
          pending.delete(kv.key);
          evaluate(
              kv.value.application(), Topics.PROMOTION_REQUESTS.serde().decode(kv.value.request()));
        }
      }
    }

    private List<KeyValue<String, Pending>> waiting(String prefix) {
      List<KeyValue<String, Pending>> found = new ArrayList<>();
      try (KeyValueIterator<String, Pending> it =
          prefix == null ? pending.all() : pending.prefixScan(prefix, new StringSerializer())) {
        it.forEachRemaining(found::add);
      }
      return found;
    }

    /**
     * What {@code request} still waits for: its build, and for an automatic request out of a stage,
     * that stage's verification result of this version (the trigger asks only after it passed, so
     * its absence means it is in flight).
     */
    private Optional<String> missing(String application, PromotionRequestsEnvelope envelope) {
      ArtifactRef a = envelope.getMeta().getArtifact();
      if (builds.get(BuildFacts.key(a.getApplication(), a.getVersion())) == null) {
        return Optional.of("build " + a.getApplication() + " " + a.getVersion());
      }
      PromotionRequested request = (PromotionRequested) envelope.getPayload();
      if (request.getType() == PromotionType.AUTOMATIC && request.getSourceStage() != null) {
        StageLedger ledger = ledgers.get(application);
        Optional<StageLedger.StageSlot> slot =
            ledger == null ? Optional.empty() : ledger.in(request.getSourceStage());
        boolean settled =
            slot.filter(
                    s ->
                        s.version().equals(a.getVersion())
                            && s.digest().equals(a.getDigest())
                            && s.verification() != StageLedger.Verification.PENDING)
                .isPresent();
        if (!settled) {
          return Optional.of(
              "verification of " + a.getVersion() + " in " + request.getSourceStage());
        }
      }
      return Optional.empty();
    }

    private void record(Record<String, SpecificRecord> record) {
      if (record.value() instanceof BuildsEnvelope b) {
        ArtifactRef a = b.getMeta().getArtifact();
        String key = BuildFacts.key(a.getApplication(), a.getVersion());
        BuildFacts known = builds.get(key);
        BuildFacts after = RecordedBuilds.apply(known, b);
        if (after != known) {
          builds.put(key, after);
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

    /**
     * Publishes the {@link GateEvaluation} of one request (each result, then the summary) and
     * records the report.
     */
    private void evaluate(String application, PromotionRequestsEnvelope envelope) {
      EventMetadata meta = envelope.getMeta();
      PromotionRequested request = (PromotionRequested) envelope.getPayload();
      ArtifactRef a = meta.getArtifact();
      StageLedger ledger = ledgers.get(application);
      long now = events.clock().millis();
      BuildFacts build = builds.get(BuildFacts.key(a.getApplication(), a.getVersion()));
      GateVerdict verdict =
          GateEvaluation.evaluate(
              policy,
              new EligibilityRequest(
                  a,
                  request.getType(),
                  request.getSourceStage(),
                  request.getTargetStage(),
                  request.getUrgency(),
                  build,
                  ledger == null ? StageLedger.empty(application) : ledger,
                  now,
                  request.getRelease() == null ? null : request.getRelease().getType()),
              version -> builds.get(BuildFacts.key(a.getApplication(), version)),
              registry);
      List<RuleResult> results = verdict.results();
      GateOutcome outcome = verdict.outcome();
      int score = verdict.score();
      int minScore = verdict.minScore();
      for (RuleResult r : results) {
        context.forward(
            new Record<>(
                application,
                new GateResultsEnvelope(
                    events.follow(meta),
                    new GateEvaluated(
                        r.gate(),
                        GateVerdict.outcomeOf(r),
                        r.score(),
                        r.maxScore(),
                        r.critical(),
                        r.reason(),
                        r.inputs())),
                now));
      }
      context.forward(
          new Record<>(
              application,
              new GateResultsEnvelope(
                  events.follow(meta),
                  GatesEvaluated.newBuilder()
                      .setOutcome(outcome)
                      .setScorePercent(score)
                      .setMinScorePercent(minScore)
                      .setGateCount(results.size())
                      .setFailedGates(verdict.failedGates())
                      .setFailedCriticalGates(verdict.failedCriticalGates())
                      .setPromotionType(request.getType())
                      .setSourceStage(request.getSourceStage())
                      .setTargetStage(request.getTargetStage())
                      .setRequestedBy(request.getRequestedBy())
                      .setUrgency(request.getUrgency())
                      .setChangeRequestId(request.getChangeRequestId())
                      // a summary read before its request starts the promotion with it, release
                      // included (RELEASES.md point 4)
                      .setRelease(request.getRelease())
                      .build()),
              now));
      reports.put(
          meta.getPromotionId(),
          new GateReport(
              meta.getPromotionId(),
              a.getApplication(),
              a.getVersion(),
              a.getDigest(),
              request.getSourceStage(),
              request.getTargetStage(),
              outcome.name(),
              score,
              minScore,
              now,
              policy.digest(),
              results,
              build == null ? List.of() : build.evidence()));
    }
  }
}
