package io.promoflow.cli.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.promoflow.rules.gates.EligibilityRequest;
import io.promoflow.rules.gates.GateEvaluation;
import io.promoflow.rules.gates.GateVerdict;
import io.promoflow.rules.gates.RecordedBuilds;
import io.promoflow.rules.gates.RegistryLookup;
import io.promoflow.rules.gates.RegistryObservation;
import io.promoflow.rules.gates.RuleResult;
import io.promoflow.rules.policy.PolicyLoader;
import io.promoflow.rules.stage.StageLedger;
import io.promoflow.schemas.AvroTrust;
import io.promoflow.schemas.builds.BuildCompleted;
import io.promoflow.schemas.builds.BuildsEnvelope;
import io.promoflow.schemas.builds.EvidenceRef;
import io.promoflow.schemas.common.ArtifactRef;
import io.promoflow.schemas.common.EventMetadata;
import io.promoflow.schemas.gates.GateEvaluated;
import io.promoflow.schemas.gates.GateOutcome;
import io.promoflow.schemas.gates.GateResultsEnvelope;
import io.promoflow.schemas.gates.GatesEvaluated;
import io.promoflow.schemas.policies.PoliciesEnvelope;
import io.promoflow.schemas.policies.PolicyActivated;
import io.promoflow.schemas.requests.PromotionRequested;
import io.promoflow.schemas.requests.PromotionRequestsEnvelope;
import io.promoflow.schemas.requests.PromotionType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A recorded decision (a new build entering DEV under the shipped policy) is replayed with the gate
 * service's own evaluation; any change to what was recorded, per result or in the summary, is
 * reported as the first difference.
 */
class GateReplayTest {

  static final ArtifactRef A = new ArtifactRef("inventory", "1.0.0", "sha256:" + "a".repeat(64));
  static final Instant T = Instant.parse("2026-11-20T10:00:00Z");

  @BeforeAll
  static void trustTheGeneratedClasses() {
    // the tests copy recorded events with newBuilder(other), which Avro allows only for trusted
    // classes
    AvroTrust.ensure();
  }

  static EventMetadata meta(int second, String policyDigest) {
    return EventMetadata.newBuilder()
        .setEventId("e" + second)
        .setOccurredAt(T.plusSeconds(second))
        .setPromotionId("p-1")
        .setActor("test")
        .setSource("test")
        .setArtifact(A)
        .setPolicyDigest(policyDigest)
        .build();
  }

  /**
   * The topics after one decision, written as gate-service writes them, with {@code tamper} applied
   * to the recorded results and {@code tamperSummary} to the summary.
   */
  static List<SpecificRecord> topics(
      UnaryOperator<List<GateEvaluated>> tamper, UnaryOperator<GatesEvaluated> tamperSummary)
      throws Exception {
    return topics(
        Files.readString(Path.of("..", "config", "pipeline.yaml")),
        RegistryLookup.NONE,
        tamper,
        tamperSummary);
  }

  /** As above, under policy {@code content}, the registry answering as {@code registry} did. */
  static List<SpecificRecord> topics(
      String content,
      RegistryLookup registry,
      UnaryOperator<List<GateEvaluated>> tamper,
      UnaryOperator<GatesEvaluated> tamperSummary)
      throws Exception {
    String digest = PolicyLoader.digest(content);
    BuildsEnvelope build =
        new BuildsEnvelope(
            meta(1, null),
            BuildCompleted.newBuilder()
                .setUri("oci://registry.example.com/inventory@" + A.getDigest())
                .setSourceCommit("b".repeat(40))
                .setPipelineRunId("7")
                .setBuildFinishedAt(T)
                .setEvidence(
                    List.of(
                        new EvidenceRef(
                            "junit-xml", "a1", 10L, Map.of("tests.total", 12.0), Map.of())))
                .build());
    PromotionRequested request =
        PromotionRequested.newBuilder()
            .setType(PromotionType.AUTOMATIC)
            .setTargetStage("DEV")
            .setRequestedBy("trigger-service")
            .build();
    GateVerdict verdict =
        GateEvaluation.evaluate(
            PolicyLoader.load("pipeline.yaml", content),
            new EligibilityRequest(
                A,
                request.getType(),
                null,
                "DEV",
                null,
                RecordedBuilds.apply(null, build),
                StageLedger.empty("inventory"),
                T.plusSeconds(3).toEpochMilli()),
            version -> null,
            registry);
    List<GateEvaluated> results = new ArrayList<>();
    for (RuleResult r : verdict.results()) {
      results.add(
          new GateEvaluated(
              r.gate(),
              GateVerdict.outcomeOf(r),
              r.score(),
              r.maxScore(),
              r.critical(),
              r.reason(),
              r.inputs()));
    }
    GatesEvaluated summary =
        GatesEvaluated.newBuilder()
            .setOutcome(verdict.outcome())
            .setScorePercent(verdict.score())
            .setMinScorePercent(verdict.minScore())
            .setGateCount(verdict.results().size())
            .setFailedGates(verdict.failedGates())
            .setFailedCriticalGates(verdict.failedCriticalGates())
            .setPromotionType(request.getType())
            .setTargetStage("DEV")
            .setRequestedBy("trigger-service")
            .build();
    List<SpecificRecord> events =
        new ArrayList<>(
            List.of(
                new PoliciesEnvelope(
                    meta(0, null), new PolicyActivated(digest, content, "config/pipeline.yaml")),
                build,
                new PromotionRequestsEnvelope(meta(2, null), request)));
    for (GateEvaluated r : tamper.apply(results)) {
      events.add(new GateResultsEnvelope(meta(3, digest), r));
    }
    events.add(new GateResultsEnvelope(meta(3, digest), tamperSummary.apply(summary)));
    return events;
  }

  @Test
  void anUntouchedDecisionIsReproduced() throws Exception {
    GateReplay.Result result = GateReplay.replay(topics(r -> r, s -> s));
    assertThat(result.decisions()).isEqualTo(1);
    assertThat(result.differences()).isEmpty();
  }

  @Test
  void theReplayTakesTheReleaseOfTheRecordedRequest() throws Exception {
    // the same recorded decision, but its request names a release of a type nobody knows: the
    // replay fails it closed on the release-type result, so the recorded verdict without it differs
    List<SpecificRecord> events = new ArrayList<>(topics(r -> r, s -> s));
    for (int i = 0; i < events.size(); i++) {
      if (events.get(i) instanceof PromotionRequestsEnvelope r) {
        PromotionRequested withRelease =
            PromotionRequested.newBuilder((PromotionRequested) r.getPayload())
                .setRelease(
                    new io.promoflow.schemas.common.ReleaseRef(
                        "rel-1", "9.0.0", "PLATFORM_GIGANTIC", List.of("inventory")))
                .build();
        events.set(i, new PromotionRequestsEnvelope(r.getMeta(), withRelease));
      }
    }
    GateReplay.Result result = GateReplay.replay(events);
    assertThat(result.differences())
        .singleElement()
        .asString()
        .contains("replay gives release-type FAILED");
  }

  @Test
  void aChangedResultIsReportedWithItsPosition() throws Exception {
    GateReplay.Result result =
        GateReplay.replay(
            topics(
                results -> {
                  GateEvaluated third =
                      GateEvaluated.newBuilder(results.get(2))
                          .setOutcome(GateOutcome.WARNED)
                          .setScore(50)
                          .build();
                  List<GateEvaluated> changed = new ArrayList<>(results);
                  changed.set(2, third);
                  return changed;
                },
                s -> s));
    assertThat(result.differences())
        .singleElement()
        .asString()
        .startsWith(
            "promotion p-1 (inventory 1.0.0 -> DEV): result 3: recorded traceable WARNED 50/100 critical, "
                + "replay gives traceable PASSED 100/100 critical");
  }

  @Test
  void theRegistryGateIsReplayedFromItsRecordedObservationWithoutCallingARegistry()
      throws Exception {
    String content =
        Files.readString(Path.of("..", "config", "pipeline.yaml"))
            .replace(
                "  - {from: BUILD, to: DEV, trigger: automatic}\n",
                "  - {from: BUILD, to: DEV, trigger: automatic, registry: {enabled: true}}\n");
    RegistryLookup same = (ref, d) -> RegistryObservation.found(d, 10L, Map.of(), List.of("amd64"));
    List<SpecificRecord> passed = topics(content, same, r -> r, s -> s);
    assertThat(passed)
        .filteredOn(
            e -> e instanceof GateResultsEnvelope g && g.getPayload() instanceof GateEvaluated)
        .extracting(e -> (GateEvaluated) ((GateResultsEnvelope) e).getPayload())
        .filteredOn(g -> g.getGate().equals("registry"))
        .singleElement()
        .satisfies(g -> assertThat(g.getOutcome()).isEqualTo(GateOutcome.PASSED))
        .satisfies(g -> assertThat(g.getInputs()).containsEntry("registry.status", "FOUND"));
    assertThat(GateReplay.replay(passed).differences()).isEmpty();
    // the registry answered another digest when the gate service asked: failed then, failed in the
    // replay, which has no registry to ask
    RegistryLookup other =
        (ref, d) -> RegistryObservation.found("sha256:" + "9".repeat(64), 10L, null, List.of());
    assertThat(GateReplay.replay(topics(content, other, r -> r, s -> s)).differences()).isEmpty();
    RegistryLookup down = (ref, d) -> RegistryObservation.error("NETWORK", "connection refused");
    assertThat(GateReplay.replay(topics(content, down, r -> r, s -> s)).differences()).isEmpty();
    // a recorded pass whose observation was removed from the record is not reproduced
    List<SpecificRecord> stripped =
        topics(
            content,
            same,
            results ->
                results.stream()
                    .map(
                        g ->
                            g.getGate().equals("registry")
                                ? GateEvaluated.newBuilder(g).setInputs(Map.of()).build()
                                : g)
                    .toList(),
            s -> s);
    assertThat(GateReplay.replay(stripped).differences())
        .singleElement()
        .asString()
        .contains("recorded registry PASSED 100/100 critical, replay gives registry FAILED 0/100");
  }

  @Test
  void missingResultsAreADifferenceNotAPass() throws Exception {
    GateReplay.Result result = GateReplay.replay(topics(results -> List.of(), s -> s));
    assertThat(result.differences())
        .singleElement()
        .asString()
        .contains(
            "result 1: recorded nothing, replay gives immutable-artifact PASSED 100/100 critical");
  }

  @Test
  void aChangedSummaryIsReported() throws Exception {
    assertThat(
            GateReplay.replay(
                    topics(
                        r -> r,
                        s -> GatesEvaluated.newBuilder(s).setOutcome(GateOutcome.FAILED).build()))
                .differences())
        .singleElement()
        .asString()
        .endsWith("recorded outcome FAILED, replay gives PASSED");
    assertThat(
            GateReplay.replay(
                    topics(r -> r, s -> GatesEvaluated.newBuilder(s).setScorePercent(99).build()))
                .differences())
        .singleElement()
        .asString()
        .endsWith("recorded score 99%, replay gives 100%");
    assertThat(
            GateReplay.replay(
                    topics(r -> r, s -> GatesEvaluated.newBuilder(s).setMinScorePercent(0).build()))
                .differences())
        .singleElement()
        .asString()
        .endsWith("recorded minimum score 0%, replay gives 100%");
  }
}
