package io.promoflow.trigger.flow;

import static org.assertj.core.api.Assertions.assertThat;

import io.promoflow.platform.events.Events;
import io.promoflow.platform.kafka.DeadLetters;
import io.promoflow.platform.testing.TopologyTests;
import io.promoflow.rules.policy.PipelinePolicy;
import io.promoflow.schemas.Topics;
import io.promoflow.schemas.builds.BuildCompleted;
import io.promoflow.schemas.builds.BuildsEnvelope;
import io.promoflow.schemas.common.ArtifactRef;
import io.promoflow.schemas.requests.PromotionRequested;
import io.promoflow.schemas.requests.PromotionRequestsEnvelope;
import io.promoflow.schemas.requests.PromotionType;
import io.promoflow.schemas.rollbacks.RollbackDecided;
import io.promoflow.schemas.rollbacks.RollbacksEnvelope;
import io.promoflow.schemas.verifications.VerificationPassed;
import io.promoflow.schemas.verifications.VerificationsEnvelope;
import io.promoflow.trigger.domain.TriggerRules;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TriggerTopologyTest {

  static final ArtifactRef V1 = new ArtifactRef("inventory", "1.4.2", "sha256:" + "a".repeat(64));
  TopologyTestDriver driver;
  Events events;
  TestInputTopic<String, BuildsEnvelope> builds;
  TestInputTopic<String, VerificationsEnvelope> verifications;
  TestInputTopic<String, RollbacksEnvelope> rollbacks;
  TestOutputTopic<String, PromotionRequestsEnvelope> requests;

  @BeforeEach
  void start() throws Exception {
    PipelinePolicy policy = TopologyTests.localPolicy();
    events = TopologyTests.events("trigger-service");
    driver =
        TopologyTests.driver(
            "trigger-test",
            builder ->
                new TriggerTopology(policy, events, new PromotionRequests(events)).define(builder));
    builds = TopologyTests.input(driver, Topics.BUILDS);
    verifications = TopologyTests.input(driver, Topics.VERIFICATIONS);
    rollbacks = TopologyTests.input(driver, Topics.ROLLBACKS);
    requests = TopologyTests.output(driver, Topics.PROMOTION_REQUESTS);
  }

  @AfterEach
  void stop() {
    driver.close();
  }

  BuildsEnvelope build(ArtifactRef artifact) {
    return new BuildsEnvelope(
        events.meta(artifact, null, null, "ci"),
        BuildCompleted.newBuilder()
            .setSourceCommit("b".repeat(40))
            .setPipelineRunId("1")
            .setBuildFinishedAt(Instant.now())
            .build());
  }

  @Test
  void aNewBuildIsRequestedIntoTheFirstStageOnce() {
    BuildsEnvelope build = build(V1);
    builds.pipeInput("inventory", build);
    builds.pipeInput("inventory", build(V1));
    builds.pipeInput(
        "inventory", build(new ArtifactRef("inventory", "1.4.2", "sha256:" + "f".repeat(64))));
    List<PromotionRequestsEnvelope> out = requests.readValuesToList();
    assertThat(out).hasSize(1);
    PromotionRequested r = (PromotionRequested) out.get(0).getPayload();
    assertThat(r.getTargetStage()).isEqualTo("DEV");
    assertThat(r.getSourceStage()).isNull();
    assertThat(r.getType()).isEqualTo(PromotionType.AUTOMATIC);
    assertThat(out.get(0).getMeta().getCausationId()).isEqualTo(build.getMeta().getEventId());
    assertThat(out.get(0).getMeta().getPromotionId()).isNotBlank();
  }

  /**
   * The consumer-side check behind the HTTP intake's store read (issue 14, point 1): two instances,
   * or one retry sent before the store caught up, may both publish a build; the first
   * BuildCompleted of a version wins, an identical repeat is ignored and another digest is refused,
   * so the version enters DEV once, with the first digest.
   */
  @Test
  void repeatsPublishedBeforeTheStoreCaughtUpAreIgnoredOrRefusedAndTheFirstBuildIsKept() {
    BuildsEnvelope first = build(V1);
    ((BuildCompleted) first.getPayload()).setDeliveryId("delivery-1");
    BuildsEnvelope retry = build(V1);
    ((BuildCompleted) retry.getPayload()).setDeliveryId("delivery-1");
    BuildsEnvelope rebuilt =
        build(new ArtifactRef("inventory", "1.4.2", "sha256:" + "f".repeat(64)));
    ((BuildCompleted) rebuilt.getPayload()).setDeliveryId("delivery-2");
    builds.pipeInput("inventory", first);
    builds.pipeInput("inventory", retry);
    builds.pipeInput("inventory", rebuilt);
    builds.pipeInput("inventory", first);
    List<PromotionRequestsEnvelope> out = requests.readValuesToList();
    assertThat(out)
        .singleElement()
        .satisfies(
            r -> assertThat(r.getMeta().getCausationId()).isEqualTo(first.getMeta().getEventId()));
    org.apache.kafka.streams.state.KeyValueStore<String, io.promoflow.trigger.domain.BuildRecord>
        store = driver.getKeyValueStore(TriggerTopology.BUILDS);
    assertThat(store.get("inventory|1.4.2").digest()).isEqualTo(V1.getDigest());
    assertThat(store.get("inventory|1.4.2").eventId()).isEqualTo(first.getMeta().getEventId());
    org.apache.kafka.streams.state.KeyValueStore<String, String> deliveries =
        driver.getKeyValueStore(TriggerTopology.DELIVERIES);
    assertThat(deliveries.get("delivery-1")).isEqualTo("inventory|1.4.2");
    assertThat(deliveries.get("delivery-2")).as("a refused rebuild records no delivery").isNull();
  }

  @Test
  void aVerifiedVersionMovesOnOnlyWhereTheTransitionIsAutomatic() {
    verifications.pipeInput("inventory", passed("DEV", PromotionType.AUTOMATIC));
    verifications.pipeInput("inventory", passed("STAGING", PromotionType.AUTOMATIC));
    verifications.pipeInput("inventory", passed("QA", PromotionType.ROLLBACK));
    driver.advanceWallClockTime(java.time.Duration.ofSeconds(5));
    List<PromotionRequestsEnvelope> out = requests.readValuesToList();
    assertThat(out).hasSize(1);
    PromotionRequested r = (PromotionRequested) out.get(0).getPayload();
    assertThat(r.getSourceStage()).isEqualTo("DEV");
    assertThat(r.getTargetStage()).isEqualTo("QA");
  }

  @Test
  void theNextStageIsRequestedOnlyAfterTheSoakTimeAndNotAfterAFailure() {
    // local policy: QA soaks for 1 s
    verifications.pipeInput("inventory", passed("QA", PromotionType.AUTOMATIC));
    assertThat(requests.isEmpty()).isTrue();
    driver.advanceWallClockTime(java.time.Duration.ofSeconds(2));
    assertThat(requests.isEmpty())
        .as("due, but the input may still hold a failure: not read up to the due time")
        .isTrue();
    driver.advanceWallClockTime(java.time.Duration.ofSeconds(4));
    PromotionRequested r = (PromotionRequested) requests.readValue().getPayload();
    assertThat(r.getTargetStage()).isEqualTo("STAGING");

    verifications.pipeInput("inventory", passed("QA", PromotionType.AUTOMATIC));
    verifications.pipeInput(
        "inventory",
        new VerificationsEnvelope(
            events.meta(V1, "p", null, null),
            new io.promoflow.schemas.verifications.VerificationFailed(
                "QA", 100, List.of("health 0.1"))));
    driver.advanceWallClockTime(java.time.Duration.ofSeconds(6));
    assertThat(requests.isEmpty()).isTrue();
  }

  @Test
  void aDueRequestIsReleasedOnceTheInputWasReadPastItsDueTime() {
    verifications.pipeInput("inventory", passed("QA", PromotionType.AUTOMATIC), Instant.now());
    // a later record (STAGING->PROD is manual: no request of its own) moves the task's stream time
    // past the due time
    verifications.pipeInput(
        "inventory", passed("STAGING", PromotionType.AUTOMATIC), Instant.now().plusSeconds(3));
    // the driver's wall clock started when it was built, before the record's (real) time: advance
    // past the due time (1 s soak) with room for a slow set-up, yet under the 5 s quiet period, so
    // the release comes from stream time alone
    driver.advanceWallClockTime(java.time.Duration.ofMillis(4500));
    PromotionRequested r = (PromotionRequested) requests.readValue().getPayload();
    assertThat(r.getTargetStage()).isEqualTo("STAGING");
  }

  @Test
  void aRollbackDecisionBecomesARollbackPromotionOfTheKnownGoodVersion() {
    rollbacks.pipeInput(
        "inventory",
        new RollbacksEnvelope(
            events.meta(V1, null, null, null),
            new RollbackDecided(
                "QA",
                "1.4.1",
                "sha256:" + "c".repeat(64),
                "automatic",
                "immediate",
                100,
                List.of("health 0.2"),
                "CRITICAL")));
    rollbacks.pipeInput(
        "inventory",
        new RollbacksEnvelope(
            events.meta(V1, null, null, null),
            new RollbackDecided(
                "QA",
                "1.4.1",
                "sha256:" + "c".repeat(64),
                "manual",
                "immediate",
                100,
                List.of("health 0.2"),
                "CRITICAL")));
    List<PromotionRequestsEnvelope> out = requests.readValuesToList();
    assertThat(out).hasSize(1);
    assertThat(out.get(0).getMeta().getArtifact().getVersion()).isEqualTo("1.4.1");
    PromotionRequested r = (PromotionRequested) out.get(0).getPayload();
    assertThat(r.getType()).isEqualTo(PromotionType.ROLLBACK);
    assertThat(r.getTargetStage()).isEqualTo("QA");
  }

  @Test
  void aRollbackRequestedByAPersonIsRequestedInTheirName() {
    rollbacks.pipeInput(
        "inventory",
        new RollbacksEnvelope(
            events.meta(V1, null, null, "oncall"),
            new RollbackDecided(
                "PROD",
                "1.4.1",
                "sha256:" + "c".repeat(64),
                TriggerRules.REQUESTED,
                "blue_green",
                100,
                List.of("requested by oncall: outage"),
                "HIGH")));
    PromotionRequested r = (PromotionRequested) requests.readValue().getPayload();
    assertThat(r.getRequestedBy())
        .as("the on-call who asked, so they cannot approve it")
        .isEqualTo("oncall");
    assertThat(r.getType()).isEqualTo(PromotionType.ROLLBACK);
  }

  @Test
  void anUndecodableRecordGoesToTheDeadLetterTopicAndProcessingContinues() {
    TestInputTopic<String, byte[]> raw =
        driver.createInputTopic(
            Topics.BUILDS.name(), new StringSerializer(), new ByteArraySerializer());
    raw.pipeInput("inventory", "garbage".getBytes());
    builds.pipeInput("inventory", build(V1));
    TestOutputTopic<String, byte[]> dlt =
        driver.createOutputTopic(
            Topics.BUILDS.deadLetterName(), new StringDeserializer(), new ByteArrayDeserializer());
    TestRecord<String, byte[]> dead = dlt.readRecord();
    assertThat(new String(dead.value())).isEqualTo("garbage");
    assertThat(new String(dead.headers().lastHeader(DeadLetters.REASON).value()))
        .contains("BuildsEnvelope");
    assertThat(requests.readValuesToList()).hasSize(1);
  }

  VerificationsEnvelope passed(String stage, PromotionType type) {
    return new VerificationsEnvelope(
        events.meta(V1, "p", null, null),
        VerificationPassed.newBuilder()
            .setStage(stage)
            .setWindowStartedAt(Instant.now())
            .setPromotionType(type)
            .build());
  }

  @Test
  void evidenceOfABuildIsCountedInlineAndUploadedForItsLimits() {
    io.promoflow.schemas.builds.EvidenceRef doc =
        new io.promoflow.schemas.builds.EvidenceRef(
            "junit-xml",
            "c".repeat(64),
            1000L,
            java.util.Map.of("tests.total", 3.0, "tests.failed", 0.0),
            java.util.Map.of());
    BuildsEnvelope build = build(V1);
    ((BuildCompleted) build.getPayload()).setEvidence(List.of(doc, doc));
    builds.pipeInput("inventory", build);
    builds.pipeInput(
        "inventory",
        new BuildsEnvelope(
            events.meta(V1, null, null, "ci"),
            new io.promoflow.schemas.builds.EvidenceSubmitted(List.of(doc))));
    // evidence for another digest of the version counts nowhere
    builds.pipeInput(
        "inventory",
        new BuildsEnvelope(
            events.meta(
                new ArtifactRef("inventory", "1.4.2", "sha256:" + "f".repeat(64)),
                null,
                null,
                "ci"),
            new io.promoflow.schemas.builds.EvidenceSubmitted(List.of(doc))));
    org.apache.kafka.streams.state.KeyValueStore<String, io.promoflow.trigger.domain.BuildRecord>
        store = driver.getKeyValueStore(TriggerTopology.BUILDS);
    io.promoflow.trigger.domain.BuildRecord recorded = store.get("inventory|1.4.2");
    assertThat(recorded.evidenceDocuments()).isEqualTo(3);
    assertThat(recorded.evidenceBytes()).isEqualTo(3000L);
    assertThat(recorded.evidenceMetrics()).isEqualTo(6);
  }
}
