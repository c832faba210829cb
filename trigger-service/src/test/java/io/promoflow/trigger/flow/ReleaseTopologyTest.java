package io.promoflow.trigger.flow;

import static org.assertj.core.api.Assertions.assertThat;

import io.promoflow.platform.events.Events;
import io.promoflow.platform.testing.TopologyTests;
import io.promoflow.rules.keys.ReleaseIds;
import io.promoflow.rules.policy.PipelinePolicy;
import io.promoflow.rules.release.ReleaseState;
import io.promoflow.schemas.Topics;
import io.promoflow.schemas.common.ArtifactRef;
import io.promoflow.schemas.promotions.BlockedOutcome;
import io.promoflow.schemas.promotions.PromotionBlocked;
import io.promoflow.schemas.promotions.StagePromoted;
import io.promoflow.schemas.releases.ReleaseComponent;
import io.promoflow.schemas.releases.ReleaseComponentRollback;
import io.promoflow.schemas.releases.ReleaseCreated;
import io.promoflow.schemas.releases.ReleaseGatesEvaluated;
import io.promoflow.schemas.releases.ReleasePromotionFailed;
import io.promoflow.schemas.releases.ReleasePromotionRequested;
import io.promoflow.schemas.releases.ReleasePromotionStarted;
import io.promoflow.schemas.releases.ReleaseRollbackRequested;
import io.promoflow.schemas.releases.ReleaseStagePromoted;
import io.promoflow.schemas.releases.ReleasesEnvelope;
import io.promoflow.schemas.requests.PromotionRequested;
import io.promoflow.schemas.requests.PromotionRequestsEnvelope;
import io.promoflow.schemas.requests.PromotionType;
import io.promoflow.schemas.verifications.VerificationPassed;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The release coordinator under the local policy (RELEASES.md step 3). */
class ReleaseTopologyTest {

  static final String VERSION = "2026.47.0";
  static final String RELEASE = ReleaseIds.of(VERSION);
  static final ArtifactRef INVENTORY = artifact("inventory", "1.4.2", 'a');
  static final ArtifactRef ORDERS = artifact("orders", "2.0.0", 'b');
  static final ArtifactRef PAYMENTS = artifact("payments", "3.1.0", 'c');

  TopologyTestDriver driver;
  Events events;
  TestInputTopic<String, ReleasesEnvelope> releases;
  TestOutputTopic<String, ReleasesEnvelope> releaseEvents;
  TestOutputTopic<String, PromotionRequestsEnvelope> requests;

  static ArtifactRef artifact(String app, String version, char hex) {
    return new ArtifactRef(app, version, "sha256:" + String.valueOf(hex).repeat(64));
  }

  @BeforeEach
  void start() {
    PipelinePolicy policy = TopologyTests.localPolicy();
    events = TopologyTests.events("trigger-service");
    driver =
        TopologyTests.driver(
            "release-test",
            builder -> new ReleaseTopology(policy, events, Duration.ofSeconds(1)).define(builder));
    releases = TopologyTests.input(driver, Topics.RELEASES);
    releaseEvents = TopologyTests.output(driver, Topics.RELEASES);
    requests = TopologyTests.output(driver, Topics.PROMOTION_REQUESTS);
  }

  @AfterEach
  void stop() {
    driver.close();
  }

  void create(ArtifactRef... components) {
    List<ReleaseComponent> list =
        java.util.Arrays.stream(components)
            .map(
                a ->
                    new ReleaseComponent(
                        a.getApplication(),
                        a.getVersion(),
                        a.getDigest(),
                        a == ORDERS ? Map.of("inventory", ">=1.4 <2") : Map.<String, String>of()))
            .toList();
    releases.pipeInput(
        RELEASE,
        new ReleasesEnvelope(
            events.meta(null, null, null, "dev"),
            new ReleaseCreated(
                RELEASE,
                VERSION,
                "PLATFORM_MINOR",
                "standard",
                "rolling",
                false,
                null,
                list,
                "dev",
                "CHG-1")));
  }

  void request(String source, String target) {
    releases.pipeInput(
        RELEASE,
        new ReleasesEnvelope(
            events.meta(null, null, null, "dev"),
            new ReleasePromotionRequested(RELEASE, source, target, "release-manager", "CHG-1")));
  }

  void verified(ArtifactRef a, String stage) {
    TopologyTests.pipeVerification(
        driver,
        events.meta(a, null, null, null),
        VerificationPassed.newBuilder()
            .setStage(stage)
            .setWindowStartedAt(Instant.now())
            .setPromotionType(PromotionType.MANUAL)
            .build());
  }

  void promoted(ArtifactRef a, String stage, String promotionId, String previousVersion) {
    StagePromoted p = TopologyTests.stagePromoted(PromotionType.MANUAL, stage);
    p.setPreviousVersion(previousVersion);
    p.setPreviousDigest(previousVersion == null ? null : "sha256:" + "9".repeat(64));
    TopologyTests.pipePromotion(driver, events.meta(a, promotionId, null, null), p);
  }

  List<Object> releasePayloads() {
    return releaseEvents.readValuesToList().stream().map(ReleasesEnvelope::getPayload).toList();
  }

  String componentId(String stage, ArtifactRef a) {
    return ReleaseIds.promotionId(RELEASE, stage, a.getApplication());
  }

  ReleaseState state() {
    KeyValueStore<String, ReleaseState> store = driver.getKeyValueStore(ReleaseStores.RELEASES);
    return store.get(RELEASE);
  }

  @Test
  void gatesPassedRequestOnePromotionPerComponentWithTheReleaseAndDeterministicIds() {
    create(INVENTORY, ORDERS, PAYMENTS);
    verified(INVENTORY, "QA");
    verified(ORDERS, "QA");
    verified(PAYMENTS, "QA");
    request("QA", "STAGING");

    List<Object> out = releasePayloads();
    assertThat(out).hasSize(2);
    ReleaseGatesEvaluated gates = (ReleaseGatesEvaluated) out.get(0);
    assertThat(gates.getPassed()).isTrue();
    assertThat(gates.getResults())
        .extracting(r -> r.getGate())
        .containsExactly("service-versions", "compatibility");
    assertThat(gates.getResults().get(1).getInputs())
        .containsEntry("orders.requires.inventory.version", "1.4.2");
    ReleasePromotionStarted started = (ReleasePromotionStarted) out.get(1);
    assertThat(started.getPromotions()).hasSize(3);

    List<org.apache.kafka.streams.test.TestRecord<String, PromotionRequestsEnvelope>> sent =
        requests.readRecordsToList();
    assertThat(sent).hasSize(3);
    for (var r : sent) {
      PromotionRequested p = (PromotionRequested) r.value().getPayload();
      ArtifactRef a = r.value().getMeta().getArtifact();
      assertThat(r.key()).isEqualTo(a.getApplication());
      assertThat(r.value().getMeta().getPromotionId()).isEqualTo(componentId("STAGING", a));
      assertThat(p.getType()).isEqualTo(PromotionType.MANUAL);
      assertThat(p.getSourceStage()).isEqualTo("QA");
      assertThat(p.getTargetStage()).isEqualTo("STAGING");
      assertThat(p.getRequestedBy()).isEqualTo("release-manager");
      assertThat(p.getChangeRequestId()).isEqualTo("CHG-1");
      assertThat(p.getRelease().getReleaseId()).isEqualTo(RELEASE);
      assertThat(p.getRelease().getVersion()).isEqualTo(VERSION);
      assertThat(p.getRelease().getComponents()).containsExactly("inventory", "orders", "payments");
    }
    assertThat(sent)
        .extracting(r -> r.value().getMeta().getArtifact())
        .containsExactly(INVENTORY, ORDERS, PAYMENTS);
    assertThat(state().latest().orElseThrow().state())
        .isEqualTo(ReleaseState.PromotionState.PROMOTING);

    promoted(INVENTORY, "STAGING", componentId("STAGING", INVENTORY), "1.4.1");
    promoted(ORDERS, "STAGING", componentId("STAGING", ORDERS), "1.9.0");
    assertThat(releasePayloads()).isEmpty();
    promoted(PAYMENTS, "STAGING", componentId("STAGING", PAYMENTS), null);
    assertThat(releasePayloads()).singleElement().isInstanceOf(ReleaseStagePromoted.class);
    assertThat(state().reached()).contains("STAGING");
  }

  /**
   * All or nothing: three components into PROD, two enter it, the third is rejected: the release
   * promotion fails and the two go back to their previous versions by two ROLLBACK requests.
   */
  @Test
  void aRejectedComponentRollsBackTheComponentsAlreadyPromoted() {
    create(INVENTORY, ORDERS, PAYMENTS);
    verified(INVENTORY, "STAGING");
    verified(ORDERS, "STAGING");
    verified(PAYMENTS, "STAGING");
    request("STAGING", "PROD");
    releasePayloads();
    assertThat(requests.readValuesToList()).hasSize(3);

    promoted(INVENTORY, "PROD", componentId("PROD", INVENTORY), "1.4.1");
    promoted(ORDERS, "PROD", componentId("PROD", ORDERS), "1.9.0");
    TopologyTests.pipePromotion(
        driver,
        events.meta(PAYMENTS, componentId("PROD", PAYMENTS), null, null),
        new PromotionBlocked("PROD", BlockedOutcome.REJECTED, "rejected by on-call", List.of()));

    List<Object> out = releasePayloads();
    assertThat(out).hasSize(2);
    ReleasePromotionFailed failed = (ReleasePromotionFailed) out.get(0);
    assertThat(failed.getTargetStage()).isEqualTo("PROD");
    assertThat(failed.getReasons()).singleElement().asString().contains("payments", "REJECTED");
    ReleaseRollbackRequested rollback = (ReleaseRollbackRequested) out.get(1);
    assertThat(rollback.getStage()).isEqualTo("PROD");
    assertThat(rollback.getRollbacks())
        .extracting(
            ReleaseComponentRollback::getApplication,
            ReleaseComponentRollback::getFromVersion,
            ReleaseComponentRollback::getToVersion,
            ReleaseComponentRollback::getPromotionId)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "inventory", "1.4.2", "1.4.1", ReleaseIds.rollbackId(RELEASE, "PROD", "inventory")),
            org.assertj.core.groups.Tuple.tuple(
                "orders", "2.0.0", "1.9.0", ReleaseIds.rollbackId(RELEASE, "PROD", "orders")));

    List<PromotionRequestsEnvelope> rollbacks = requests.readValuesToList();
    assertThat(rollbacks).hasSize(2);
    for (PromotionRequestsEnvelope r : rollbacks) {
      PromotionRequested p = (PromotionRequested) r.getPayload();
      assertThat(p.getType()).isEqualTo(PromotionType.ROLLBACK);
      assertThat(p.getSourceStage()).isNull();
      assertThat(p.getTargetStage()).isEqualTo("PROD");
      assertThat(p.getRequestedBy()).isEqualTo("trigger-service");
      assertThat(p.getReason()).startsWith("release " + VERSION + " rollback: payments");
      assertThat(p.getRelease().getReleaseId()).isEqualTo(RELEASE);
    }
    assertThat(rollbacks)
        .extracting(r -> r.getMeta().getArtifact().getVersion())
        .containsExactly("1.4.1", "1.9.0");
    ReleaseState.Promotion p = state().latest().orElseThrow();
    assertThat(p.state()).isEqualTo(ReleaseState.PromotionState.FAILED);
    assertThat(p.components())
        .extracting(ReleaseState.ComponentPromotion::outcome)
        .containsExactly(
            ReleaseState.Outcome.ROLLED_BACK,
            ReleaseState.Outcome.ROLLED_BACK,
            ReleaseState.Outcome.REJECTED);
  }

  @Test
  void aComponentPromotedAfterTheReleasePromotionFailedIsRolledBackToo() {
    create(INVENTORY, ORDERS, PAYMENTS);
    verified(INVENTORY, "STAGING");
    verified(ORDERS, "STAGING");
    verified(PAYMENTS, "STAGING");
    request("STAGING", "PROD");
    releasePayloads();
    requests.readValuesToList();
    TopologyTests.pipePromotion(
        driver,
        events.meta(PAYMENTS, componentId("PROD", PAYMENTS), null, null),
        new PromotionBlocked("PROD", BlockedOutcome.EXPIRED, "approval timed out", List.of()));
    assertThat(releasePayloads())
        .as("nothing promoted yet: nothing to roll back")
        .singleElement()
        .isInstanceOf(ReleasePromotionFailed.class);
    assertThat(requests.readValuesToList()).isEmpty();

    promoted(ORDERS, "PROD", componentId("PROD", ORDERS), "1.9.0");
    ReleaseRollbackRequested late = (ReleaseRollbackRequested) releasePayloads().get(0);
    assertThat(late.getRollbacks())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.getApplication()).isEqualTo("orders");
              assertThat(r.getToVersion()).isEqualTo("1.9.0");
            });
    PromotionRequested rollback =
        (PromotionRequested) requests.readValuesToList().get(0).getPayload();
    assertThat(rollback.getType()).isEqualTo(PromotionType.ROLLBACK);
    assertThat(rollback.getReason()).contains("orders promoted after the release promotion failed");

    promoted(INVENTORY, "PROD", componentId("PROD", INVENTORY), null);
    ReleaseRollbackRequested nothing = (ReleaseRollbackRequested) releasePayloads().get(0);
    assertThat(nothing.getRollbacks().get(0).getToVersion())
        .as("no previous version: nothing to roll back to, said so")
        .isNull();
    assertThat(requests.readValuesToList()).isEmpty();
  }

  @Test
  void aPromotionWaitsForAVerificationThatArrivesAfterTheRequest() {
    create(INVENTORY, ORDERS);
    verified(INVENTORY, "QA");
    request("QA", "STAGING");
    assertThat(releasePayloads()).isEmpty();
    assertThat(requests.readValuesToList()).isEmpty();
    assertThat(state().latest().orElseThrow().state())
        .isEqualTo(ReleaseState.PromotionState.WAITING_FOR_FACTS);
    assertThat(state().latest().orElseThrow().releaseGates().get(0).reason())
        .contains("waiting for verification in QA: orders 2.0.0");

    verified(ORDERS, "DEV");
    assertThat(releasePayloads()).as("verified in another stage: still waiting").isEmpty();
    verified(ORDERS, "QA");
    List<Object> out = releasePayloads();
    assertThat(out).hasSize(2);
    assertThat(((ReleaseGatesEvaluated) out.get(0)).getPassed()).isTrue();
    assertThat(requests.readValuesToList()).hasSize(2);
  }

  @Test
  void aComponentVerifiedWithAnotherDigestFailsTheGatesAtOnce() {
    create(INVENTORY, ORDERS);
    verified(INVENTORY, "QA");
    request("QA", "STAGING");
    verified(artifact("orders", "2.0.0", 'f'), "QA");
    List<Object> out = releasePayloads();
    assertThat(out).hasSize(2).last().isInstanceOf(ReleasePromotionFailed.class);
    assertThat(((ReleasePromotionFailed) out.get(1)).getReasons())
        .singleElement()
        .asString()
        .contains("immutable");
    assertThat(requests.readValuesToList()).isEmpty();
  }

  @Test
  void aPromotionWhoseFactsNeverArriveFailsAfterTheFactsTimeout() {
    create(INVENTORY, ORDERS);
    verified(INVENTORY, "QA");
    request("QA", "STAGING");
    driver.advanceWallClockTime(Duration.ofMinutes(9));
    assertThat(releasePayloads()).isEmpty();
    driver.advanceWallClockTime(Duration.ofMinutes(2));
    List<Object> out = releasePayloads();
    assertThat(out).hasSize(2);
    assertThat(((ReleaseGatesEvaluated) out.get(0)).getPassed()).isFalse();
    assertThat(((ReleasePromotionFailed) out.get(1)).getReasons())
        .containsExactly("orders 2.0.0: not verified in QA within PT10M");
    assertThat(requests.readValuesToList()).isEmpty();
    assertThat(state().latest().orElseThrow().state())
        .isEqualTo(ReleaseState.PromotionState.GATES_FAILED);
  }

  @Test
  void aSecondRequestWhileOneIsInFlightIsNotActedOn() {
    create(INVENTORY);
    request("QA", "STAGING");
    request("QA", "STAGING");
    assertThat(state().promotions()).hasSize(1);
    assertThat(state().timeline())
        .extracting(ReleaseState.Step::detail)
        .last()
        .asString()
        .contains("ignored: a promotion is in flight");
  }
}
