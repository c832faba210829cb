package io.promoflow.promotion.flow;

import static org.assertj.core.api.Assertions.assertThat;

import io.promoflow.platform.events.Events;
import io.promoflow.platform.testing.TopologyTests;
import io.promoflow.promotion.adapters.attestation.AttestationProperties;
import io.promoflow.promotion.adapters.attestation.Attestor;
import io.promoflow.promotion.domain.ApplicationView;
import io.promoflow.promotion.domain.Promotion;
import io.promoflow.promotion.domain.PromotionState;
import io.promoflow.rules.policy.PipelinePolicy;
import io.promoflow.schemas.Topics;
import io.promoflow.schemas.approvals.ApprovalGranted;
import io.promoflow.schemas.approvals.ApprovalsEnvelope;
import io.promoflow.schemas.common.ArtifactRef;
import io.promoflow.schemas.gates.GateOutcome;
import io.promoflow.schemas.gates.GateResultsEnvelope;
import io.promoflow.schemas.gates.GatesEvaluated;
import io.promoflow.schemas.promotions.PromotionsEnvelope;
import io.promoflow.schemas.promotions.StagePromoted;
import io.promoflow.schemas.requests.PromotionRequested;
import io.promoflow.schemas.requests.PromotionRequestsEnvelope;
import io.promoflow.schemas.requests.PromotionType;
import io.promoflow.schemas.verifications.VerificationPassed;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.DefaultResourceLoader;

class PromotionTopologyTest {

  static final ArtifactRef V = new ArtifactRef("inventory", "1.4.2", "sha256:" + "a".repeat(64));
  TopologyTestDriver driver;
  Events events;
  TestOutputTopic<String, PromotionsEnvelope> out;

  @BeforeEach
  void start() throws Exception {
    PipelinePolicy policy = TopologyTests.localPolicy();
    events = TopologyTests.events("promotion-service");
    driver =
        TopologyTests.driver(
            "promotion-test",
            builder ->
                new PromotionTopology(
                        policy,
                        events,
                        new Attestor(
                            new AttestationProperties(null, "test"), new DefaultResourceLoader()))
                    .define(builder));
    out = TopologyTests.output(driver, Topics.PROMOTIONS);
  }

  @AfterEach
  void stop() {
    driver.close();
  }

  void request(String id, String from, String to, PromotionType type) {
    TopologyTests.input(driver, Topics.PROMOTION_REQUESTS)
        .pipeInput(
            "inventory",
            new PromotionRequestsEnvelope(
                events.meta(V, id, null, "dev"),
                PromotionRequested.newBuilder()
                    .setType(type)
                    .setSourceStage(from)
                    .setTargetStage(to)
                    .setChangeRequestId("CHG-1")
                    .setRequestedBy("dev")
                    .build()));
  }

  void gates(String id, String from, String to, PromotionType type) {
    TopologyTests.input(driver, Topics.GATE_RESULTS)
        .pipeInput(
            "inventory",
            new GateResultsEnvelope(
                events.meta(V, id, null, null),
                GatesEvaluated.newBuilder()
                    .setOutcome(GateOutcome.PASSED)
                    .setScorePercent(100)
                    .setMinScorePercent(90)
                    .setGateCount(6)
                    .setPromotionType(type)
                    .setSourceStage(from)
                    .setTargetStage(to)
                    .setChangeRequestId("CHG-1")
                    .setRequestedBy("dev")
                    .build()));
  }

  void build(String commitAuthor) {
    TopologyTests.input(driver, Topics.BUILDS)
        .pipeInput(
            "inventory",
            new io.promoflow.schemas.builds.BuildsEnvelope(
                events.meta(V, null, null, null),
                io.promoflow.schemas.builds.BuildCompleted.newBuilder()
                    .setSourceCommit("b".repeat(40))
                    .setPipelineRunId("1")
                    .setBuildFinishedAt(Instant.now())
                    .setCommitAuthor(commitAuthor)
                    .build()));
  }

  /**
   * A grant by release manager {@code approver} bound to the gate results promotion {@code id}
   * holds.
   */
  void grant(String id, ArtifactRef artifact, String approvalId, String approver) {
    Promotion p = driver.<String, Promotion>getKeyValueStore(PromotionTopology.PROMOTIONS).get(id);
    String gateDigest = p == null ? "sha256:none" : p.gateResultsDigest();
    TopologyTests.input(driver, Topics.APPROVALS)
        .pipeInput(
            "inventory",
            new ApprovalsEnvelope(
                events.meta(artifact, id, null, "approval-service"),
                new ApprovalGranted(
                    approvalId,
                    List.of(approver),
                    gateDigest,
                    List.of(
                        new io.promoflow.schemas.approvals.ApprovalDecisionRef(
                            approver,
                            approver + "@example.com",
                            List.of("release-manager"),
                            null)))));
  }

  @Test
  void aPromotionScheduledByAFreezeResumesByItselfWhenTheFreezeEnds() throws Exception {
    driver.close();
    java.time.Instant now = java.time.Instant.now();
    String yaml =
        java.nio.file.Files.readString(java.nio.file.Path.of("../config/pipeline-local.yaml"))
            .replace(
                "  - name: DEV\n",
                "  - name: DEV\n    freezes:\n      - {from: '"
                    + now.minusSeconds(60)
                    + "', to: '"
                    + now.plusSeconds(60)
                    + "', reason: release freeze}\n");
    PipelinePolicy frozen = io.promoflow.rules.policy.PolicyLoader.load("frozen", yaml);
    driver =
        TopologyTests.driver(
            "promotion-freeze-test",
            builder ->
                new PromotionTopology(
                        frozen,
                        events,
                        new Attestor(
                            new AttestationProperties(null, "test"), new DefaultResourceLoader()))
                    .define(builder));
    out = TopologyTests.output(driver, Topics.PROMOTIONS);
    request("pf", null, "DEV", PromotionType.AUTOMATIC);
    gates("pf", null, "DEV", PromotionType.AUTOMATIC);
    assertThat(out.readValuesToList())
        .extracting(e -> e.getPayload().getClass().getSimpleName())
        .containsExactly("PromotionStarted", "PromotionScheduled");
    assertThat(
            driver
                .<String, Promotion>getKeyValueStore(PromotionTopology.PROMOTIONS)
                .get("pf")
                .state())
        .isEqualTo(PromotionState.SCHEDULED);
    driver.advanceWallClockTime(java.time.Duration.ofMinutes(2));
    assertThat(out.readValuesToList())
        .extracting(e -> e.getPayload().getClass().getSimpleName())
        .containsExactly("StagePromoted");
  }

  @Test
  void aRequestMovesThroughGatesAndApprovalIntoTheStage() {
    request("p1", null, "DEV", PromotionType.AUTOMATIC);
    gates("p1", null, "DEV", PromotionType.AUTOMATIC);
    List<PromotionsEnvelope> events1 = out.readValuesToList();
    assertThat(events1)
        .extracting(e -> e.getPayload().getClass().getSimpleName())
        .containsExactly("PromotionStarted", "StagePromoted");
    ApplicationView view =
        driver
            .<String, ApplicationView>getKeyValueStore(PromotionTopology.APPLICATIONS)
            .get("inventory");
    assertThat(view.ledger().in("DEV").orElseThrow().version()).isEqualTo("1.4.2");
    assertThat(view.history())
        .singleElement()
        .extracting(ApplicationView.HistoryEntry::state)
        .isEqualTo(PromotionState.PROMOTED);

    TopologyTests.pipeVerification(
        driver,
        events.meta(V, "p1", null, null),
        VerificationPassed.newBuilder().setStage("DEV").setWindowStartedAt(Instant.now()).build());
    Promotion p1 =
        driver.<String, Promotion>getKeyValueStore(PromotionTopology.PROMOTIONS).get("p1");
    assertThat(p1.targetVerification())
        .isEqualTo(io.promoflow.rules.stage.StageLedger.Verification.PASSED);

    build("carol@example.com");
    // the summary may overtake its request: the promotion still starts and waits for approval
    gates("p2", "STAGING", "PROD", PromotionType.MANUAL);
    request("p2", "STAGING", "PROD", PromotionType.MANUAL);
    List<PromotionsEnvelope> events2 = out.readValuesToList();
    assertThat(events2)
        .extracting(e -> e.getPayload().getClass().getSimpleName())
        .containsExactly("PromotionStarted", "PromotionAwaitingApproval");
    grant("p2", V, io.promoflow.schemas.ApprovalIds.of("p2"), "rita");
    StagePromoted prod = (StagePromoted) out.readValue().getPayload();
    assertThat(prod.getTargetStage()).isEqualTo("PROD");

    // every decision-relevant event is on the application's hash chain, its own events included
    List<io.promoflow.schemas.audit.AuditRecorded> audit =
        TopologyTests.output(driver, Topics.AUDIT).readValuesToList().stream()
            .map(e -> (io.promoflow.schemas.audit.AuditRecorded) e.getPayload())
            .toList();
    assertThat(audit)
        .extracting(io.promoflow.schemas.audit.AuditRecorded::getSubjectEventType)
        .contains("PromotionRequested", "GatesEvaluated", "ApprovalGranted", "VerificationPassed");
    for (int i = 0; i < audit.size(); i++) {
      assertThat(audit.get(i).getSequence()).isEqualTo(i + 1L);
      assertThat(audit.get(i).getPreviousHash())
          .isEqualTo(i == 0 ? null : audit.get(i - 1).getHash());
      assertThat(audit.get(i).getHash())
          .isEqualTo(
              io.promoflow.schemas.AuditHashes.hash(
                  audit.get(i).getPreviousHash(), audit.get(i).getContent()));
    }
    assertThat(
            driver
                .<String, Promotion>getKeyValueStore(PromotionTopology.PROMOTIONS)
                .get("p2")
                .state())
        .isEqualTo(PromotionState.PROMOTED);
  }

  @Test
  void aRequestIntoProductionWithoutAChangeRequestIsBlockedWhereItIsConsumed() {
    // written to the topic by another road than trigger-service's 400: blocked, never asked for
    // approval (issue 18 point 4, fail closed)
    TopologyTests.input(driver, Topics.PROMOTION_REQUESTS)
        .pipeInput(
            "inventory",
            new PromotionRequestsEnvelope(
                events.meta(V, "nocr", null, "dev"),
                PromotionRequested.newBuilder()
                    .setType(PromotionType.MANUAL)
                    .setSourceStage("STAGING")
                    .setTargetStage("PROD")
                    .setRequestedBy("dev")
                    .build()));
    TopologyTests.input(driver, Topics.GATE_RESULTS)
        .pipeInput(
            "inventory",
            new GateResultsEnvelope(
                events.meta(V, "nocr", null, null),
                GatesEvaluated.newBuilder()
                    .setOutcome(GateOutcome.PASSED)
                    .setScorePercent(100)
                    .setMinScorePercent(90)
                    .setGateCount(6)
                    .setPromotionType(PromotionType.MANUAL)
                    .setSourceStage("STAGING")
                    .setTargetStage("PROD")
                    .setRequestedBy("dev")
                    .build()));
    List<PromotionsEnvelope> written = out.readValuesToList();
    assertThat(written)
        .extracting(e -> e.getPayload().getClass().getSimpleName())
        .containsExactly("PromotionStarted", "PromotionBlocked");
    assertThat(
            ((io.promoflow.schemas.promotions.PromotionBlocked) written.get(1).getPayload())
                .getReason())
        .contains("changeRequestId");
  }

  @Test
  void anInconclusiveVerificationShowsInTheApplicationViewAndARerunMakesItPendingAgain() {
    request("pi", null, "DEV", PromotionType.AUTOMATIC);
    gates("pi", null, "DEV", PromotionType.AUTOMATIC);
    out.readValuesToList();
    TopologyTests.pipeVerification(
        driver,
        events.meta(V, "pi", null, null),
        new io.promoflow.schemas.verifications.VerificationInconclusive(
            "DEV",
            Instant.now(),
            List.of("no health report and no Prometheus sample in the 3 s window")));
    ApplicationView view =
        driver
            .<String, ApplicationView>getKeyValueStore(PromotionTopology.APPLICATIONS)
            .get("inventory");
    assertThat(view.ledger().in("DEV").orElseThrow().verification())
        .isEqualTo(io.promoflow.rules.stage.StageLedger.Verification.INCONCLUSIVE);
    assertThat(view.ledger().isKnownGood("DEV", "1.4.2")).isFalse();
    assertThat(
            driver
                .<String, Promotion>getKeyValueStore(PromotionTopology.PROMOTIONS)
                .get("pi")
                .targetVerification())
        .isEqualTo(io.promoflow.rules.stage.StageLedger.Verification.INCONCLUSIVE);
    TopologyTests.pipeVerification(
        driver,
        events.meta(V, "pi", null, null),
        new io.promoflow.schemas.verifications.VerificationStarted("DEV", Instant.now()));
    assertThat(
            driver
                .<String, ApplicationView>getKeyValueStore(PromotionTopology.APPLICATIONS)
                .get("inventory")
                .ledger()
                .in("DEV")
                .orElseThrow()
                .verification())
        .isEqualTo(io.promoflow.rules.stage.StageLedger.Verification.PENDING);
  }
}
