package io.promoflow.gate.flow;

import static org.assertj.core.api.Assertions.assertThat;

import io.promoflow.platform.events.Events;
import io.promoflow.platform.testing.MutableClock;
import io.promoflow.platform.testing.TopologyTests;
import io.promoflow.rules.policy.PipelinePolicy;
import io.promoflow.schemas.Topics;
import io.promoflow.schemas.builds.BuildCompleted;
import io.promoflow.schemas.builds.BuildsEnvelope;
import io.promoflow.schemas.common.ArtifactRef;
import io.promoflow.schemas.gates.GateEvaluated;
import io.promoflow.schemas.gates.GateOutcome;
import io.promoflow.schemas.gates.GateResultsEnvelope;
import io.promoflow.schemas.gates.GatesEvaluated;
import io.promoflow.schemas.requests.PromotionRequested;
import io.promoflow.schemas.requests.PromotionRequestsEnvelope;
import io.promoflow.schemas.requests.PromotionType;
import io.promoflow.schemas.verifications.VerificationPassed;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GateTopologyTest {

  static final ArtifactRef V = new ArtifactRef("inventory", "1.4.2", "sha256:" + "a".repeat(64));
  TopologyTestDriver driver;
  Events events;
  MutableClock clock = new MutableClock(Instant.now());
  TestOutputTopic<String, GateResultsEnvelope> results;

  @BeforeEach
  void start() throws Exception {
    PipelinePolicy policy = TopologyTests.localPolicy();
    events = new Events(clock, "gate-service", policy);
    driver =
        TopologyTests.driver(
            "gate-test", builder -> new GateTopology(policy, events).define(builder));
    results = TopologyTests.output(driver, Topics.GATE_RESULTS);
  }

  @AfterEach
  void stop() {
    driver.close();
  }

  void request(String promotionId, String from, String to) {
    request(promotionId, PromotionType.AUTOMATIC, from, to);
  }

  void request(String promotionId, PromotionType type, String from, String to) {
    TopologyTests.input(driver, Topics.PROMOTION_REQUESTS)
        .pipeInput(
            "inventory",
            new PromotionRequestsEnvelope(
                events.meta(V, promotionId, null, "dev"),
                PromotionRequested.newBuilder()
                    .setType(type)
                    .setSourceStage(from)
                    .setTargetStage(to)
                    .setRequestedBy("trigger-service")
                    .build()));
  }

  void build() {
    TopologyTests.input(driver, Topics.BUILDS)
        .pipeInput(
            "inventory",
            new BuildsEnvelope(
                events.meta(V, null, null, "ci"),
                BuildCompleted.newBuilder()
                    .setSourceCommit("b".repeat(40))
                    .setPipelineRunId("1")
                    .setBuildFinishedAt(Instant.now())
                    .setEvidence(
                        List.of(
                            new io.promoflow.schemas.builds.EvidenceRef(
                                "junit-xml",
                                "a1",
                                10L,
                                java.util.Map.of("tests.total", 12.0, "tests.failed", 0.0),
                                java.util.Map.of())))
                    .build()));
  }

  /**
   * Advances the gate's clock and the driver's wall clock together (the punctuator checks
   * deadlines).
   */
  void advance(Duration d) {
    clock.advance(d);
    driver.advanceWallClockTime(d);
  }

  GatesEvaluated summary(List<GateResultsEnvelope> out) {
    return (GatesEvaluated) out.get(out.size() - 1).getPayload();
  }

  @Test
  void aRequestBeforeItsBuildIsEvaluatedWhenTheBuildArrives() {
    request("p1", null, "DEV");
    assertThat(results.isEmpty()).as("no decision without the build").isTrue();
    advance(Duration.ofMinutes(9));
    assertThat(results.isEmpty()).as("still waiting within gates.factsTimeout").isTrue();
    build();
    List<GateResultsEnvelope> out = results.readValuesToList();
    assertThat(out).hasSize(8);
    assertThat(summary(out).getOutcome()).isEqualTo(GateOutcome.PASSED);
    assertThat(
            driver
                .<String, GateTopology.Pending>getKeyValueStore(GateTopology.PENDING)
                .get("inventory|p1"))
        .isNull();
    advance(Duration.ofMinutes(20));
    assertThat(results.isEmpty()).as("decided once").isTrue();
  }

  @Test
  void theRegistryGateRecordsWhatTheRegistrySaidAndFailsClosedOnAnotherDigest() throws Exception {
    driver.close();
    PipelinePolicy policy =
        io.promoflow.rules.policy.PolicyLoader.load(
            "local+registry",
            java.nio.file.Files.readString(java.nio.file.Path.of("../config/pipeline-local.yaml"))
                .replace(
                    "  - {from: BUILD, to: DEV, trigger: automatic}\n",
                    "  - {from: BUILD, to: DEV, trigger: automatic, registry: {enabled: true}}\n"));
    events = new Events(clock, "gate-service", policy);
    List<String> asked = new java.util.ArrayList<>();
    String[] answer = {V.getDigest()};
    driver =
        TopologyTests.driver(
            "gate-registry-test",
            builder ->
                new GateTopology(
                        policy,
                        events,
                        (reference, digest) -> {
                          asked.add(reference.host() + "/" + reference.repository() + "@" + digest);
                          return io.promoflow.rules.gates.RegistryObservation.found(
                              answer[0], 2048L, java.util.Map.of(), List.of("amd64"));
                        })
                    .define(builder));
    results = TopologyTests.output(driver, Topics.GATE_RESULTS);
    TopologyTests.input(driver, Topics.BUILDS)
        .pipeInput(
            "inventory",
            new BuildsEnvelope(
                events.meta(V, null, null, "ci"),
                BuildCompleted.newBuilder()
                    .setUri("oci://registry.example.com/team/inventory@" + V.getDigest())
                    .setSourceCommit("b".repeat(40))
                    .setPipelineRunId("1")
                    .setBuildFinishedAt(Instant.now())
                    .setEvidence(
                        List.of(
                            new io.promoflow.schemas.builds.EvidenceRef(
                                "junit-xml",
                                "a1",
                                10L,
                                java.util.Map.of("tests.total", 12.0, "tests.failed", 0.0),
                                java.util.Map.of())))
                    .build()));
    TopologyTests.input(driver, Topics.PROMOTION_REQUESTS)
        .pipeInput(
            "inventory",
            new PromotionRequestsEnvelope(
                events.meta(V, "r1", null, "dev"),
                PromotionRequested.newBuilder()
                    .setType(PromotionType.AUTOMATIC)
                    .setTargetStage("DEV")
                    .setRequestedBy("trigger-service")
                    .setChangeRequestId("CHG-7")
                    .build()));
    List<GateResultsEnvelope> out = results.readValuesToList();
    GateEvaluated registry =
        out.stream()
            .map(GateResultsEnvelope::getPayload)
            .filter(p -> p instanceof GateEvaluated g && g.getGate().equals("registry"))
            .map(GateEvaluated.class::cast)
            .findFirst()
            .orElseThrow();
    assertThat(registry.getOutcome()).isEqualTo(GateOutcome.PASSED);
    assertThat(registry.getInputs())
        .containsEntry("registry.status", "FOUND")
        .containsEntry("registry.digest", V.getDigest())
        .containsEntry("registry.sizeBytes", "2048");
    assertThat(asked).containsExactly("registry.example.com/team/inventory@" + V.getDigest());
    assertThat(summary(out).getChangeRequestId()).isEqualTo("CHG-7");

    answer[0] = "sha256:" + "9".repeat(64);
    TopologyTests.input(driver, Topics.PROMOTION_REQUESTS)
        .pipeInput(
            "inventory",
            new PromotionRequestsEnvelope(
                events.meta(V, "r2", null, "dev"),
                PromotionRequested.newBuilder()
                    .setType(PromotionType.AUTOMATIC)
                    .setTargetStage("DEV")
                    .setRequestedBy("trigger-service")
                    .build()));
    GatesEvaluated failed = summary(results.readValuesToList());
    assertThat(failed.getOutcome()).isEqualTo(GateOutcome.FAILED);
    assertThat(failed.getFailedCriticalGates()).containsExactly("registry");
  }

  @Test
  void aRequestWhoseBuildNeverArrivesIsBlockedAfterTheTimeout() {
    request("p1", null, "DEV");
    advance(Duration.ofMinutes(9).plusSeconds(59));
    assertThat(results.isEmpty()).isTrue();
    advance(Duration.ofSeconds(2));
    List<GateResultsEnvelope> out = results.readValuesToList();
    GatesEvaluated blocked = summary(out);
    assertThat(blocked.getOutcome()).isEqualTo(GateOutcome.FAILED);
    assertThat(blocked.getFailedGates()).containsExactly("immutable-artifact", "traceable");
    GateReport report = driver.<String, GateReport>getKeyValueStore(GateTopology.REPORTS).get("p1");
    assertThat(report.gates().get(0).reason()).isEqualTo("build inventory 1.4.2 never recorded");
    build();
    assertThat(results.isEmpty()).as("a late build does not decide again").isTrue();
  }

  @Test
  void anAutomaticRequestWaitsForTheVerificationOfItsSourceStage() {
    build();
    TopologyTests.pipePromotion(
        driver,
        events.meta(V, "p1", null, null),
        TopologyTests.stagePromoted(PromotionType.AUTOMATIC, "DEV"));
    clock.advance(Duration.ofSeconds(5));
    request("p2", "DEV", "QA");
    assertThat(results.isEmpty())
        .as("the trigger asked after a verification this service has not read yet")
        .isTrue();
    TopologyTests.pipeVerification(
        driver,
        events.meta(V, "p1", null, null),
        VerificationPassed.newBuilder()
            .setStage("DEV")
            .setWindowStartedAt(clock.instant())
            .build());
    GatesEvaluated decided = summary(results.readValuesToList());
    assertThat(decided.getFailedGates())
        .as("eligible; only the gate without evidence (no SBOM) fails")
        .containsExactly("vulnerabilities");
  }

  @Test
  void eachRuleIsAnEventAndTheSummaryDecides() {
    build();
    request("p1", null, "DEV");
    List<GateResultsEnvelope> out = results.readValuesToList();
    assertThat(out).hasSize(8);
    assertThat(out.subList(0, 7))
        .allSatisfy(
            e ->
                assertThat(((GateEvaluated) e.getPayload()).getOutcome())
                    .isEqualTo(GateOutcome.PASSED));
    GatesEvaluated summary = (GatesEvaluated) out.get(7).getPayload();
    assertThat(summary.getOutcome()).isEqualTo(GateOutcome.PASSED);
    assertThat(summary.getScorePercent()).isEqualTo(100);
    assertThat(out.get(7).getMeta().getPromotionId()).isEqualTo("p1");
    assertThat(out.get(7).getMeta().getPolicyDigest()).startsWith("sha256:");

    // a manual DEV->QA before DEV verified the version: blocked at once, and the report says why
    TopologyTests.pipePromotion(
        driver,
        events.meta(V, "p1", null, null),
        TopologyTests.stagePromoted(PromotionType.AUTOMATIC, "DEV"));
    request("p2", PromotionType.MANUAL, "DEV", "QA");
    GatesEvaluated blocked = (GatesEvaluated) results.readValuesToList().get(7).getPayload();
    assertThat(blocked.getOutcome()).isEqualTo(GateOutcome.FAILED);
    assertThat(blocked.getFailedGates()).containsExactly("source-stage-verified");
    GateReport report = driver.<String, GateReport>getKeyValueStore(GateTopology.REPORTS).get("p2");
    assertThat(report.gates().get(3).reason()).contains("PENDING");

    TopologyTests.pipeVerification(
        driver,
        events.meta(V, "p1", null, null),
        VerificationPassed.newBuilder().setStage("DEV").setWindowStartedAt(Instant.now()).build());
    // eligible now; the quality gates of DEV->QA read the evidence: tests pass, but without an SBOM
    // nothing says the
    // build is free of vulnerabilities
    request("p3", "DEV", "QA");
    List<GateResultsEnvelope> third = results.readValuesToList();
    GatesEvaluated noSbom = (GatesEvaluated) third.get(third.size() - 1).getPayload();
    assertThat(noSbom.getOutcome()).isEqualTo(GateOutcome.FAILED);
    assertThat(noSbom.getFailedGates()).containsExactly("vulnerabilities");
    GateReport withEvidence =
        driver.<String, GateReport>getKeyValueStore(GateTopology.REPORTS).get("p3");
    assertThat(withEvidence.evidence()).containsExactly("junit-xml:a1");
    assertThat(withEvidence.gates())
        .extracting(io.promoflow.rules.gates.RuleResult::reason)
        .contains("12 tests, none failed", "no cyclonedx evidence");
  }

  static io.promoflow.schemas.common.ReleaseRef release(String type) {
    return new io.promoflow.schemas.common.ReleaseRef(
        "rel-1", "2026.47.0", type, List.of("inventory", "billing"));
  }

  /** DEV has verified the version, so a DEV->QA request is eligible and reaches its gates. */
  void verifiedInDev() {
    build();
    TopologyTests.pipePromotion(
        driver,
        events.meta(V, "p0", null, null),
        TopologyTests.stagePromoted(PromotionType.AUTOMATIC, "DEV"));
    TopologyTests.pipeVerification(
        driver,
        events.meta(V, "p0", null, null),
        VerificationPassed.newBuilder().setStage("DEV").setWindowStartedAt(Instant.now()).build());
    results.readValuesToList();
  }

  void releaseRequest(String promotionId, io.promoflow.schemas.common.ReleaseRef release) {
    TopologyTests.input(driver, Topics.PROMOTION_REQUESTS)
        .pipeInput(
            "inventory",
            new PromotionRequestsEnvelope(
                events.meta(V, promotionId, null, "rm"),
                PromotionRequested.newBuilder()
                    .setType(PromotionType.MANUAL)
                    .setSourceStage("DEV")
                    .setTargetStage("QA")
                    .setRequestedBy("rm")
                    .setChangeRequestId("CHG-7")
                    .setRelease(release)
                    .build()));
  }

  @Test
  void aReleaseRequestTakesItsTypesGateProfileAndTheSummaryCarriesTheRelease() {
    verifiedInDev();
    // no release: DEV->QA's gates, and without an SBOM the vulnerabilities gate fails
    request("p1", PromotionType.MANUAL, "DEV", "QA");
    assertThat(summary(results.readValuesToList()).getFailedGates())
        .containsExactly("vulnerabilities");
    // ROLLBACK releases are validated by the eligibility rules alone (rollback-validation)
    releaseRequest("p2", release("ROLLBACK"));
    List<GateResultsEnvelope> out = results.readValuesToList();
    GatesEvaluated rollback = summary(out);
    assertThat(out).as("seven eligibility rules and the summary").hasSize(8);
    assertThat(rollback.getOutcome()).isEqualTo(GateOutcome.PASSED);
    assertThat(rollback.getRelease()).isEqualTo(release("ROLLBACK"));
    assertThat(rollback.getChangeRequestId()).isEqualTo("CHG-7");
    // PLATFORM_MINOR (standard): the transition's gates as they are
    releaseRequest("p3", release("PLATFORM_MINOR"));
    GatesEvaluated minor = summary(results.readValuesToList());
    assertThat(minor.getFailedGates()).containsExactly("vulnerabilities");
    assertThat(minor.getRelease().getType()).isEqualTo("PLATFORM_MINOR");
    assertThat(driver.<String, GateReport>getKeyValueStore(GateTopology.REPORTS).get("p3").gates())
        .extracting(io.promoflow.rules.gates.RuleResult::gate)
        .contains("unit-tests", "vulnerabilities");
  }

  @Test
  void aReleaseRequestOfAnUnknownTypeFailsClosed() {
    verifiedInDev();
    releaseRequest("p1", release("PLATFORM_GIGANTIC"));
    List<GateResultsEnvelope> out = results.readValuesToList();
    GatesEvaluated failed = summary(out);
    assertThat(failed.getOutcome()).isEqualTo(GateOutcome.FAILED);
    assertThat(failed.getFailedCriticalGates())
        .containsExactly(io.promoflow.rules.gates.QualityGates.RELEASE_TYPE);
    assertThat(failed.getRelease().getType()).isEqualTo("PLATFORM_GIGANTIC");
    GateEvaluated why = (GateEvaluated) out.get(out.size() - 2).getPayload();
    assertThat(why.getReason()).startsWith("unknown release type PLATFORM_GIGANTIC");
    assertThat(out)
        .as("no quality gate is evaluated for it")
        .noneMatch(
            e ->
                e.getPayload() instanceof GateEvaluated g
                    && List.of("unit-tests", "vulnerabilities").contains(g.getGate()));
  }
}
