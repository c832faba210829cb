package io.promoflow.notification.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promoflow.rules.policy.Severity;
import io.promoflow.schemas.Topic;
import io.promoflow.schemas.Topics;
import io.promoflow.schemas.approvals.ApprovalRequested;
import io.promoflow.schemas.common.ArtifactRef;
import io.promoflow.schemas.common.EventMetadata;
import io.promoflow.schemas.notifications.NotificationAttempted;
import io.promoflow.schemas.promotions.PromotionsEnvelope;
import io.promoflow.schemas.promotions.StagePromoted;
import io.promoflow.schemas.rollbacks.HoldLifted;
import io.promoflow.schemas.rollbacks.RollbacksEnvelope;
import io.promoflow.schemas.verifications.VerificationPassed;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.junit.jupiter.api.Test;

class NotificationComposerTest {

  static final String SERVICE = "notification-service";
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

  /**
   * The topics the notification listener consumes: those that name this service as a reader, but
   * its own.
   */
  static List<Topic<?>> consumed() {
    return Topics.ALL.stream()
        .filter(t -> t.readers().contains(SERVICE) && !t.writer().equals(SERVICE))
        .toList();
  }

  /** Every payload class of {@code topic}'s envelope union. */
  static Set<Class<?>> kinds(Topic<?> topic) {
    Schema payload = SpecificData.get().getSchema(topic.type()).getField("payload").schema();
    return payload.getTypes().stream()
        .map(branch -> (Class<?>) SpecificData.get().getClass(branch))
        .collect(Collectors.toSet());
  }

  @Test
  void everyKindOfEveryConsumedEnvelopeIsNotifiedOrDeclaredSilentAndNothingElseIs() {
    assertThat(consumed())
        .extracting(Topic::name)
        .containsExactlyInAnyOrder(
            Topics.APPROVALS.name(),
            Topics.PROMOTIONS.name(),
            Topics.VERIFICATIONS.name(),
            Topics.ROLLBACKS.name());
    Set<Class<?>> all = new HashSet<>();
    for (Topic<?> topic : consumed()) {
      for (Class<?> kind : kinds(topic)) {
        boolean notified = NotificationComposer.notifiedKinds().contains(kind);
        assertThat(notified ^ NotificationComposer.silentKinds().contains(kind))
            .as("%s of %s: exactly one of notified or silent", kind.getSimpleName(), topic.name())
            .isTrue();
        all.add(kind);
      }
    }
    Set<Class<?>> registered = new HashSet<>(NotificationComposer.notifiedKinds());
    registered.addAll(NotificationComposer.silentKinds());
    assertThat(registered).as("no composer for a kind no consumed topic carries").isEqualTo(all);
  }

  @Test
  void theNotifiedKindsAreThoseThatWereNotifiedBeforeTheTable() {
    // the 18 branches of the former instanceof ladder
    assertThat(NotificationComposer.notifiedKinds())
        .extracting(Class::getSimpleName)
        .containsExactlyInAnyOrder(
            "StagePromoted",
            "PromotionBlocked",
            "PromotionScheduled",
            "PromotionOverridden",
            "PromotionFailed",
            "ApprovalRequested",
            "ApprovalGranted",
            "ApprovalRejected",
            "ApprovalExpired",
            "ApprovalReminded",
            "ApprovalExtended",
            "ApprovalWithdrawn",
            "ApprovalVoided",
            "ApprovalEscalated",
            "VerificationFailed",
            "VerificationInconclusive",
            "RollbackDecided",
            "RollbackUnavailable");
  }

  /** An approval into PROD asked by dev, one of release-manager. */
  static ApprovalRequested.Builder asking(String approvalId) {
    return ApprovalRequested.newBuilder()
        .setApprovalId(approvalId)
        .setRequiredRoles(List.of("release-manager"))
        .setQuorum(1)
        .setRequestedBy("dev")
        .setTargetStage("PROD")
        .setGateSummary("6/6 gates passed")
        .setExpiresAt(Instant.EPOCH);
  }

  @Test
  void anApprovalRequestAndAPromotionNameTheirChangeRequest() {
    ApprovalRequested ask = asking("a1").setChangeRequestId("CHG-1234").build();
    assertThat(
            COMPOSER
                .compose(new io.promoflow.schemas.approvals.ApprovalsEnvelope(META, ask))
                .orElseThrow()
                .facts())
        .containsEntry("Change request", "CHG-1234");
    io.promoflow.schemas.promotions.StagePromoted promoted =
        io.promoflow.schemas.promotions.StagePromoted.newBuilder()
            .setPromotionType(io.promoflow.schemas.requests.PromotionType.MANUAL)
            .setTargetStage("PROD")
            .setRequestedBy("dev")
            .setExecutor("record")
            .setChangeRequestId("CHG-1234")
            .build();
    assertThat(COMPOSER.compose(new PromotionsEnvelope(META, promoted)).orElseThrow().facts())
        .containsEntry("Change request", "CHG-1234");
    // none asked for: no empty fact
    ask.setChangeRequestId(null);
    assertThat(
            COMPOSER
                .compose(new io.promoflow.schemas.approvals.ApprovalsEnvelope(META, ask))
                .orElseThrow()
                .facts())
        .doesNotContainKey("Change request");
  }

  @Test
  void aReleaseComponentsApprovalRequestPointsAtTheReleaseNotTheComponent() {
    ApprovalRequested ask =
        asking("apr-cart")
            .setRelease(
                new io.promoflow.schemas.common.ReleaseRef(
                    "rel-1", "2026.48.0", "PLATFORM_PATCH", List.of("cart", "payments")))
            .build();
    Notification n =
        COMPOSER
            .compose(new io.promoflow.schemas.approvals.ApprovalsEnvelope(META, ask))
            .orElseThrow();
    assertThat(n.releaseId()).isEqualTo("rel-1");
    assertThat(n.approvalId()).isEqualTo("apr-cart");
    assertThat(n.facts())
        .containsEntry("Release", "2026.48.0 (PLATFORM_PATCH, 2 components, decided as one)");
    // approval-service answers 409 to a decision on the component alone
    assertThat(n.action()).contains("releases approve rel-1").doesNotContain("approvals approve");
    ask.setRelease(null);
    Notification single =
        COMPOSER
            .compose(new io.promoflow.schemas.approvals.ApprovalsEnvelope(META, ask))
            .orElseThrow();
    assertThat(single.releaseId()).isNull();
    assertThat(single.action()).contains("approvals approve apr-cart");
  }

  @Test
  void silentKindsComposeNothing() {
    assertThat(COMPOSER.compose(new RollbacksEnvelope(META, new HoldLifted("QA", "ok")))).isEmpty();
    assertThat(
            COMPOSER.compose(
                new io.promoflow.schemas.verifications.VerificationsEnvelope(
                    META,
                    VerificationPassed.newBuilder()
                        .setStage("QA")
                        .setWindowStartedAt(Instant.EPOCH)
                        .build())))
        .isEmpty();
  }

  @Test
  void anUnknownKindIsRefusedNamingItNotDropped() {
    // a payload outside every consumed union (the envelope's Object field accepts it in memory)
    PromotionsEnvelope stray =
        new PromotionsEnvelope(META, new NotificationAttempted("k", "X", "slack", "slack"));
    assertThatThrownBy(() -> COMPOSER.compose(stray))
        .isInstanceOf(UnknownEventKindException.class)
        .hasMessageContaining("NotificationAttempted");
    PromotionsEnvelope empty = new PromotionsEnvelope(META, null);
    assertThatThrownBy(() -> COMPOSER.compose(empty)).isInstanceOf(UnknownEventKindException.class);
  }

  @Test
  void anEventWithoutAnArtifactIsNotNotified() {
    EventMetadata noArtifact =
        EventMetadata.newBuilder()
            .setEventId("e2")
            .setOccurredAt(Instant.EPOCH)
            .setActor("a")
            .setSource("s")
            .build();
    assertThat(
            COMPOSER.compose(
                new PromotionsEnvelope(
                    noArtifact,
                    StagePromoted.newBuilder()
                        .setTargetStage("QA")
                        .setPromotionType(io.promoflow.schemas.requests.PromotionType.AUTOMATIC)
                        .setRequestedBy("t")
                        .setExecutor("record")
                        .build())))
        .isEmpty();
  }

  @Test
  void theSharedFactsComeFirstAndTheKindsFollowInOrder() {
    Notification n =
        COMPOSER
            .compose(
                new PromotionsEnvelope(
                    META,
                    StagePromoted.newBuilder()
                        .setTargetStage("PROD")
                        .setPromotionType(io.promoflow.schemas.requests.PromotionType.MANUAL)
                        .setPreviousVersion("1.4.1")
                        .setApprovers(List.of("rm", "lead"))
                        .setRequestedBy("t")
                        .setExecutor("record")
                        .build()))
            .orElseThrow();
    assertThat(n.facts().keySet())
        .containsExactly(
            "Application", "Version", "Digest", "Promotion", "Stage", "Replaces", "Approved by");
    assertThat(n.severity()).isEqualTo(Severity.MEDIUM);
    assertThat(n.title()).isEqualTo("inventory 1.4.2 promoted to PROD (MANUAL)");
    assertThat(n.eventType()).isEqualTo("StagePromoted");
    assertThat(n.stage()).isEqualTo("PROD");
  }

  @Test
  void aComposerMustSetSeverityAndTitle() {
    NotificationDraft noSeverity =
        new NotificationDraft(META, "X", "PROD", "./promoflow").title("t");
    assertThatThrownBy(noSeverity::build)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("severity");
    NotificationDraft noTitle =
        new NotificationDraft(META, "X", "PROD", "./promoflow").severity(Severity.LOW);
    assertThatThrownBy(noTitle::build)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("title");
  }

  @Test
  void aKindIsRegisteredOnce() {
    NotificationKinds kinds = new NotificationKinds().silent(HoldLifted.class);
    assertThatThrownBy(() -> kinds.notify(HoldLifted.class, (h, d) -> d.severity(Severity.LOW)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("HoldLifted");
  }
}
