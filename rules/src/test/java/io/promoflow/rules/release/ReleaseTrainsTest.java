package io.promoflow.rules.release;

import static org.assertj.core.api.Assertions.assertThat;

import io.promoflow.rules.keys.ReleaseIds;
import io.promoflow.rules.policy.PipelinePolicy;
import io.promoflow.rules.release.train.TrainCalendar;
import io.promoflow.schemas.common.ArtifactRef;
import io.promoflow.schemas.common.EventMetadata;
import io.promoflow.schemas.promotions.BlockedOutcome;
import io.promoflow.schemas.promotions.PromotionBlocked;
import io.promoflow.schemas.promotions.PromotionsEnvelope;
import io.promoflow.schemas.promotions.StagePromoted;
import io.promoflow.schemas.releases.ReleaseComponentsCollected;
import io.promoflow.schemas.releases.ReleaseCreated;
import io.promoflow.schemas.releases.ReleasePromotionRequested;
import io.promoflow.schemas.releases.ReleasesEnvelope;
import io.promoflow.schemas.releases.TrainPhaseEntered;
import io.promoflow.schemas.releases.TrainRetrospective;
import io.promoflow.schemas.requests.PromotionType;
import io.promoflow.schemas.verifications.VerificationPassed;
import io.promoflow.schemas.verifications.VerificationsEnvelope;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A train through its phases under the pure rules (issue 18 point 2): each phase entered once, the
 * collection becomes the components, the retrospective reports promotions with their times and the
 * rollback of a failed release promotion.
 */
class ReleaseTrainsTest {

  static final PipelinePolicy POLICY = ReleasePromotionPropertiesTest.POLICY;
  static final TrainCalendar CALENDAR = TrainCalendar.of(POLICY);
  static final LocalDate DATE = LocalDate.of(2026, 11, 30);
  static final long START = CALENDAR.start(DATE).toEpochMilli();
  static final String VERSION = CALENDAR.version(DATE);
  static final String ID = ReleaseIds.of(VERSION);
  static final long DAY = Duration.ofDays(1).toMillis();

  final ReleaseCoordinator coordinator = new ReleaseCoordinator(POLICY, "trigger-service");
  final MemoryState state = new MemoryState();

  static EventMetadata meta(long at, ArtifactRef artifact, String promotionId) {
    return EventMetadata.newBuilder()
        .setEventId(UUID.randomUUID().toString())
        .setOccurredAt(Instant.ofEpochMilli(at))
        .setActor("t")
        .setSource("t")
        .setArtifact(artifact)
        .setPromotionId(promotionId)
        .build();
  }

  static ArtifactRef artifact(String app, String version) {
    return new ArtifactRef(app, version, "sha256:" + String.valueOf(app.length()).repeat(64));
  }

  void verified(ArtifactRef a, String stage, long at) {
    coordinator.onVerification(
        new VerificationsEnvelope(
            meta(at, a, null),
            VerificationPassed.newBuilder()
                .setStage(stage)
                .setWindowStartedAt(Instant.ofEpochMilli(at))
                .setPromotionType(PromotionType.MANUAL)
                .build()),
        state);
  }

  List<Object> tick(long at) {
    return coordinator.onTrainTime(at, at, state).stream()
        .map(e -> ((ReleaseCoordinator.ReleaseEvent) e).payload())
        .toList();
  }

  @Test
  void aTrainEntersEachPhaseOnceAndItsRetrospectiveReportsPromotionsAndRollbacks() {
    ArtifactRef inventory = artifact("inventory", "1.4.2");
    ArtifactRef web = artifact("web", "3.1.0");
    verified(inventory, "QA", START - 2 * DAY);
    verified(web, "QA", START - 1);
    coordinator.onRelease(
        new ReleasesEnvelope(
            meta(START - 3 * DAY, null, null),
            new ReleaseCreated(
                ID,
                VERSION,
                "PLATFORM_MINOR",
                "standard",
                "rolling",
                true,
                Instant.ofEpochMilli(START),
                List.of(),
                "release-manager",
                null)),
        state);
    assertThat(state.trains).containsExactly(ID);
    assertThat(tick(START - 1)).as("scheduled").isEmpty();

    List<Object> first = tick(START + DAY);
    assertThat(first)
        .extracting(p -> p.getClass().getSimpleName())
        .containsExactly("TrainPhaseEntered", "ReleaseComponentsCollected", "TrainPhaseEntered");
    assertThat(((ReleaseComponentsCollected) first.get(1)).getComponents())
        .extracting(c -> c.getApplication())
        .containsExactly("inventory", "web");
    assertThat(tick(START + DAY)).as("entered once").isEmpty();

    // the train into STAGING: inventory enters it, web is blocked: inventory is rolled back
    coordinator.onRelease(
        new ReleasesEnvelope(
            meta(START + 2 * DAY, null, null),
            new ReleasePromotionRequested(ID, "QA", "STAGING", "release-manager", null)),
        state);
    StagePromoted promoted =
        StagePromoted.newBuilder()
            .setTargetStage("STAGING")
            .setSourceStage("QA")
            .setPromotionType(PromotionType.MANUAL)
            .setRequestedBy("release-manager")
            .setExecutor("record")
            .setPreviousVersion("1.4.1")
            .setPreviousDigest("sha256:" + "1".repeat(64))
            .build();
    long entered = START + 2 * DAY + 60_000;
    coordinator.onPromotion(
        new PromotionsEnvelope(
            meta(entered, inventory, ReleaseIds.promotionId(ID, "STAGING", "inventory")), promoted),
        state);
    long blocked = START + 2 * DAY + 120_000;
    coordinator.onPromotion(
        new PromotionsEnvelope(
            meta(blocked, web, ReleaseIds.promotionId(ID, "STAGING", "web")),
            new PromotionBlocked("STAGING", BlockedOutcome.BLOCKED, "gates failed", List.of())),
        state);

    List<Object> rest = tick(START + 11 * DAY);
    assertThat(rest.stream().filter(TrainPhaseEntered.class::isInstance).count()).isEqualTo(6);
    TrainRetrospective retro = (TrainRetrospective) rest.get(rest.size() - 1);
    JsonNode report = JsonMapper.builder().build().readTree(retro.getReport());
    JsonNode promotions = report.get("promotions");
    assertThat(promotions).hasSize(2);
    assertThat(promotions.get(0).get("application").asString()).isEqualTo("inventory");
    assertThat(promotions.get(0).get("outcome").asString()).isEqualTo("ROLLED_BACK");
    assertThat(promotions.get(0).get("finishedAt").asString())
        .as("it ended when it entered the stage")
        .isEqualTo(Instant.ofEpochMilli(entered).toString());
    assertThat(promotions.get(1).get("outcome").asString()).isEqualTo("BLOCKED");
    assertThat(promotions.get(1).get("finishedAt").asString())
        .isEqualTo(Instant.ofEpochMilli(blocked).toString());
    assertThat(report.get("rollbacks").get(0).get("requestedAt").asString())
        .isEqualTo(Instant.ofEpochMilli(blocked).toString());
    assertThat(report.get("figures").get("deployments").asInt()).isEqualTo(1);
    assertThat(report.get("figures").get("failedDeployments").asInt()).isEqualTo(1);
    assertThat(report.get("releaseGates")).hasSize(2);
    assertThat(state.trains).as("closed").isEmpty();
    assertThat(tick(START + 30 * DAY)).isEmpty();
    assertThat(state.releases.get(ID).phases()).hasSize(8);
  }
}
