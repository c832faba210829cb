package io.promoflow.rollback.flow;

import static org.assertj.core.api.Assertions.assertThat;

import io.promoflow.platform.events.Events;
import io.promoflow.platform.policy.PipelinePolicy;
import io.promoflow.platform.testing.TopologyTests;
import io.promoflow.schemas.Topics;
import io.promoflow.schemas.common.ArtifactRef;
import io.promoflow.schemas.promotions.PromotionsEnvelope;
import io.promoflow.schemas.promotions.StagePromoted;
import io.promoflow.schemas.requests.PromotionType;
import io.promoflow.schemas.rollbacks.RollbackDecided;
import io.promoflow.schemas.rollbacks.RollbackUnavailable;
import io.promoflow.schemas.rollbacks.RollbacksEnvelope;
import io.promoflow.schemas.verifications.BusinessImpact;
import io.promoflow.schemas.verifications.HealthReported;
import io.promoflow.schemas.verifications.VerificationFailed;
import io.promoflow.schemas.verifications.VerificationPassed;
import io.promoflow.schemas.verifications.VerificationStarted;
import io.promoflow.schemas.verifications.VerificationsEnvelope;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RollbackTopologyTest {

  TopologyTestDriver driver;
  Events events;
  TestOutputTopic<String, VerificationsEnvelope> verifications;
  TestOutputTopic<String, RollbacksEnvelope> rollbacks;

  @BeforeEach
  void start() throws Exception {
    PipelinePolicy policy = TopologyTests.localPolicy();
    events = TopologyTests.events("rollback-service");
    driver = TopologyTests.driver("rollback-test", builder -> new RollbackTopology(policy, events).define(builder));
    verifications = driver.createOutputTopic(Topics.VERIFICATIONS.name(), new StringDeserializer(), Topics.VERIFICATIONS.serde().deserializer());
    rollbacks = driver.createOutputTopic(Topics.ROLLBACKS.name(), new StringDeserializer(), Topics.ROLLBACKS.serde().deserializer());
  }

  @AfterEach
  void stop() {
    driver.close();
  }

  static ArtifactRef v(String version) {
    return new ArtifactRef("inventory", version, "sha256:" + version.replace(".", "").repeat(64).substring(0, 64));
  }

  void promote(String version, String stage) {
    driver.createInputTopic(Topics.PROMOTIONS.name(), new StringSerializer(), Topics.PROMOTIONS.serde().serializer())
        .pipeInput("inventory", new PromotionsEnvelope(events.meta(v(version), "p-" + version, null, null),
            StagePromoted.newBuilder().setPromotionType(PromotionType.AUTOMATIC).setTargetStage(stage)
                .setRequestedBy("t").setExecutor("record").build()));
  }

  void report(String version, String stage, double health, int anomalies) {
    driver.createInputTopic(Topics.VERIFICATIONS.name(), new StringSerializer(), Topics.VERIFICATIONS.serde().serializer())
        .pipeInput("inventory", new VerificationsEnvelope(events.meta(v(version), null, null, "monitor"),
            HealthReported.newBuilder().setStage(stage).setHealthScore(health).setErrorRate(0.0)
                .setCriticalAnomalies(anomalies).setBusinessImpact(BusinessImpact.LOW).build()));
  }

  @Test
  void aQuietWindowVerifiesAndAFailingReportRollsBackToTheLastVerifiedVersion() {
    promote("1.0", "QA");
    assertThat(verifications.readValue().getPayload()).isInstanceOf(VerificationStarted.class);
    report("1.0", "QA", 0.95, 0);
    driver.advanceWallClockTime(Duration.ofSeconds(4));
    VerificationPassed passed = (VerificationPassed) verifications.readValue().getPayload();
    assertThat(passed.getReportsReceived()).isEqualTo(1);

    promote("1.1", "QA");
    verifications.readValue();
    report("1.1", "QA", 0.95, 0);
    report("1.1", "QA", 0.3, 2);
    VerificationFailed failed = (VerificationFailed) verifications.readValue().getPayload();
    assertThat(failed.getRollbackScore()).isEqualTo(70);
    RollbacksEnvelope decided = rollbacks.readValue();
    assertThat(decided.getMeta().getArtifact().getVersion()).isEqualTo("1.1");
    RollbackDecided d = (RollbackDecided) decided.getPayload();
    assertThat(d.getTargetVersion()).isEqualTo("1.0");
    assertThat(d.getMode()).isEqualTo("automatic");
    // the rollback promotion brings 1.0 back; once verified again, the time to restore is recorded
    driver.createInputTopic(Topics.PROMOTIONS.name(), new StringSerializer(), Topics.PROMOTIONS.serde().serializer())
        .pipeInput("inventory", new PromotionsEnvelope(events.meta(v("1.0"), "p-rb", null, null),
            StagePromoted.newBuilder().setPromotionType(PromotionType.ROLLBACK).setTargetStage("QA")
                .setRequestedBy("t").setExecutor("record").build()));
    driver.advanceWallClockTime(Duration.ofSeconds(4));
    List<VerificationsEnvelope> afterRollback = verifications.readValuesToList();
    VerificationPassed restored = (VerificationPassed) afterRollback.get(afterRollback.size() - 1).getPayload();
    assertThat(restored.getPromotionType()).isEqualTo(PromotionType.ROLLBACK);
    assertThat(restored.getTimeToRestoreMs()).isNotNull().isGreaterThanOrEqualTo(3000L);
  }

  @Test
  void aDegradedReportDuringTheSoakRestartsItButNotAfter() {
    // local policy: QA soaks 1 s after its 3 s window; the clock here is the real one, the window is closed by the
    // driver's wall clock, so the report comes within the soak
    promote("4.0", "QA");
    driver.advanceWallClockTime(Duration.ofSeconds(4));
    List<VerificationsEnvelope> first = verifications.readValuesToList();
    assertThat(first).extracting(e -> e.getPayload().getClass().getSimpleName())
        .containsExactly("VerificationStarted", "VerificationPassed");
    report("4.0", "QA", 0.5, 0);   // below 0.8: +30, not a rollback
    List<VerificationsEnvelope> restarted = verifications.readValuesToList();
    assertThat(restarted).extracting(e -> e.getPayload().getClass().getSimpleName()).containsExactly("VerificationPassed");
    assertThat(restarted.get(0).getMeta().getOccurredAt()).isAfterOrEqualTo(first.get(1).getMeta().getOccurredAt());
    assertThat(rollbacks.isEmpty()).isTrue();
    report("4.0", "QA", 0.95, 0);   // healthy: nothing to say
    assertThat(verifications.isEmpty()).isTrue();
  }

  @Test
  void aFailedWindowNeverPassesAfterwards() {
    promote("3.0", "QA");
    report("3.0", "QA", 0.1, 2);
    driver.advanceWallClockTime(Duration.ofSeconds(10));
    assertThat(verifications.readValuesToList()).extracting(e -> e.getPayload().getClass().getSimpleName())
        .containsExactly("VerificationStarted", "VerificationFailed");
  }

  @Test
  void aVerifiedVersionThatDegradesLaterStillFailsAndRollsBack() {
    promote("1.0", "STAGING");
    driver.advanceWallClockTime(Duration.ofSeconds(4));
    promote("1.1", "STAGING");
    driver.advanceWallClockTime(Duration.ofSeconds(4));
    assertThat(verifications.readValuesToList()).extracting(e -> e.getPayload().getClass().getSimpleName())
        .containsExactly("VerificationStarted", "VerificationPassed", "VerificationStarted", "VerificationPassed");
    report("1.1", "STAGING", 0.2, 3);
    assertThat(verifications.readValue().getPayload()).isInstanceOf(VerificationFailed.class);
    assertThat(((RollbackDecided) rollbacks.readValue().getPayload()).getTargetVersion()).isEqualTo("1.0");
    report("1.0", "STAGING", 0.2, 3);
    assertThat(rollbacks.isEmpty()).as("1.0 is not what runs in STAGING").isTrue();
  }

  @Test
  void aFailedExecutionWhosePolicyAsksForItRollsTheStageBack() {
    promote("1.0", "QA");
    driver.advanceWallClockTime(Duration.ofSeconds(4));
    verifications.readValuesToList();
    TopologyTests.input(driver, Topics.PROMOTIONS).pipeInput("inventory", new PromotionsEnvelope(events.meta(v("1.1"), "p-x",
        null, null), io.promoflow.schemas.promotions.PromotionFailed.newBuilder().setTargetStage("QA").setCategory("REGISTRY")
        .setSeverity("HIGH").setAttempts(5).setReason("webhook executor failed").setRollbackRequested(true).build()));
    RollbackDecided d = (RollbackDecided) rollbacks.readValue().getPayload();
    assertThat(d.getTargetVersion()).isEqualTo("1.0");
    assertThat(d.getReasons().get(0)).contains("REGISTRY after 5 attempt(s)");
    TopologyTests.input(driver, Topics.PROMOTIONS).pipeInput("inventory", new PromotionsEnvelope(events.meta(v("1.2"), "p-y",
        null, null), io.promoflow.schemas.promotions.PromotionFailed.newBuilder().setTargetStage("QA").setCategory("REGISTRY")
        .setReason("x").build()));
    assertThat(rollbacks.isEmpty()).isTrue();
  }

  @Test
  void withoutAnEarlierVerifiedVersionTheRollbackIsUnavailable() {
    promote("2.0", "DEV");
    report("2.0", "DEV", 0.1, 1);
    assertThat(rollbacks.readValue().getPayload()).isInstanceOfSatisfying(RollbackUnavailable.class,
        u -> assertThat(u.getReason()).contains("no version other than 2.0"));
    // a report for a version that is not in its window is not assessed
    report("9.9", "DEV", 0.1, 1);
    assertThat(rollbacks.isEmpty()).isTrue();
    assertThat(verifications.readValuesToList()).extracting(e -> e.getPayload().getClass().getSimpleName())
        .isEqualTo(List.of("VerificationStarted", "VerificationFailed"));
  }
}
