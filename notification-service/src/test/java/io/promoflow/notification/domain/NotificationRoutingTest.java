package io.promoflow.notification.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.promoflow.platform.testing.TopologyTests;
import io.promoflow.rules.policy.NotificationPolicy;
import io.promoflow.rules.policy.NotificationPolicy.NotificationRoute;
import io.promoflow.rules.policy.Severity;
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
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NotificationRoutingTest {

  static {
    // EventMetadata.newBuilder(META) copies a record: Avro must trust the generated classes first
    // (also when this
    // class runs alone)
    io.promoflow.schemas.AvroTrust.ensure();
  }

  static final EventMetadata META =
      EventMetadata.newBuilder()
          .setEventId("e1")
          .setOccurredAt(Instant.EPOCH)
          .setActor("a")
          .setSource("s")
          .setPromotionId("p1")
          .setArtifact(new ArtifactRef("inventory", "1.4.2", "sha256:x"))
          .build();
  static final NotificationComposer COMPOSER = new NotificationComposer("PROD", "./promoflow");
  static final NotificationRouter SHIPPED =
      new NotificationRouter(
          TopologyTests.policy("pipeline.yaml").notifications(),
          List.of("release-team@example.com"),
          Map.of("release-manager", List.of("rm@example.com")));

  static Notification promoted(String stage, PromotionType type) {
    return COMPOSER
        .compose(
            new PromotionsEnvelope(
                META,
                StagePromoted.newBuilder()
                    .setPromotionType(type)
                    .setTargetStage(stage)
                    .setPreviousVersion("1.4.1")
                    .setRequestedBy("t")
                    .setExecutor("record")
                    .build()))
        .orElseThrow();
  }

  @Test
  void approvalRequestsReachSlackTheTeamAndTheApproversByRole() {
    Notification ask =
        COMPOSER
            .compose(
                new ApprovalsEnvelope(
                    META,
                    ApprovalRequested.newBuilder()
                        .setApprovalId("apr-1")
                        .setRequiredRoles(List.of("release-manager", "platform-lead"))
                        .setQuorum(1)
                        .setRequestedBy("dev")
                        .setSourceStage("STAGING")
                        .setTargetStage("PROD")
                        .setGateSummary("6/6 gates passed")
                        .setExpiresAt(Instant.EPOCH)
                        .build()))
            .orElseThrow();
    assertThat(ask.severity()).isEqualTo(Severity.HIGH);
    assertThat(ask.action()).contains("./promoflow approvals approve apr-1");
    assertThat(ask.facts())
        .containsEntry("Requested by", "dev")
        .containsKey("Deadline")
        .containsEntry("Gates", "6/6 gates passed");
    assertThat(SHIPPED.targets(ask))
        .containsExactly(
            new Target("slack", "slack"),
            new Target("email", "release-team@example.com"),
            new Target("email", "rm@example.com"),
            new Target("webhook", "webhook"));
  }

  @Test
  void routesMatchStageSeverityAndApplicationPattern() {
    assertThat(SHIPPED.targets(promoted("QA", PromotionType.AUTOMATIC)))
        .containsExactly(new Target("slack", "slack"));
    assertThat(SHIPPED.targets(promoted("PROD", PromotionType.MANUAL)))
        .containsExactly(
            new Target("email", "release-team@example.com"), new Target("slack", "slack"));
    Notification rollback = promoted("QA", PromotionType.ROLLBACK);
    assertThat(rollback.title()).isEqualTo("inventory QA rolled back to 1.4.2 (from 1.4.1)");
    assertThat(SHIPPED.targets(rollback)).contains(new Target("webhook", "webhook"));

    NotificationRouter onlyBookstore =
        new NotificationRouter(
            new NotificationPolicy(
                List.of(
                    new NotificationRoute(
                        List.of(),
                        Severity.CRITICAL,
                        List.of(),
                        List.of("book*"),
                        List.of("slack"),
                        List.of(),
                        false))),
            List.of(),
            Map.of());
    Notification unavailable =
        COMPOSER
            .compose(new RollbacksEnvelope(META, new RollbackUnavailable("QA", "none")))
            .orElseThrow();
    assertThat(unavailable.severity()).isEqualTo(Severity.CRITICAL);
    assertThat(onlyBookstore.targets(unavailable)).isEmpty();
    EventMetadata bookstore =
        EventMetadata.newBuilder(META)
            .setArtifact(new ArtifactRef("bookstore", "2", "sha256:y"))
            .build();
    assertThat(
            onlyBookstore.targets(
                COMPOSER
                    .compose(
                        new RollbacksEnvelope(bookstore, new RollbackUnavailable("QA", "none")))
                    .orElseThrow()))
        .containsExactly(new Target("slack", "slack"));
    assertThat(onlyBookstore.targets(promoted("PROD", PromotionType.MANUAL))).isEmpty();
  }

  @Test
  void eachKindSaysWhatHappenedAndWhy() {
    Notification blocked =
        COMPOSER
            .compose(
                new PromotionsEnvelope(
                    META,
                    new io.promoflow.schemas.promotions.PromotionBlocked(
                        "QA",
                        io.promoflow.schemas.promotions.BlockedOutcome.BLOCKED,
                        "gates failed: source-stage-verified",
                        List.of("source-stage-verified"))))
            .orElseThrow();
    assertThat(blocked.title()).isEqualTo("inventory 1.4.2 not promoted to QA: BLOCKED");
    assertThat(blocked.facts()).containsEntry("Reason", "gates failed: source-stage-verified");
    Notification failed =
        COMPOSER
            .compose(
                new PromotionsEnvelope(
                    META,
                    io.promoflow.schemas.promotions.PromotionFailed.newBuilder()
                        .setTargetStage("PROD")
                        .setCategory("NETWORK")
                        .setReason("connection refused")
                        .build()))
            .orElseThrow();
    assertThat(failed.severity()).isEqualTo(Severity.HIGH);
    assertThat(failed.title()).contains("failed (NETWORK)");
    Notification verification =
        COMPOSER
            .compose(
                new io.promoflow.schemas.verifications.VerificationsEnvelope(
                    META,
                    new io.promoflow.schemas.verifications.VerificationFailed(
                        "STAGING", 70, List.of("health 0.30 below 0.80 (+30)"))))
            .orElseThrow();
    assertThat(verification.title())
        .isEqualTo("inventory 1.4.2 failed verification in STAGING (score 70)");
    assertThat(verification.facts()).containsEntry("Reasons", "health 0.30 below 0.80 (+30)");
    Notification escalated =
        COMPOSER
            .compose(
                new ApprovalsEnvelope(
                    META,
                    new io.promoflow.schemas.approvals.ApprovalEscalated(
                        "apr-1", "platform-lead", null)))
            .orElseThrow();
    assertThat(escalated.approverRoles()).containsExactly("platform-lead");
    assertThat(escalated.action()).contains("approvals list --mine");
  }

  @Test
  void anInconclusiveVerificationIsHighNamesWhyAndReachesSlackEmailAndTheWebhook() {
    Notification inconclusive =
        COMPOSER
            .compose(
                new io.promoflow.schemas.verifications.VerificationsEnvelope(
                    META,
                    new io.promoflow.schemas.verifications.VerificationInconclusive(
                        "QA",
                        Instant.EPOCH,
                        List.of("no health report and no Prometheus sample in the 1800 s window"))))
            .orElseThrow();
    assertThat(inconclusive.severity()).isEqualTo(Severity.HIGH);
    assertThat(inconclusive.eventType()).isEqualTo("VerificationInconclusive");
    assertThat(inconclusive.title())
        .isEqualTo(
            "inventory 1.4.2 verification inconclusive in QA: no health data, not promoted onward");
    assertThat(inconclusive.facts())
        .containsEntry("Reasons", "no health report and no Prometheus sample in the 1800 s window")
        .containsEntry("Stage", "QA");
    assertThat(inconclusive.action())
        .contains("/api/v1/verifications/rerun")
        .contains("\"stage\": \"QA\"");
    assertThat(SHIPPED.targets(inconclusive))
        .containsExactly(
            new Target("slack", "slack"),
            new Target("email", "release-team@example.com"),
            new Target("webhook", "webhook"));
    NotificationRouter local =
        new NotificationRouter(
            TopologyTests.localPolicy().notifications(),
            List.of("release-team@example.com"),
            Map.of());
    assertThat(local.targets(inconclusive)).contains(new Target("slack", "slack"));
  }

  @Test
  void eventsNobodyNeedsAreNotNotified() {
    assertThat(
            COMPOSER.compose(
                new PromotionsEnvelope(
                    META, new PromotionStarted(PromotionType.AUTOMATIC, null, "DEV", "t"))))
        .isEmpty();
  }
}
