package io.promoflow.trigger.flow;

import static org.assertj.core.api.Assertions.assertThat;

import io.promoflow.platform.events.Events;
import io.promoflow.platform.testing.TopologyTests;
import io.promoflow.rules.keys.ReleaseIds;
import io.promoflow.rules.policy.PipelinePolicy;
import io.promoflow.rules.release.ReleaseState;
import io.promoflow.rules.release.train.TrainCalendar;
import io.promoflow.schemas.Topics;
import io.promoflow.schemas.builds.BuildCompleted;
import io.promoflow.schemas.builds.BuildsEnvelope;
import io.promoflow.schemas.builds.EvidenceRef;
import io.promoflow.schemas.common.ArtifactRef;
import io.promoflow.schemas.common.EventMetadata;
import io.promoflow.schemas.promotions.BlockedOutcome;
import io.promoflow.schemas.promotions.PromotionBlocked;
import io.promoflow.schemas.promotions.StagePromoted;
import io.promoflow.schemas.releases.ReleaseComponent;
import io.promoflow.schemas.releases.ReleaseComponentRollback;
import io.promoflow.schemas.releases.ReleaseComponentsCollected;
import io.promoflow.schemas.releases.ReleaseCreated;
import io.promoflow.schemas.releases.ReleaseGatesEvaluated;
import io.promoflow.schemas.releases.ReleasePromotionFailed;
import io.promoflow.schemas.releases.ReleasePromotionRequested;
import io.promoflow.schemas.releases.ReleasePromotionStarted;
import io.promoflow.schemas.releases.ReleaseRollbackRequested;
import io.promoflow.schemas.releases.ReleaseStagePromoted;
import io.promoflow.schemas.releases.ReleasesEnvelope;
import io.promoflow.schemas.releases.TrainPhaseEntered;
import io.promoflow.schemas.releases.TrainRetrospective;
import io.promoflow.schemas.requests.PromotionRequested;
import io.promoflow.schemas.requests.PromotionRequestsEnvelope;
import io.promoflow.schemas.requests.PromotionType;
import io.promoflow.schemas.verifications.VerificationPassed;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

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

  /**
   * A failed release promotion may be retried into the same stage: the retry's component promotions
   * and rollbacks get ids of their own (attempt 2), the first attempt's ids stay as they were, and
   * the retry completes on its own ids.
   */
  @Test
  void aRetryIntoTheStageAReleaseFailedIntoGetsNewComponentPromotionIds() {
    create(INVENTORY, ORDERS);
    verified(INVENTORY, "QA");
    verified(ORDERS, "QA");
    request("QA", "STAGING");
    releasePayloads();
    assertThat(requests.readValuesToList())
        .extracting(r -> r.getMeta().getPromotionId())
        .containsExactly(componentId("STAGING", INVENTORY), componentId("STAGING", ORDERS));
    promoted(INVENTORY, "STAGING", componentId("STAGING", INVENTORY), "1.4.1");
    TopologyTests.pipePromotion(
        driver,
        events.meta(ORDERS, componentId("STAGING", ORDERS), null, null),
        new PromotionBlocked("STAGING", BlockedOutcome.BLOCKED, "gates failed", List.of()));
    List<Object> failed = releasePayloads();
    assertThat(((ReleaseRollbackRequested) failed.get(1)).getRollbacks().get(0).getPromotionId())
        .isEqualTo(ReleaseIds.rollbackId(RELEASE, "STAGING", "inventory"));
    requests.readValuesToList();

    request("QA", "STAGING");
    List<Object> retry = releasePayloads();
    assertThat(retry).hasSize(2);
    List<String> retryIds =
        requests.readValuesToList().stream().map(r -> r.getMeta().getPromotionId()).toList();
    assertThat(retryIds)
        .containsExactly(
            ReleaseIds.promotionId(RELEASE, "STAGING", "inventory", 2),
            ReleaseIds.promotionId(RELEASE, "STAGING", "orders", 2))
        .doesNotContain(componentId("STAGING", INVENTORY), componentId("STAGING", ORDERS));
    assertThat(((ReleasePromotionStarted) retry.get(1)).getPromotions())
        .extracting(c -> c.getPromotionId())
        .containsExactlyElementsOf(retryIds);

    promoted(INVENTORY, "STAGING", retryIds.get(0), "1.4.1");
    promoted(ORDERS, "STAGING", retryIds.get(1), "1.9.0");
    assertThat(releasePayloads()).singleElement().isInstanceOf(ReleaseStagePromoted.class);
    assertThat(state().promotions())
        .extracting(ReleaseState.Promotion::state)
        .containsExactly(ReleaseState.PromotionState.FAILED, ReleaseState.PromotionState.PROMOTED);
    assertThat(state().promotions().get(0).components())
        .as("the first attempt keeps its outcomes")
        .extracting(ReleaseState.ComponentPromotion::outcome)
        .containsExactly(ReleaseState.Outcome.ROLLED_BACK, ReleaseState.Outcome.BLOCKED);
  }

  // ---- release trains (issue 18 point 2) ----

  static final TrainCalendar CALENDAR = TrainCalendar.of(TopologyTests.localPolicy());

  /** A train date at least four weeks before today: every phase of its train is past. */
  static final LocalDate PAST_TRAIN = CALENDAR.nextTrainDate(Instant.now()).minusDays(42);

  static final String TRAIN_VERSION = CALENDAR.version(PAST_TRAIN);
  static final String TRAIN = ReleaseIds.of(TRAIN_VERSION);

  static void createTrain(TopologyTestDriver d, Events e) {
    TopologyTests.input(d, Topics.RELEASES)
        .pipeInput(
            TRAIN,
            new ReleasesEnvelope(
                e.meta(null, null, null, "release-manager"),
                new ReleaseCreated(
                    TRAIN,
                    TRAIN_VERSION,
                    "PLATFORM_MINOR",
                    "standard",
                    "rolling",
                    true,
                    CALENDAR.start(PAST_TRAIN),
                    List.of(),
                    "release-manager",
                    null)));
  }

  /** A passed verification of {@code a} in QA that happened at {@code at}. */
  static void verifiedAt(TopologyTestDriver d, Events e, ArtifactRef a, Instant at) {
    EventMetadata meta = e.meta(a, null, null, null);
    meta.setOccurredAt(at);
    TopologyTests.pipeVerification(
        d,
        meta,
        VerificationPassed.newBuilder()
            .setStage("QA")
            .setWindowStartedAt(at)
            .setPromotionType(PromotionType.MANUAL)
            .build());
  }

  /**
   * The platform as the train finds it, around the cutoff (strictly before it is collected):
   * inventory 1.4.1 then 1.4.2 one millisecond before the cutoff (the newer is collected), orders
   * 2.0.0 a day before with its requirements from the build's dependencies-json, payments 3.1.0
   * exactly at the cutoff (skipped).
   */
  static void platform(TopologyTestDriver d, Events e) {
    Instant cutoff = CALENDAR.cutoff(PAST_TRAIN);
    verifiedAt(d, e, artifact("inventory", "1.4.1", 'd'), cutoff.minus(Duration.ofHours(2)));
    verifiedAt(d, e, INVENTORY, cutoff.minusMillis(1));
    EvidenceRef dependencies =
        EvidenceRef.newBuilder()
            .setFormat("dependencies-json")
            .setSha256("e".repeat(64))
            .setSizeBytes(40)
            .setMetrics(Map.of())
            .setAttributes(Map.of("inventory", ">=1.4 <2"))
            .build();
    TopologyTests.input(d, Topics.BUILDS)
        .pipeInput(
            "orders",
            new BuildsEnvelope(
                e.meta(ORDERS, null, null, "ci"),
                BuildCompleted.newBuilder()
                    .setSourceCommit("b".repeat(40))
                    .setPipelineRunId("1")
                    .setBuildFinishedAt(cutoff.minus(Duration.ofDays(2)))
                    .setEvidence(List.of(dependencies))
                    .build()));
    verifiedAt(d, e, ORDERS, cutoff.minus(Duration.ofDays(1)));
    verifiedAt(d, e, PAYMENTS, cutoff);
  }

  static List<Object> payloads(TestOutputTopic<String, ReleasesEnvelope> out) {
    return out.readValuesToList().stream().map(ReleasesEnvelope::getPayload).toList();
  }

  static List<String> phaseNames(List<Object> out) {
    return out.stream()
        .filter(TrainPhaseEntered.class::isInstance)
        .map(p -> ((TrainPhaseEntered) p).getPhase())
        .toList();
  }

  @Test
  void aTrainWhoseDateHasPassedEntersEveryDuePhaseOnceInOrderCollectsAndReports() {
    platform(driver, events);
    createTrain(driver, events);
    assertThat(releasePayloads()).as("nothing before the punctuator runs").isEmpty();

    driver.advanceWallClockTime(Duration.ofSeconds(1));
    List<Object> out = releasePayloads();
    assertThat(phaseNames(out))
        .containsExactly(
            "collection",
            "compatibility-analysis",
            "integration",
            "staging",
            "readiness-review",
            "production",
            "post-release-monitoring",
            "retrospective");
    assertThat(out).hasSize(10);
    assertThat(out.get(0)).isInstanceOf(TrainPhaseEntered.class);
    assertThat(((TrainPhaseEntered) out.get(0)).getScheduledAt())
        .isEqualTo(CALENDAR.start(PAST_TRAIN));
    assertThat(((TrainPhaseEntered) out.get(2)).getScheduledAt())
        .as("scheduledAt is the phase's time, not the punctuator's")
        .isEqualTo(CALENDAR.start(PAST_TRAIN).plus(Duration.ofDays(1)));
    ReleaseComponentsCollected collected = (ReleaseComponentsCollected) out.get(1);
    assertThat(collected.getSourceStage()).isEqualTo("QA");
    assertThat(collected.getCutoff()).isEqualTo(CALENDAR.cutoff(PAST_TRAIN));
    assertThat(collected.getComponents())
        .extracting(
            ReleaseComponent::getApplication,
            ReleaseComponent::getVersion,
            ReleaseComponent::getDigest)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("inventory", "1.4.2", INVENTORY.getDigest()),
            org.assertj.core.groups.Tuple.tuple("orders", "2.0.0", ORDERS.getDigest()));
    assertThat(collected.getComponents().get(1).getRequires())
        .containsEntry("inventory", ">=1.4 <2");
    assertThat(collected.getSkipped())
        .singleElement()
        .asString()
        .startsWith("payments: no version verified in QA before");
    TrainRetrospective retrospective = (TrainRetrospective) out.get(9);
    JsonNode report = JsonMapper.builder().build().readTree(retrospective.getReport());
    assertThat(report.get("version").asString()).isEqualTo(TRAIN_VERSION);
    assertThat(report.get("components")).hasSize(2);
    assertThat(report.get("phases")).hasSize(8);
    assertThat(report.get("phases").get(0).get("enteredAt").isNull()).isFalse();

    driver.advanceWallClockTime(Duration.ofSeconds(1));
    driver.advanceWallClockTime(Duration.ofDays(30));
    assertThat(releasePayloads()).as("every phase entered once").isEmpty();
    ReleaseState train =
        driver.<String, ReleaseState>getKeyValueStore(ReleaseStores.RELEASES).get(TRAIN);
    assertThat(train.phases()).hasSize(8);
    assertThat(train.components())
        .extracting(ReleaseState.Component::application)
        .containsExactly("inventory", "orders");
    assertThat(driver.<String, String>getKeyValueStore(ReleaseStores.INDEX).get("train:" + TRAIN))
        .as("a train through its last phase is no longer punctuated")
        .isNull();
  }

  /** A driver whose wall clock starts at {@code wallClock}, with TopologyTests' settings. */
  static TopologyTestDriver driverAt(String applicationId, Instant wallClock, Events e) {
    StreamsBuilder builder = new StreamsBuilder();
    new ReleaseTopology(TopologyTests.localPolicy(), e, Duration.ofSeconds(1)).define(builder);
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
    props.put(StreamsConfig.DEFAULT_KEY_SERDE_CLASS_CONFIG, Serdes.StringSerde.class);
    props.put(StreamsConfig.STATE_DIR_CONFIG, "target/ttd-state");
    props.put(
        StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
        "io.promoflow.platform.kafka.StreamsDeadLetterHandler");
    props.put(
        StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG,
        "io.promoflow.platform.kafka.StreamsDeadLetterHandler");
    props.put(
        StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG,
        "io.promoflow.platform.kafka.StreamsDeadLetterHandler");
    return new TopologyTestDriver(builder.build(), props, wallClock);
  }

  /** Copies every store of {@code from} into {@code to}: a restart restoring the changelogs. */
  static void restore(TopologyTestDriver from, TopologyTestDriver to) {
    for (String name :
        List.of(ReleaseStores.RELEASES, ReleaseStores.PLATFORM_STAGES, ReleaseStores.INDEX)) {
      KeyValueStore<String, Object> source = from.getKeyValueStore(name);
      KeyValueStore<String, Object> target = to.getKeyValueStore(name);
      try (var it = source.all()) {
        it.forEachRemaining(kv -> target.put(kv.key, kv.value));
      }
    }
  }

  /**
   * A coordinator restarted over the state of one that entered the first phases enters only the
   * phases due since, each once; the train collected before the restart is promoted on its
   * collected components; its retrospective reports what happened.
   */
  @Test
  void aRestartedCoordinatorDoesNotEnterAPhaseTwice() {
    Instant start = CALENDAR.start(PAST_TRAIN);
    List<Object> before;
    TopologyTestDriver first =
        driverAt("release-train-first", start.plus(Duration.ofDays(3)).plusSeconds(3600), events);
    TopologyTestDriver second;
    try {
      platform(first, events);
      createTrain(first, events);
      TestOutputTopic<String, ReleasesEnvelope> out = TopologyTests.output(first, Topics.RELEASES);
      first.advanceWallClockTime(Duration.ofSeconds(1));
      before = payloads(out);
      assertThat(phaseNames(before))
          .containsExactly("collection", "compatibility-analysis", "integration");
      assertThat(before.get(1)).isInstanceOf(ReleaseComponentsCollected.class);
      first.advanceWallClockTime(Duration.ofSeconds(10));
      assertThat(payloads(out)).as("staging is not due before day 4").isEmpty();

      second = driverAt("release-train-second", start.plus(Duration.ofDays(5)), events);
      restore(first, second);
    } finally {
      first.close();
    }
    try {
      TestOutputTopic<String, ReleasesEnvelope> out = TopologyTests.output(second, Topics.RELEASES);
      TestOutputTopic<String, PromotionRequestsEnvelope> sent =
          TopologyTests.output(second, Topics.PROMOTION_REQUESTS);
      second.advanceWallClockTime(Duration.ofSeconds(1));
      assertThat(payloads(out))
          .as("restarted: nothing before its input was read (quiet period)")
          .isEmpty();
      second.advanceWallClockTime(Duration.ofSeconds(6));
      assertThat(phaseNames(payloads(out)))
          .as("only the phase due since; the first three are in the restored state")
          .containsExactly("staging");

      // the collected train is promoted like any release, on its collected components
      TopologyTests.input(second, Topics.RELEASES)
          .pipeInput(
              TRAIN,
              new ReleasesEnvelope(
                  events.meta(null, null, null, "release-manager"),
                  new ReleasePromotionRequested(TRAIN, "QA", "STAGING", "release-manager", null)));
      assertThat(payloads(out)).last().isInstanceOf(ReleasePromotionStarted.class);
      assertThat(sent.readValuesToList())
          .extracting(r -> r.getMeta().getArtifact())
          .containsExactly(INVENTORY, ORDERS);

      second.advanceWallClockTime(Duration.ofDays(6));
      List<Object> after = payloads(out);
      assertThat(phaseNames(after))
          .containsExactly(
              "readiness-review", "production", "post-release-monitoring", "retrospective");
      JsonNode report =
          JsonMapper.builder()
              .build()
              .readTree(((TrainRetrospective) after.get(after.size() - 1)).getReport());
      assertThat(report.get("promotions")).hasSize(2);
      assertThat(report.get("promotions").get(0).get("stage").asString()).isEqualTo("STAGING");
      assertThat(report.get("promotions").get(0).get("outcome").asString()).isEqualTo("PENDING");
      assertThat(report.get("releaseGates")).hasSize(2);
      assertThat(report.get("phases").get(0).get("scheduledAt").asString())
          .isEqualTo(start.toString());
      second.advanceWallClockTime(Duration.ofDays(1));
      assertThat(payloads(out)).isEmpty();
      assertThat(
              second
                  .<String, ReleaseState>getKeyValueStore(ReleaseStores.RELEASES)
                  .get(TRAIN)
                  .phases())
          .extracting(ReleaseState.TrainPhase::phase)
          .doesNotHaveDuplicates()
          .hasSize(8);
    } finally {
      second.close();
    }
  }

  @Test
  void aTrainIsNotPromotedBeforeItCollectedItsComponents() {
    TopologyTestDriver d =
        driverAt("release-train-early", CALENDAR.start(PAST_TRAIN).minusSeconds(60), events);
    try {
      createTrain(d, events);
      TestOutputTopic<String, ReleasesEnvelope> out = TopologyTests.output(d, Topics.RELEASES);
      d.advanceWallClockTime(Duration.ofSeconds(10));
      assertThat(payloads(out)).as("scheduled: no phase due yet").isEmpty();
      TopologyTests.input(d, Topics.RELEASES)
          .pipeInput(
              TRAIN,
              new ReleasesEnvelope(
                  events.meta(null, null, null, "release-manager"),
                  new ReleasePromotionRequested(TRAIN, "QA", "STAGING", "release-manager", null)));
      assertThat(payloads(out)).isEmpty();
      ReleaseState train =
          d.<String, ReleaseState>getKeyValueStore(ReleaseStores.RELEASES).get(TRAIN);
      assertThat(train.promotions()).isEmpty();
      assertThat(train.timeline())
          .last()
          .extracting(ReleaseState.Step::detail)
          .asString()
          .contains("no components");
    } finally {
      d.close();
    }
  }
}
