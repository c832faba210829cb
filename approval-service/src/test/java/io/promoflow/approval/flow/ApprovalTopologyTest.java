package io.promoflow.approval.flow;

import static org.assertj.core.api.Assertions.assertThat;

import io.promoflow.platform.events.Events;
import io.promoflow.platform.testing.TopologyTests;
import io.promoflow.schemas.Topics;
import io.promoflow.schemas.approvals.ApprovalDecisionRecorded;
import io.promoflow.schemas.approvals.ApprovalExpired;
import io.promoflow.schemas.approvals.ApprovalGranted;
import io.promoflow.schemas.approvals.ApprovalRequested;
import io.promoflow.schemas.approvals.ApprovalsEnvelope;
import io.promoflow.schemas.approvals.Decision;
import io.promoflow.schemas.common.ArtifactRef;
import io.promoflow.schemas.promotions.PromotionAwaitingApproval;
import io.promoflow.schemas.promotions.PromotionsEnvelope;
import io.promoflow.schemas.requests.PromotionType;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ApprovalTopologyTest {

  static final ArtifactRef V = new ArtifactRef("inventory", "1.4.2", "sha256:" + "a".repeat(64));
  TopologyTestDriver driver;
  Events events;
  TestInputTopic<String, ApprovalsEnvelope> approvalsIn;
  TestOutputTopic<String, ApprovalsEnvelope> approvalsOut;

  @BeforeEach
  void start() throws Exception {
    events = TopologyTests.events("approval-service");
    driver = TopologyTests.driver("approval-test", builder -> new ApprovalTopology(events).define(builder));
    approvalsIn = driver.createInputTopic(Topics.APPROVALS.name(), new StringSerializer(), Topics.APPROVALS.serde().serializer());
    approvalsOut = driver.createOutputTopic(Topics.APPROVALS.name(), new StringDeserializer(), Topics.APPROVALS.serde().deserializer());
  }

  @AfterEach
  void stop() {
    driver.close();
  }

  ApprovalRequested ask(String promotionId, long timeoutMs) {
    driver.createInputTopic(Topics.PROMOTIONS.name(), new StringSerializer(), Topics.PROMOTIONS.serde().serializer())
        .pipeInput("inventory", new PromotionsEnvelope(events.meta(V, promotionId, null, null), PromotionAwaitingApproval
            .newBuilder().setPromotionType(PromotionType.MANUAL).setSourceStage("STAGING").setTargetStage("PROD")
            .setRequestedBy("dev").setRequiredRoles(List.of("release-manager", "platform-lead")).setQuorum(1)
            .setTimeoutMs(timeoutMs).setGateSummary("6/6").build()));
    return (ApprovalRequested) approvalsOut.readValue().getPayload();
  }

  void decide(String approvalId, String who, String role) {
    approvalsIn.pipeInput("inventory", new ApprovalsEnvelope(events.meta(V, "p1", null, who),
        new ApprovalDecisionRecorded(approvalId, who, List.of(role), Decision.APPROVE, null, null)));
  }

  @Test
  void theRequesterCannotGrantAndAnotherApproverCan() {
    ApprovalRequested requested = ask("p1", 60_000);
    assertThat(requested.getApprovalId()).isEqualTo(ApprovalTopology.approvalIdOf("p1"));
    decide(requested.getApprovalId(), "dev", "release-manager");
    assertThat(approvalsOut.readValuesToList()).isEmpty();
    decide(requested.getApprovalId(), "release-manager", "release-manager");
    ApprovalsEnvelope granted = approvalsOut.readValue();
    assertThat(((ApprovalGranted) granted.getPayload()).getApprovers()).containsExactly("release-manager");
    assertThat(granted.getMeta().getPromotionId()).isEqualTo("p1");
  }

  @Test
  void aPromotionThatEndsWithoutItsApprovalVoidsIt() {
    ApprovalRequested requested = ask("p3", 60_000);
    TopologyTests.input(driver, Topics.PROMOTIONS).pipeInput("inventory", new PromotionsEnvelope(events.meta(V, "p3", null,
        null), new io.promoflow.schemas.promotions.PromotionBlocked("PROD",
        io.promoflow.schemas.promotions.BlockedOutcome.REVOKED, "revoked: 1.4.2 failed verification in STAGING", List.of())));
    io.promoflow.schemas.approvals.ApprovalVoided voided = (io.promoflow.schemas.approvals.ApprovalVoided) approvalsOut.readValue()
        .getPayload();
    assertThat(voided.getApprovalId()).isEqualTo(requested.getApprovalId());
    assertThat(voided.getReason()).contains("failed verification in STAGING");
    decide(requested.getApprovalId(), "release-manager", "release-manager");
    assertThat(approvalsOut.isEmpty()).as("a voided approval grants nothing").isTrue();
  }

  @Test
  void anUndecidedApprovalExpiresByItself() {
    ask("p2", 2_000);
    driver.advanceWallClockTime(Duration.ofSeconds(1));
    assertThat(approvalsOut.isEmpty()).isTrue();
    driver.advanceWallClockTime(Duration.ofSeconds(3));
    assertThat(approvalsOut.readValue().getPayload()).isInstanceOf(ApprovalExpired.class);
  }
}
