package io.promoflow.notification.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.promoflow.platform.policy.PipelinePolicy;
import io.promoflow.platform.policy.PolicyLoader;
import io.promoflow.platform.policy.Severity;
import io.promoflow.schemas.approvals.ApprovalRequested;
import io.promoflow.schemas.approvals.ApprovalsEnvelope;
import io.promoflow.schemas.common.ArtifactRef;
import io.promoflow.schemas.common.EventMetadata;
import io.promoflow.schemas.promotions.PromotionStarted;
import io.promoflow.schemas.promotions.PromotionsEnvelope;
import io.promoflow.schemas.promotions.StagePromoted;
import io.promoflow.schemas.requests.PromotionType;
import io.promoflow.schemas.rollbacks.RollbackUnavailable;
import io.promoflow.schemas.rollbacks.RollbacksEnvelope;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class NotificationRoutingTest {

  static final EventMetadata META = EventMetadata.newBuilder().setEventId("e1").setOccurredAt(Instant.EPOCH).setActor("a")
      .setSource("s").setPromotionId("p1").setArtifact(new ArtifactRef("inventory", "1.4.2", "sha256:x")).build();

  @Test
  void eventsBecomeNotificationsWithSeverityAndRoutesPickChannels() throws Exception {
    PipelinePolicy policy = PolicyLoader.load("p", Files.readString(Path.of("../config/pipeline.yaml")));
    NotificationComposer composer = new NotificationComposer("PROD", "./promoflow");
    NotificationRouter router = new NotificationRouter(policy.notifications());

    Notification ask = composer.compose(new ApprovalsEnvelope(META, ApprovalRequested.newBuilder().setApprovalId("apr-1")
        .setRequiredRoles(List.of("release-manager")).setQuorum(1).setRequestedBy("dev").setSourceStage("STAGING")
        .setTargetStage("PROD").setGateSummary("6/6 gates passed").setExpiresAt(Instant.EPOCH).build())).orElseThrow();
    assertThat(ask.severity()).isEqualTo(Severity.HIGH);
    assertThat(ask.action()).contains("./promoflow approvals approve apr-1");
    assertThat(ask.facts()).containsEntry("Requested by", "dev").containsKey("Deadline");
    assertThat(router.channels(ask)).containsExactly("slack", "email");

    Notification promoted = composer.compose(new PromotionsEnvelope(META, StagePromoted.newBuilder()
        .setPromotionType(PromotionType.AUTOMATIC).setTargetStage("QA").setRequestedBy("t").setExecutor("record").build()))
        .orElseThrow();
    assertThat(promoted.severity()).isEqualTo(Severity.LOW);
    assertThat(router.channels(promoted)).containsExactly("slack");

    Notification unavailable = composer.compose(new RollbacksEnvelope(META, new RollbackUnavailable("QA", "none"))).orElseThrow();
    assertThat(unavailable.severity()).isEqualTo(Severity.CRITICAL);

    assertThat(composer.compose(new PromotionsEnvelope(META, new PromotionStarted(PromotionType.AUTOMATIC, null, "DEV", "t"))))
        .isEmpty();
  }
}
