package io.promoflow.promotion.flow;

import static org.assertj.core.api.Assertions.assertThat;

import io.promoflow.platform.events.Events;
import io.promoflow.platform.testing.MutableClock;
import io.promoflow.platform.testing.TopologyTests;
import io.promoflow.promotion.adapters.attestation.AttestationProperties;
import io.promoflow.promotion.adapters.attestation.Attestor;
import io.promoflow.promotion.domain.ApplicationView;
import io.promoflow.promotion.domain.Promotion;
import io.promoflow.promotion.domain.PromotionState;
import io.promoflow.rules.policy.PipelinePolicy;
import io.promoflow.rules.stage.StageLedger;
import io.promoflow.schemas.ApprovalIds;
import io.promoflow.schemas.Topics;
import io.promoflow.schemas.approvals.ApprovalDecisionRef;
import io.promoflow.schemas.approvals.ApprovalGranted;
import io.promoflow.schemas.approvals.ApprovalsEnvelope;
import io.promoflow.schemas.builds.BuildCompleted;
import io.promoflow.schemas.builds.BuildsEnvelope;
import io.promoflow.schemas.common.ArtifactRef;
import io.promoflow.schemas.gates.GateOutcome;
import io.promoflow.schemas.gates.GateResultsEnvelope;
import io.promoflow.schemas.gates.GatesEvaluated;
import io.promoflow.schemas.promotions.BlockedOutcome;
import io.promoflow.schemas.promotions.PromotionAwaitingApproval;
import io.promoflow.schemas.promotions.PromotionBlocked;
import io.promoflow.schemas.promotions.PromotionsEnvelope;
import io.promoflow.schemas.requests.PromotionRequested;
import io.promoflow.schemas.requests.PromotionRequestsEnvelope;
import io.promoflow.schemas.requests.PromotionType;
import io.promoflow.schemas.verifications.VerificationPassed;
import io.promoflow.schemas.verifications.VerificationsEnvelope;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.DefaultResourceLoader;

/**
 * Issue 11 point 1 through the real topology: build metadata ({@code promoflow.builds.v1}) and
 * promotion inputs come on topics Kafka does not order against each other, so a promotion that
 * needs its build's commit author (to ask for or judge an approval) waits for it, bounded by {@code
 * gates.factsTimeout} (10 minutes in the local policy), and the events do not depend on which topic
 * was read first.
 */
class ArrivalOrderTopologyTest {

  static final ArtifactRef V = new ArtifactRef("inventory", "2.0.0", "sha256:" + "d".repeat(64));
  static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");

  MutableClock clock;
  Events events;
  TopologyTestDriver driver;
  TestOutputTopic<String, PromotionsEnvelope> out;

  @BeforeEach
  void start() {
    driver = driver("arrival-order-test");
  }

  @AfterEach
  void stop() {
    driver.close();
  }

  TopologyTestDriver driver(String id) {
    PipelinePolicy policy = TopologyTests.localPolicy();
    clock = new MutableClock(T0);
    events = new Events(clock, "promotion-service", policy);
    TopologyTestDriver d =
        TopologyTests.driver(
            id,
            builder ->
                new PromotionTopology(
                        policy,
                        events,
                        new Attestor(
                            new AttestationProperties(null, "test"), new DefaultResourceLoader()))
                    .define(builder));
    out = TopologyTests.output(d, Topics.PROMOTIONS);
    return d;
  }

  /**
   * Advances the service clock and the driver's wall clock together (the punctuators check
   * deadlines).
   */
  void advance(Duration d) {
    clock.advance(d);
    driver.advanceWallClockTime(d);
  }

  void request(String id) {
    TopologyTests.input(driver, Topics.PROMOTION_REQUESTS)
        .pipeInput(
            "inventory",
            new PromotionRequestsEnvelope(
                events.meta(V, id, null, "dev"),
                PromotionRequested.newBuilder()
                    .setType(PromotionType.MANUAL)
                    .setSourceStage("STAGING")
                    .setTargetStage("PROD")
                    .setChangeRequestId("CHG-1")
                    .setRequestedBy("dev")
                    .build()),
            T0);
  }

  void gates(String id) {
    TopologyTests.input(driver, Topics.GATE_RESULTS)
        .pipeInput(
            "inventory",
            new GateResultsEnvelope(
                events.meta(V, id, null, null),
                GatesEvaluated.newBuilder()
                    .setOutcome(GateOutcome.PASSED)
                    .setScorePercent(100)
                    .setMinScorePercent(90)
                    .setGateCount(4)
                    .setPromotionType(PromotionType.MANUAL)
                    .setSourceStage("STAGING")
                    .setTargetStage("PROD")
                    .setChangeRequestId("CHG-1")
                    .setRequestedBy("dev")
                    .build()),
            T0);
  }

  void build(ArtifactRef artifact, Instant timestamp) {
    TopologyTests.input(driver, Topics.BUILDS)
        .pipeInput(
            artifact.getApplication(),
            new BuildsEnvelope(
                events.meta(artifact, null, null, null),
                BuildCompleted.newBuilder()
                    .setSourceCommit("e".repeat(40))
                    .setPipelineRunId("7")
                    .setBuildFinishedAt(T0)
                    .setCommitAuthor("carol@example.com")
                    .build()),
            timestamp);
  }

  void grant(String id, String approver) {
    TopologyTests.input(driver, Topics.APPROVALS)
        .pipeInput(
            "inventory",
            new ApprovalsEnvelope(
                events.meta(V, id, null, "approval-service"),
                new ApprovalGranted(
                    ApprovalIds.of(id),
                    List.of(approver),
                    promotion(id).gateResultsDigest(),
                    List.of(
                        new ApprovalDecisionRef(
                            approver,
                            approver + "@example.com",
                            List.of("release-manager"),
                            null)))),
            T0);
  }

  Promotion promotion(String id) {
    return driver.<String, Promotion>getKeyValueStore(PromotionTopology.PROMOTIONS).get(id);
  }

  HeldInputs.Held held(String id) {
    return driver
        .<String, HeldInputs.Held>getKeyValueStore(PromotionTopology.HELD)
        .get("inventory|" + id);
  }

  List<String> types() {
    return out.readValuesToList().stream()
        .map(e -> e.getPayload().getClass().getSimpleName())
        .toList();
  }

  @Test
  void
      aPromotionReachingItsApprovalBeforeItsBuildWaitsAndAsksWithTheCommitAuthorOnceTheBuildArrives() {
    request("p1");
    gates("p1");
    assertThat(types()).as("no ask without the commit author").containsExactly("PromotionStarted");
    assertThat(promotion("p1").state()).isEqualTo(PromotionState.EVALUATING);
    assertThat(held("p1").awaiting()).isEqualTo("build inventory 2.0.0");
    advance(Duration.ofMinutes(9));
    assertThat(types()).as("still waiting within gates.factsTimeout").isEmpty();

    build(V, T0);
    List<PromotionsEnvelope> asked = out.readValuesToList();
    assertThat(asked)
        .extracting(e -> e.getPayload().getClass().getSimpleName())
        .containsExactly("PromotionAwaitingApproval");
    assertThat(((PromotionAwaitingApproval) asked.get(0).getPayload()).getCommitAuthor())
        .isEqualTo("carol@example.com");
    assertThat(held("p1")).isNull();
    grant("p1", "carol");
    assertThat(types()).as("the commit author may not approve").isEmpty();
    grant("p1", "rita");
    assertThat(types()).containsExactly("StagePromoted");
    advance(Duration.ofMinutes(20));
    assertThat(types()).as("decided once").isEmpty();
  }

  @Test
  void withItsInputReadAndNoBuildWithinTheFactsTimeoutThePromotionIsBlocked() {
    request("p2");
    gates("p2");
    grant("p2", "rita");
    assertThat(types()).containsExactly("PromotionStarted");
    assertThat(held("p2").inputs()).as("the grant waits behind the gates").hasSize(2);
    advance(Duration.ofMinutes(9).plusSeconds(59));
    assertThat(types()).isEmpty();
    // past the deadline, but the service is still reading a backlog older than it: no timeout yet
    clock.advance(Duration.ofSeconds(2));
    build(new ArtifactRef("billing", "1.0.0", "sha256:" + "b".repeat(64)), T0.plusSeconds(1));
    driver.advanceWallClockTime(Duration.ofSeconds(2));
    assertThat(types()).as("input not read up to the deadline").isEmpty();
    advance(Duration.ofSeconds(5));
    List<PromotionsEnvelope> blocked = out.readValuesToList();
    assertThat(blocked)
        .extracting(e -> e.getPayload().getClass().getSimpleName())
        .containsExactly("PromotionBlocked");
    PromotionBlocked why = (PromotionBlocked) blocked.get(0).getPayload();
    assertThat(why.getOutcome()).isEqualTo(BlockedOutcome.BLOCKED);
    assertThat(why.getReason()).isEqualTo("build inventory 2.0.0 never recorded");
    assertThat(promotion("p2").state()).isEqualTo(PromotionState.BLOCKED);
    assertThat(promotion("p2").approvers()).as("the held grant changed nothing").isEmpty();
    assertThat(held("p2")).isNull();
    build(V, T0);
    assertThat(types()).as("a late build does not decide again").isEmpty();
  }

  @Test
  void theSameInputsInAnyOrderGiveTheSameEvents() {
    List<List<String>> runs = new ArrayList<>();
    List<List<String>> orders =
        List.of(
            List.of("build", "request", "gates"),
            List.of("request", "gates", "build"),
            List.of("gates", "build", "request"),
            List.of("gates", "request", "build"),
            List.of("request", "build", "gates"));
    for (int i = 0; i < orders.size(); i++) {
      driver.close();
      driver = driver("arrival-order-replay-" + i);
      for (String input : orders.get(i)) {
        switch (input) {
          case "build" -> build(V, T0);
          case "request" -> request("p3");
          default -> gates("p3");
        }
      }
      grant("p3", "rita");
      runs.add(out.readValuesToList().stream().map(e -> e.getPayload().toString()).toList());
      assertThat(promotion("p3").state())
          .as(orders.get(i).toString())
          .isEqualTo(PromotionState.PROMOTED);
    }
    assertThat(runs.get(0)).hasSize(3);
    assertThat(runs.get(0).get(1)).contains("\"commitAuthor\": \"carol@example.com\"");
    assertThat(runs)
        .as("every order gives the events of the first")
        .allSatisfy(r -> assertThat(r).isEqualTo(runs.get(0)));
  }

  @Test
  void aVerificationReadBeforeItsPromotionEnteredTheStageIsAppliedOnceItHas() {
    build(V, T0);
    TopologyTests.input(driver, Topics.VERIFICATIONS)
        .pipeInput(
            "inventory",
            new VerificationsEnvelope(
                events.meta(V, "p4", null, null),
                VerificationPassed.newBuilder().setStage("PROD").setWindowStartedAt(T0).build()),
            T0);
    assertThat(held("p4").awaiting()).isEqualTo("promotion p4 in its stage");
    request("p4");
    gates("p4");
    grant("p4", "rita");
    assertThat(types())
        .containsExactly("PromotionStarted", "PromotionAwaitingApproval", "StagePromoted");
    assertThat(promotion("p4").targetVerification()).isEqualTo(StageLedger.Verification.PASSED);
    assertThat(
            driver
                .<String, ApplicationView>getKeyValueStore(PromotionTopology.APPLICATIONS)
                .get("inventory")
                .ledger()
                .in("PROD")
                .orElseThrow()
                .verification())
        .isEqualTo(StageLedger.Verification.PASSED);
    assertThat(held("p4")).isNull();
  }

  @Test
  void anOverrideReadBeforeItsPromotionWaitsForItAndOneForAPromotionThatNeverCameIsLeft() {
    build(V, T0);
    TopologyTests.input(driver, Topics.PROMOTIONS)
        .pipeInput(
            "inventory",
            new PromotionsEnvelope(
                events.meta(V, "p5", null, "root"),
                new io.promoflow.schemas.promotions.PromotionOverridden(
                    "FORCE", "coverage tool is flaky")),
            T0);
    assertThat(held("p5").awaiting()).isEqualTo("promotion p5");
    request("p5");
    TopologyTests.input(driver, Topics.GATE_RESULTS)
        .pipeInput(
            "inventory",
            new GateResultsEnvelope(
                events.meta(V, "p5", null, null),
                GatesEvaluated.newBuilder()
                    .setOutcome(GateOutcome.FAILED)
                    .setScorePercent(70)
                    .setMinScorePercent(90)
                    .setGateCount(4)
                    .setFailedGates(List.of("coverage"))
                    .setPromotionType(PromotionType.MANUAL)
                    .setSourceStage("STAGING")
                    .setTargetStage("PROD")
                    .setChangeRequestId("CHG-1")
                    .setRequestedBy("dev")
                    .build()),
            T0);
    assertThat(types())
        .containsExactly("PromotionStarted", "PromotionBlocked", "PromotionAwaitingApproval");
    assertThat(promotion("p5").overriddenBy()).containsExactly("root");
    assertThat(held("p5")).isNull();

    TopologyTests.input(driver, Topics.PROMOTIONS)
        .pipeInput(
            "inventory",
            new PromotionsEnvelope(
                events.meta(V, "p6", null, "root"),
                new io.promoflow.schemas.promotions.PromotionOverridden("FORCE", "x")),
            T0);
    advance(Duration.ofMinutes(10).plusSeconds(6));
    assertThat(held("p6")).as("left after gates.factsTimeout").isNull();
    assertThat(promotion("p6")).isNull();
    assertThat(types()).isEmpty();
  }
}
