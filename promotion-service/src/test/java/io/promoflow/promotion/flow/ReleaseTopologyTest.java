package io.promoflow.promotion.flow;

import static org.assertj.core.api.Assertions.assertThat;

import io.promoflow.platform.events.Events;
import io.promoflow.platform.testing.TopologyTests;
import io.promoflow.promotion.adapters.attestation.AttestationProperties;
import io.promoflow.promotion.adapters.attestation.Attestor;
import io.promoflow.promotion.domain.Promotion;
import io.promoflow.rules.policy.PipelinePolicy;
import io.promoflow.rules.policy.PolicyLoader;
import io.promoflow.schemas.ApprovalIds;
import io.promoflow.schemas.AuditHashes;
import io.promoflow.schemas.Topics;
import io.promoflow.schemas.approvals.ApprovalDecisionRef;
import io.promoflow.schemas.approvals.ApprovalGranted;
import io.promoflow.schemas.approvals.ApprovalsEnvelope;
import io.promoflow.schemas.audit.AuditEnvelope;
import io.promoflow.schemas.audit.AuditRecorded;
import io.promoflow.schemas.builds.BuildCompleted;
import io.promoflow.schemas.builds.BuildsEnvelope;
import io.promoflow.schemas.common.ArtifactRef;
import io.promoflow.schemas.common.ReleaseRef;
import io.promoflow.schemas.gates.GateOutcome;
import io.promoflow.schemas.gates.GateResultsEnvelope;
import io.promoflow.schemas.gates.GatesEvaluated;
import io.promoflow.schemas.promotions.PromotionAwaitingApproval;
import io.promoflow.schemas.promotions.PromotionsEnvelope;
import io.promoflow.schemas.promotions.StagePromoted;
import io.promoflow.schemas.releases.ReleaseCreated;
import io.promoflow.schemas.releases.ReleasePromotionRequested;
import io.promoflow.schemas.releases.ReleasesEnvelope;
import io.promoflow.schemas.requests.PromotionRequested;
import io.promoflow.schemas.requests.PromotionRequestsEnvelope;
import io.promoflow.schemas.requests.PromotionType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.DefaultResourceLoader;

/**
 * Platform releases through the real topology (RELEASES.md points 5 and 6): the request's {@code
 * release} reaches {@code PromotionAwaitingApproval} and {@code StagePromoted}, also when the gate
 * summary is read before its request; a component promotion needs its release type's approval where
 * the policy sets one; every event of {@code promoflow.releases.v1} is chained on {@code
 * release:<releaseId>}.
 */
class ReleaseTopologyTest {

  static final ArtifactRef V = new ArtifactRef("inventory", "2.0.0", "sha256:" + "d".repeat(64));
  static final ReleaseRef RELEASE =
      new ReleaseRef("rel-1", "2026.47.0", "PLATFORM_MINOR", List.of("inventory", "billing"));
  TopologyTestDriver driver;
  Events events;
  TestOutputTopic<String, PromotionsEnvelope> out;

  void start(PipelinePolicy policy) {
    events = new Events(java.time.Clock.systemUTC(), "promotion-service", policy);
    driver =
        TopologyTests.driver(
            "release-test",
            builder ->
                new PromotionTopology(
                        policy,
                        events,
                        new Attestor(
                            new AttestationProperties(null, "test"), new DefaultResourceLoader()))
                    .define(builder));
    out = TopologyTests.output(driver, Topics.PROMOTIONS);
    TopologyTests.input(driver, Topics.BUILDS)
        .pipeInput(
            "inventory",
            new BuildsEnvelope(
                events.meta(V, null, null, null),
                BuildCompleted.newBuilder()
                    .setSourceCommit("e".repeat(40))
                    .setPipelineRunId("7")
                    .setBuildFinishedAt(Instant.now())
                    .setCommitAuthor("carol@example.com")
                    .build()));
  }

  @AfterEach
  void stop() {
    driver.close();
  }

  void request(String id, String from, String to, ReleaseRef release) {
    TopologyTests.input(driver, Topics.PROMOTION_REQUESTS)
        .pipeInput(
            "inventory",
            new PromotionRequestsEnvelope(
                events.meta(V, id, null, "rm"),
                PromotionRequested.newBuilder()
                    .setType(PromotionType.MANUAL)
                    .setSourceStage(from)
                    .setTargetStage(to)
                    .setChangeRequestId("CHG-1")
                    .setRequestedBy("rm")
                    .setRelease(release)
                    .build()));
  }

  void gates(String id, String from, String to, ReleaseRef release) {
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
                    .setFailedGates(List.of())
                    .setPromotionType(PromotionType.MANUAL)
                    .setSourceStage(from)
                    .setTargetStage(to)
                    .setChangeRequestId("CHG-1")
                    .setRequestedBy("rm")
                    .setRelease(release)
                    .build()));
  }

  void grant(String id, String... approvers) {
    Promotion p = promotion(id);
    TopologyTests.input(driver, Topics.APPROVALS)
        .pipeInput(
            "inventory",
            new ApprovalsEnvelope(
                events.meta(V, id, null, "approval-service"),
                new ApprovalGranted(
                    ApprovalIds.of(id),
                    List.of(approvers),
                    p.gateResultsDigest(),
                    java.util.Arrays.stream(approvers)
                        .map(
                            a ->
                                new ApprovalDecisionRef(
                                    a, a + "@example.com", List.of("release-manager"), null))
                        .toList())));
  }

  Promotion promotion(String id) {
    return driver.<String, Promotion>getKeyValueStore(PromotionTopology.PROMOTIONS).get(id);
  }

  <T> T last(Class<T> type) {
    return out.readValuesToList().stream()
        .map(PromotionsEnvelope::getPayload)
        .filter(type::isInstance)
        .map(type::cast)
        .reduce((a, b) -> b)
        .orElseThrow(() -> new AssertionError("no " + type.getSimpleName()));
  }

  @Test
  void theReleaseReachesTheApprovalRequestAndStagePromoted() {
    start(TopologyTests.localPolicy());
    request("p1", "STAGING", "PROD", RELEASE);
    gates("p1", "STAGING", "PROD", RELEASE);
    assertThat(last(PromotionAwaitingApproval.class).getRelease()).isEqualTo(RELEASE);
    assertThat(promotion("p1").release().releaseId()).isEqualTo("rel-1");
    grant("p1", "rita");
    assertThat(last(StagePromoted.class).getRelease()).isEqualTo(RELEASE);
  }

  @Test
  void aGateSummaryReadBeforeItsRequestCarriesTheRelease() {
    start(TopologyTests.localPolicy());
    gates("p2", "STAGING", "PROD", RELEASE);
    assertThat(last(PromotionAwaitingApproval.class).getRelease())
        .as("started from the summary, as changeRequestId is")
        .isEqualTo(RELEASE);
    request("p2", "STAGING", "PROD", RELEASE);
    grant("p2", "rita");
    assertThat(last(StagePromoted.class).getRelease()).isEqualTo(RELEASE);
  }

  @Test
  void aComponentPromotionNeedsItsReleaseTypesApprovalAndProductionAlwaysOne() throws Exception {
    String yaml =
        Files.readString(Path.of("../config/pipeline-local.yaml"))
            + "releases:\n  types:\n    PLATFORM_MAJOR:\n"
            + "      approval: {roles: [release-manager], quorum: 2, timeout: PT4H}\n";
    start(PolicyLoader.load("local+releases", yaml));
    ReleaseRef major = new ReleaseRef("rel-2", "3.0.0", "PLATFORM_MAJOR", List.of("inventory"));
    // QA -> STAGING needs no approval, but a PLATFORM_MAJOR component needs two release managers
    request("p3", "QA", "STAGING", major);
    gates("p3", "QA", "STAGING", major);
    PromotionAwaitingApproval ask = last(PromotionAwaitingApproval.class);
    assertThat(ask.getQuorum()).isEqualTo(2);
    assertThat(ask.getRequiredRoles()).containsExactly("release-manager");
    grant("p3", "rita");
    assertThat(out.readValuesToList()).as("one approver is not enough").isEmpty();
    grant("p3", "rita", "lena");
    assertThat(last(StagePromoted.class).getRelease()).isEqualTo(major);
    // the same step without a release needs none
    request("p4", "QA", "STAGING", null);
    gates("p4", "QA", "STAGING", null);
    assertThat(last(StagePromoted.class).getRelease()).isNull();
    // a type without a release approval into production: the production transition's approval
    request("p5", "STAGING", "PROD", RELEASE);
    gates("p5", "STAGING", "PROD", RELEASE);
    assertThat(last(PromotionAwaitingApproval.class).getQuorum()).isEqualTo(1);
  }

  @Test
  void everyReleaseEventIsChainedOnItsReleasesChain() {
    start(TopologyTests.localPolicy());
    TopologyTests.input(driver, Topics.RELEASES)
        .pipeInput(
            "rel-1",
            new ReleasesEnvelope(
                events.meta(null, null, null, "rm"),
                ReleaseCreated.newBuilder()
                    .setReleaseId("rel-1")
                    .setVersion("2026.47.0")
                    .setType("PLATFORM_MINOR")
                    .setValidationLevel("standard")
                    .setStrategy("rolling")
                    .setRequestedBy("rm")
                    .build()));
    TopologyTests.input(driver, Topics.RELEASES)
        .pipeInput(
            "rel-1",
            new ReleasesEnvelope(
                events.meta(null, null, null, "rm"),
                new ReleasePromotionRequested("rel-1", "QA", "STAGING", "rm", "CHG-1")));
    request("p6", "STAGING", "PROD", RELEASE);
    List<TestRecord<String, AuditEnvelope>> audit =
        TopologyTests.output(driver, Topics.AUDIT).readRecordsToList();
    List<TestRecord<String, AuditEnvelope>> chain =
        audit.stream().filter(r -> r.key().equals("release:rel-1")).toList();
    assertThat(chain)
        .extracting(r -> ((AuditRecorded) r.value().getPayload()).getSubjectEventType())
        .containsExactly("ReleaseCreated", "ReleasePromotionRequested");
    AuditRecorded first = (AuditRecorded) chain.get(0).value().getPayload();
    AuditRecorded second = (AuditRecorded) chain.get(1).value().getPayload();
    assertThat(first.getSequence()).isEqualTo(1L);
    assertThat(first.getPreviousHash()).isNull();
    assertThat(first.getSubjectTopic()).isEqualTo(Topics.RELEASES.name());
    assertThat(second.getSequence()).isEqualTo(2L);
    assertThat(second.getPreviousHash()).isEqualTo(first.getHash());
    assertThat(second.getHash())
        .isEqualTo(AuditHashes.hash(second.getPreviousHash(), second.getContent()));
    assertThat(audit)
        .as("the component's own events stay on the application's chain")
        .filteredOn(
            r ->
                ((AuditRecorded) r.value().getPayload())
                    .getSubjectEventType()
                    .equals("PromotionRequested"))
        .singleElement()
        .extracting(TestRecord::key)
        .isEqualTo("inventory");
  }
}
