package io.promoflow.rollback.flow;

import static org.assertj.core.api.Assertions.assertThat;

import io.promoflow.platform.events.Events;
import io.promoflow.platform.testing.MutableClock;
import io.promoflow.platform.testing.TopologyTests;
import io.promoflow.rollback.adapters.prometheus.PrometheusClient;
import io.promoflow.rollback.adapters.prometheus.PrometheusSignalReader;
import io.promoflow.rollback.domain.MonitoringWindow;
import io.promoflow.rules.policy.PipelinePolicy;
import io.promoflow.rules.policy.PolicyLoader;
import io.promoflow.rules.stage.StageLedger;
import io.promoflow.schemas.Topics;
import io.promoflow.schemas.common.ArtifactRef;
import io.promoflow.schemas.common.EventMetadata;
import io.promoflow.schemas.promotions.PromotionsEnvelope;
import io.promoflow.schemas.promotions.StagePromoted;
import io.promoflow.schemas.requests.PromotionType;
import io.promoflow.schemas.rollbacks.RollbackDecided;
import io.promoflow.schemas.rollbacks.RollbackUnavailable;
import io.promoflow.schemas.rollbacks.RollbacksEnvelope;
import io.promoflow.schemas.verifications.BusinessImpact;
import io.promoflow.schemas.verifications.HealthReported;
import io.promoflow.schemas.verifications.MonitoringQueryFailed;
import io.promoflow.schemas.verifications.VerificationFailed;
import io.promoflow.schemas.verifications.VerificationInconclusive;
import io.promoflow.schemas.verifications.VerificationPassed;
import io.promoflow.schemas.verifications.VerificationRerunRequested;
import io.promoflow.schemas.verifications.VerificationStarted;
import io.promoflow.schemas.verifications.VerificationsEnvelope;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RollbackTopologyTest {

  TopologyTestDriver driver;
  PipelinePolicy policy;
  Events events;
  MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.MILLIS));
  TestOutputTopic<String, VerificationsEnvelope> verifications;
  TestOutputTopic<String, RollbacksEnvelope> rollbacks;

  @BeforeEach
  void start() {
    start(TopologyTests.localPolicy());
  }

  void start(PipelinePolicy policy) {
    this.policy = policy;
    // the service clock moves with the driver's wall clock (see advance): windows end by it
    events = new Events(clock, "rollback-service", TopologyTests.localPolicy());
    driver =
        TopologyTests.driver(
            "rollback-test", builder -> new RollbackTopology(policy, events).define(builder));
    verifications = TopologyTests.output(driver, Topics.VERIFICATIONS);
    rollbacks = TopologyTests.output(driver, Topics.ROLLBACKS);
  }

  @AfterEach
  void stop() {
    driver.close();
  }

  /**
   * Advances the service clock and the driver's wall clock together (the punctuator closes
   * windows).
   */
  void advance(Duration d) {
    clock.advance(d);
    driver.advanceWallClockTime(d);
  }

  static ArtifactRef v(String version) {
    return new ArtifactRef(
        "inventory", version, "sha256:" + version.replace(".", "").repeat(64).substring(0, 64));
  }

  void promote(String version, String stage) {
    promote(version, stage, PromotionType.AUTOMATIC, clock.instant());
  }

  /** A {@code StagePromoted} written at {@code at}, with that record timestamp. */
  void promote(String version, String stage, PromotionType type, Instant at) {
    EventMetadata meta = events.meta(v(version), "p-" + version, null, null);
    meta.setOccurredAt(at);
    TopologyTests.input(driver, Topics.PROMOTIONS)
        .pipeInput(
            "inventory",
            new PromotionsEnvelope(
                meta,
                StagePromoted.newBuilder()
                    .setPromotionType(type)
                    .setTargetStage(stage)
                    .setRequestedBy("t")
                    .setExecutor("record")
                    .build()),
            at);
  }

  void report(String version, String stage, double health, int anomalies) {
    report(version, stage, health, anomalies, clock.instant());
  }

  /** A {@code HealthReported} written at {@code at}, with that record timestamp. */
  void report(String version, String stage, double health, int anomalies, Instant at) {
    verificationInput(
        version,
        "monitor",
        HealthReported.newBuilder()
            .setStage(stage)
            .setHealthScore(health)
            .setErrorRate(0.0)
            .setCriticalAnomalies(anomalies)
            .setBusinessImpact(BusinessImpact.LOW)
            .build(),
        at);
  }

  /** The local policy with {@code verification} (a YAML flow map) added to DEV, on a new driver. */
  void restartWithDev(String verification) throws Exception {
    driver.close();
    String yaml = Files.readString(Path.of("..", "config", "pipeline-local.yaml"));
    String dev = "  - name: DEV\n    monitoringWindow: PT3S\n";
    assertThat(yaml).contains(dev);
    start(
        PolicyLoader.load(
            "local-variant", yaml.replace(dev, dev + "    verification: " + verification + "\n")));
  }

  void verificationInput(String version, String actor, SpecificRecord payload) {
    verificationInput(version, actor, payload, clock.instant());
  }

  void verificationInput(String version, String actor, SpecificRecord payload, Instant at) {
    verificationInput(version, actor, payload, at, at);
  }

  /**
   * A verification event that happened at {@code at} (its {@code occurredAt}) and was sent at
   * {@code sentAt} (the record timestamp: the producer's send time, as the HTTP publisher writes).
   */
  void verificationInput(
      String version, String actor, SpecificRecord payload, Instant at, Instant sentAt) {
    EventMetadata meta = events.meta(v(version), null, null, actor);
    meta.setOccurredAt(at);
    TopologyTests.input(driver, Topics.VERIFICATIONS)
        .pipeInput("inventory", new VerificationsEnvelope(meta, payload), sentAt);
  }

  static HealthReported healthy(String stage) {
    return HealthReported.newBuilder()
        .setStage(stage)
        .setHealthScore(0.95)
        .setErrorRate(0.0)
        .setCriticalAnomalies(0)
        .setBusinessImpact(BusinessImpact.LOW)
        .build();
  }

  /** What the changelogs restore on a new task: {@code window} and {@code ledger} of inventory. */
  void restore(MonitoringWindow window, StageLedger ledger) {
    driver
        .<String, MonitoringWindow>getKeyValueStore(RollbackTopology.WINDOWS)
        .put("inventory|" + window.stage(), window);
    driver.<String, StageLedger>getKeyValueStore(RollbackTopology.LEDGERS).put("inventory", ledger);
  }

  List<String> kinds(List<? extends SpecificRecord> envelopes) {
    return envelopes.stream().map(e -> e.get(1).getClass().getSimpleName()).toList();
  }

  @Test
  void aWindowWithAHealthyReportVerifiesAndAFailingReportRollsBackToTheLastVerifiedVersion() {
    promote("1.0", "QA");
    assertThat(verifications.readValue().getPayload()).isInstanceOf(VerificationStarted.class);
    report("1.0", "QA", 0.95, 0);
    advance(Duration.ofSeconds(6));
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
    promote("1.0", "QA", PromotionType.ROLLBACK, clock.instant());
    report("1.0", "QA", 0.95, 0);
    advance(Duration.ofSeconds(6));
    List<VerificationsEnvelope> afterRollback = verifications.readValuesToList();
    VerificationPassed restored =
        (VerificationPassed) afterRollback.get(afterRollback.size() - 1).getPayload();
    assertThat(restored.getPromotionType()).isEqualTo(PromotionType.ROLLBACK);
    assertThat(restored.getTimeToRestoreMs()).isNotNull().isGreaterThanOrEqualTo(3000L);
  }

  @Test
  void aDegradedReportDuringTheSoakRestartsItButNotAfter() {
    // local policy: QA soaks 1 s after its 3 s window, counted from VerificationPassed
    promote("4.0", "QA");
    report("4.0", "QA", 0.95, 0);
    advance(Duration.ofSeconds(6));
    List<VerificationsEnvelope> first = verifications.readValuesToList();
    assertThat(first)
        .extracting(e -> e.getPayload().getClass().getSimpleName())
        .containsExactly("VerificationStarted", "VerificationPassed");
    report("4.0", "QA", 0.5, 0); // below 0.8: +30, not a rollback
    List<VerificationsEnvelope> restarted = verifications.readValuesToList();
    assertThat(restarted)
        .extracting(e -> e.getPayload().getClass().getSimpleName())
        .containsExactly("VerificationPassed");
    assertThat(restarted.get(0).getMeta().getOccurredAt())
        .isAfterOrEqualTo(first.get(1).getMeta().getOccurredAt());
    assertThat(rollbacks.isEmpty()).isTrue();
    report("4.0", "QA", 0.95, 0); // healthy: nothing to say
    assertThat(verifications.isEmpty()).isTrue();
    advance(Duration.ofSeconds(2));
    report("4.0", "QA", 0.5, 0); // degraded, but the soak is over
    assertThat(verifications.isEmpty()).isTrue();
    assertThat(rollbacks.isEmpty()).isTrue();
  }

  @Test
  void aFailedWindowNeverPassesAfterwards() {
    promote("3.0", "QA");
    report("3.0", "QA", 0.1, 2);
    advance(Duration.ofSeconds(10));
    assertThat(verifications.readValuesToList())
        .extracting(e -> e.getPayload().getClass().getSimpleName())
        .containsExactly("VerificationStarted", "VerificationFailed");
  }

  @Test
  void aVerifiedVersionThatDegradesLaterStillFailsAndRollsBack() {
    promote("1.0", "STAGING");
    report("1.0", "STAGING", 0.95, 0);
    advance(Duration.ofSeconds(6));
    promote("1.1", "STAGING");
    report("1.1", "STAGING", 0.95, 0);
    advance(Duration.ofSeconds(6));
    assertThat(verifications.readValuesToList())
        .extracting(e -> e.getPayload().getClass().getSimpleName())
        .containsExactly(
            "VerificationStarted",
            "VerificationPassed",
            "VerificationStarted",
            "VerificationPassed");
    report("1.1", "STAGING", 0.2, 3);
    assertThat(verifications.readValue().getPayload()).isInstanceOf(VerificationFailed.class);
    assertThat(((RollbackDecided) rollbacks.readValue().getPayload()).getTargetVersion())
        .isEqualTo("1.0");
    report("1.0", "STAGING", 0.2, 3);
    assertThat(rollbacks.isEmpty()).as("1.0 is not what runs in STAGING").isTrue();
  }

  @Test
  void aFailedExecutionWhosePolicyAsksForItRollsTheStageBack() {
    promote("1.0", "QA");
    report("1.0", "QA", 0.95, 0);
    advance(Duration.ofSeconds(6));
    verifications.readValuesToList();
    TopologyTests.pipePromotion(
        driver,
        events.meta(v("1.1"), "p-x", null, null),
        io.promoflow.schemas.promotions.PromotionFailed.newBuilder()
            .setTargetStage("QA")
            .setCategory("REGISTRY")
            .setSeverity("HIGH")
            .setAttempts(5)
            .setReason("webhook executor failed")
            .setRollbackRequested(true)
            .build());
    RollbackDecided d = (RollbackDecided) rollbacks.readValue().getPayload();
    assertThat(d.getTargetVersion()).isEqualTo("1.0");
    assertThat(d.getReasons().get(0)).contains("REGISTRY after 5 attempt(s)");
    TopologyTests.pipePromotion(
        driver,
        events.meta(v("1.2"), "p-y", null, null),
        io.promoflow.schemas.promotions.PromotionFailed.newBuilder()
            .setTargetStage("QA")
            .setCategory("REGISTRY")
            .setReason("x")
            .build());
    assertThat(rollbacks.isEmpty()).isTrue();
  }

  @Test
  void withoutAnEarlierVerifiedVersionTheRollbackIsUnavailable() {
    promote("2.0", "DEV");
    report("2.0", "DEV", 0.1, 1);
    assertThat(rollbacks.readValue().getPayload())
        .isInstanceOfSatisfying(
            RollbackUnavailable.class,
            u -> assertThat(u.getReason()).contains("no version other than 2.0"));
    // a report for a version that is not in its window is not assessed
    report("9.9", "DEV", 0.1, 1);
    assertThat(rollbacks.isEmpty()).isTrue();
    assertThat(verifications.readValuesToList())
        .extracting(e -> e.getPayload().getClass().getSimpleName())
        .isEqualTo(List.of("VerificationStarted", "VerificationFailed"));
  }

  @Test
  void aQuietWindowIsInconclusiveByDefaultTheVersionStaysAndARerunWithDataVerifiesIt() {
    promote("5.0", "QA");
    advance(Duration.ofSeconds(10));
    List<VerificationsEnvelope> out = verifications.readValuesToList();
    assertThat(kinds(out)).containsExactly("VerificationStarted", "VerificationInconclusive");
    VerificationInconclusive inconclusive = (VerificationInconclusive) out.get(1).getPayload();
    assertThat(inconclusive.getStage()).isEqualTo("QA");
    assertThat(inconclusive.getReasons())
        .containsExactly("no health report and no Prometheus sample in the 3 s window");
    assertThat(rollbacks.isEmpty()).as("not rolled back").isTrue();
    StageLedger ledger =
        driver.<String, StageLedger>getKeyValueStore(RollbackTopology.LEDGERS).get("inventory");
    assertThat(ledger.in("QA").orElseThrow().verification())
        .isEqualTo(StageLedger.Verification.INCONCLUSIVE);
    assertThat(ledger.isKnownGood("QA", "5.0")).as("not promoted onward").isFalse();
    assertThat(ledger.isHeld("QA", "5.0")).isFalse();

    // a healthy report after the window does not verify it; a rerun opens a new window that does
    report("5.0", "QA", 0.95, 0);
    assertThat(verifications.isEmpty()).isTrue();
    verificationInput(
        "4.0", "monitor", new VerificationRerunRequested("QA", "not the version in QA"));
    assertThat(verifications.isEmpty()).as("a rerun of another version is ignored").isTrue();
    verificationInput(
        "5.0", "monitor", new VerificationRerunRequested("QA", "deployer reports health now"));
    assertThat(kinds(verifications.readValuesToList())).containsExactly("VerificationStarted");
    assertThat(
            driver
                .<String, StageLedger>getKeyValueStore(RollbackTopology.LEDGERS)
                .get("inventory")
                .in("QA")
                .orElseThrow()
                .verification())
        .isEqualTo(StageLedger.Verification.PENDING);
    report("5.0", "QA", 0.95, 0);
    advance(Duration.ofSeconds(6));
    VerificationPassed passed = (VerificationPassed) verifications.readValue().getPayload();
    assertThat(passed.getReportsReceived()).isEqualTo(1);
    assertThat(passed.getPromotionType()).isEqualTo(PromotionType.AUTOMATIC);
  }

  @Test
  void aBreachAfterAnInconclusiveWindowStillFailsTheVersion() {
    promote("6.0", "QA");
    advance(Duration.ofSeconds(6));
    verifications.readValuesToList();
    report("6.0", "QA", 0.1, 2);
    assertThat(verifications.readValue().getPayload()).isInstanceOf(VerificationFailed.class);
    assertThat(rollbacks.readValue().getPayload()).isInstanceOf(RollbackUnavailable.class);
  }

  @Test
  void onNoDataFailFailsAQuietWindowAndRollsTheStageBack() throws Exception {
    restartWithDev("{onNoData: fail}");
    promote("1.0", "DEV");
    report("1.0", "DEV", 0.95, 0);
    advance(Duration.ofSeconds(6));
    promote("1.1", "DEV");
    advance(Duration.ofSeconds(6));
    List<VerificationsEnvelope> out = verifications.readValuesToList();
    assertThat(kinds(out))
        .containsExactly(
            "VerificationStarted",
            "VerificationPassed",
            "VerificationStarted",
            "VerificationFailed");
    VerificationFailed failed = (VerificationFailed) out.get(3).getPayload();
    assertThat(failed.getRollbackScore()).isEqualTo(70);
    assertThat(failed.getReasons())
        .containsExactly("no health report and no Prometheus sample in the 3 s window");
    RollbackDecided d = (RollbackDecided) rollbacks.readValue().getPayload();
    assertThat(d.getTargetVersion()).isEqualTo("1.0");
    assertThat(d.getUrgency()).isEqualTo("HIGH");
  }

  @Test
  void onNoDataPassIsAnExplicitOptIn() throws Exception {
    restartWithDev("{onNoData: pass}");
    promote("1.0", "DEV");
    advance(Duration.ofSeconds(6));
    List<VerificationsEnvelope> out = verifications.readValuesToList();
    assertThat(kinds(out)).containsExactly("VerificationStarted", "VerificationPassed");
    assertThat(((VerificationPassed) out.get(1).getPayload()).getReportsReceived()).isZero();
    assertThat(rollbacks.isEmpty()).isTrue();
  }

  @Test
  void unreachablePrometheusRecordsEachFailedQueryAndTheWindowEndsInconclusive() throws Exception {
    restartWithDev(
        "{prometheus: {interval: PT1S, signals: {healthScore: 'app_health{app=\"{application}\"}', "
            + "errorRate: 'app_errors{app=\"{application}\"}'}}}");
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    PrometheusSignalReader reader =
        new PrometheusSignalReader(
            new PrometheusClient("http://127.0.0.1:" + closedPort, Duration.ofSeconds(2)));
    promote("7.0", "DEV");
    MonitoringWindow window =
        driver
            .<String, MonitoringWindow>getKeyValueStore(RollbackTopology.WINDOWS)
            .get("inventory|DEV");
    List<SpecificRecord> read =
        reader.read(window, policy.stage("DEV").orElseThrow().verification().prometheus());
    assertThat(read)
        .hasSize(2)
        .allSatisfy(
            p ->
                assertThat(p)
                    .isInstanceOfSatisfying(
                        MonitoringQueryFailed.class,
                        f ->
                            assertThat(f.getError())
                                .startsWith("ConnectException")
                                .contains("127.0.0.1:" + closedPort)));
    assertThat(read)
        .extracting(p -> ((MonitoringQueryFailed) p).getSignal())
        .containsExactly("errorRate", "healthScore");
    read.forEach(p -> verificationInput("7.0", "prometheus", p));
    // a pushed healthy report does not make up for a stage whose Prometheus signals never answered
    report("7.0", "DEV", 0.95, 0);
    advance(Duration.ofSeconds(6));
    List<VerificationsEnvelope> out = verifications.readValuesToList();
    assertThat(kinds(out)).containsExactly("VerificationStarted", "VerificationInconclusive");
    VerificationInconclusive inconclusive = (VerificationInconclusive) out.get(1).getPayload();
    assertThat(inconclusive.getReasons())
        .singleElement()
        .asString()
        .startsWith(
            "every Prometheus query failed or returned nothing: errorRate: ConnectException")
        .contains("; healthScore: ConnectException");
    assertThat(rollbacks.isEmpty()).isTrue();
  }

  /**
   * The poller's rate limit lives in the window (issue 14, point 1): the topology records the
   * newest Prometheus result, so any instance that owns the window next, with no memory of earlier
   * polls, waits the stage's interval.
   */
  @Test
  void thePrometheusIntervalIsKeptInTheWindowSoANewOwnerDoesNotPollEarly() throws Exception {
    restartWithDev(
        "{prometheus: {interval: PT1S, signals: {healthScore: 'app_health{app=\"{application}\"}'}}}");
    promote("7.0", "DEV");
    MonitoringWindow opened =
        driver
            .<String, MonitoringWindow>getKeyValueStore(RollbackTopology.WINDOWS)
            .get("inventory|DEV");
    assertThat(opened.polledAt()).isNull();
    assertThat(
            io.promoflow.rollback.adapters.prometheus.PrometheusPoller.due(
                opened, null, clock.millis(), 1000))
        .isTrue();
    Instant readAt = clock.instant();
    verificationInput(
        "7.0", "prometheus", new MonitoringQueryFailed("DEV", "healthScore", "no series"), readAt);
    clock.advance(Duration.ofMillis(100));
    report("7.0", "DEV", 0.95, 0);
    MonitoringWindow polled =
        driver
            .<String, MonitoringWindow>getKeyValueStore(RollbackTopology.WINDOWS)
            .get("inventory|DEV");
    assertThat(polled.polledAt())
        .as("a pushed report is not a poll")
        .isEqualTo(readAt.toEpochMilli());
    // a new owner (no memory of its own: publishedAt null) decides from the store alone
    assertThat(
            io.promoflow.rollback.adapters.prometheus.PrometheusPoller.due(
                polled, null, readAt.toEpochMilli() + 999, 1000))
        .isFalse();
    assertThat(
            io.promoflow.rollback.adapters.prometheus.PrometheusPoller.due(
                polled, null, readAt.toEpochMilli() + 1000, 1000))
        .isTrue();
    // this instance's own newer publish only defers, until the store shows it
    assertThat(
            io.promoflow.rollback.adapters.prometheus.PrometheusPoller.due(
                polled, readAt.toEpochMilli() + 500, readAt.toEpochMilli() + 1000, 1000))
        .isFalse();
  }

  // --- issue 11: decisions independent of arrival order and of processing time ---

  @Test
  void aReportReadBeforeItsStagePromotedIsAppliedWhenTheWindowOpens() {
    Instant promotedAt = clock.instant();
    // after a restart the verifications topic is read first: the report is written after the
    // promotion it is about
    report("1.0", "QA", 0.95, 0, promotedAt.plusMillis(500));
    assertThat(verifications.isEmpty()).as("no window yet: held, not dropped").isTrue();
    assertThat(
            driver
                .<String, HeldSignals>getKeyValueStore(RollbackTopology.HELD)
                .get("inventory|QA|1.0")
                .signals())
        .hasSize(1);
    promote("1.0", "QA", PromotionType.AUTOMATIC, promotedAt);
    assertThat(kinds(verifications.readValuesToList())).containsExactly("VerificationStarted");
    assertThat(
            driver
                .<String, HeldSignals>getKeyValueStore(RollbackTopology.HELD)
                .get("inventory|QA|1.0"))
        .isNull();
    advance(Duration.ofSeconds(6));
    VerificationPassed passed = (VerificationPassed) verifications.readValue().getPayload();
    assertThat(passed.getReportsReceived())
        .as("the held report counts: not a window without data")
        .isEqualTo(1);
  }

  @Test
  void aBreachReadBeforeItsStagePromotedFailsTheWindowWhenItOpens() {
    Instant promotedAt = clock.instant();
    report("2.0", "QA", 0.1, 2, promotedAt.plusMillis(200));
    promote("2.0", "QA", PromotionType.AUTOMATIC, promotedAt);
    assertThat(kinds(verifications.readValuesToList()))
        .containsExactly("VerificationStarted", "VerificationFailed");
    assertThat(rollbacks.readValue().getPayload()).isInstanceOf(RollbackUnavailable.class);
  }

  @Test
  void aReportAboutAnOlderVersionIsNeverAppliedToTheNewerOne() {
    Instant t0 = clock.instant();
    promote("1.0", "QA", PromotionType.AUTOMATIC, t0);
    promote("1.1", "QA", PromotionType.AUTOMATIC, t0.plusSeconds(1));
    // a breach of 1.0 written while 1.0 ran, read after 1.1 arrived: about 1.0, dropped
    report("1.0", "QA", 0.1, 2, t0.plusMillis(500));
    // a report of 1.1 written before 1.1 entered QA is about an earlier time of the stage: dropped
    // as well
    report("1.1", "QA", 0.1, 2, t0.plusMillis(600));
    assertThat(
            driver
                .<String, HeldSignals>getKeyValueStore(RollbackTopology.HELD)
                .get("inventory|QA|1.0"))
        .isNull();
    // a report of 1.0 written while 1.1 runs is not 1.1's either: held for a 1.0 window, which
    // never opens
    report("1.0", "QA", 0.1, 2, t0.plusSeconds(2));
    report("1.1", "QA", 0.95, 0, t0.plusSeconds(2));
    assertThat(
            driver
                .<String, HeldSignals>getKeyValueStore(RollbackTopology.HELD)
                .get("inventory|QA|1.0")
                .signals())
        .hasSize(1);
    advance(Duration.ofSeconds(10));
    List<VerificationsEnvelope> out = verifications.readValuesToList();
    assertThat(kinds(out))
        .containsExactly("VerificationStarted", "VerificationStarted", "VerificationPassed");
    assertThat(out.get(2).getMeta().getArtifact().getVersion()).isEqualTo("1.1");
    assertThat(((VerificationPassed) out.get(2).getPayload()).getReportsReceived()).isEqualTo(1);
    assertThat(rollbacks.isEmpty()).isTrue();
    assertThat(
            driver
                .<String, HeldSignals>getKeyValueStore(RollbackTopology.HELD)
                .get("inventory|QA|1.0"))
        .as("expired after QA's monitoring window")
        .isNull();
  }

  @Test
  void aWindowDoesNotCloseWhileTheInputIsBehind() {
    Instant t0 = clock.instant();
    promote("3.0", "QA", PromotionType.AUTOMATIC, t0);
    verifications.readValuesToList();
    // past the window's end by the clock, but the task read nothing written after it and was not
    // quiet for 5 s
    // (InputProgress): a restart with a backlog; before, the window closed here without data
    advance(Duration.ofSeconds(4));
    assertThat(verifications.isEmpty())
        .as("not closed while the input may still hold its reports")
        .isTrue();
    // the backlog: a report written inside the window, then a record written after its end
    report("3.0", "QA", 0.95, 0, t0.plusSeconds(2));
    verificationInput(
        "9.0",
        "monitor",
        HealthReported.newBuilder()
            .setStage("DEV")
            .setHealthScore(1.0)
            .setErrorRate(0.0)
            .setCriticalAnomalies(0)
            .setBusinessImpact(BusinessImpact.LOW)
            .build(),
        t0.plusSeconds(4));
    assertThat(verifications.isEmpty()).isTrue();
    advance(Duration.ofMillis(600));
    VerificationPassed passed = (VerificationPassed) verifications.readValue().getPayload();
    assertThat(passed.getReportsReceived()).isEqualTo(1);
    assertThat(passed.getWindowStartedAt()).isEqualTo(t0);
  }

  /**
   * Liveness (chaos run of session 3, docs/performance.md): the last window written to a partition
   * gets no later record that would move the stream time past its end; it still closes, once the
   * task read nothing for {@code InputProgress.QUIET}, and passes with the report it counted.
   */
  @Test
  void aWindowWithNoLaterRecordOnItsPartitionStillClosesOnceTheInputIsQuiet() {
    Instant t0 = clock.instant();
    promote("7.0", "QA", PromotionType.AUTOMATIC, t0);
    report("7.0", "QA", 0.95, 0, t0.plusSeconds(1));
    assertThat(kinds(verifications.readValuesToList())).containsExactly("VerificationStarted");
    // the last record was read at t0 (the clock did not move while piping): quiet from t0 + 5 s
    advance(Duration.ofMillis(4_500));
    assertThat(verifications.isEmpty())
        .as("quiet for less than 5 s: input may still come")
        .isTrue();
    advance(Duration.ofMillis(1_000));
    VerificationPassed passed = (VerificationPassed) verifications.readValue().getPayload();
    assertThat(passed.getReportsReceived()).isEqualTo(1);
    assertThat(passed.getWindowStartedAt()).isEqualTo(t0);
  }

  /**
   * Liveness across a restart or a task migration: the windows and ledgers come back from their
   * changelogs, the input position and the stream time are the new task's own (here: nothing read
   * yet), and the punctuator is scheduled again by the new processor's {@code init}. A window
   * restored open after its end closes on the new task without any new input, as the uninterrupted
   * run would have closed it; before the restarted task was quiet for {@code InputProgress.QUIET}
   * it waits, since its backlog may still hold reports of the window.
   */
  @Test
  void aWindowRestoredOpenAfterItsEndClosesOnTheRestartedTaskWithoutNewInput() {
    Instant t0 = clock.instant();
    promote("8.0", "QA", PromotionType.AUTOMATIC, t0);
    report("8.0", "QA", 0.95, 0, t0.plusSeconds(1));
    MonitoringWindow open =
        driver
            .<String, MonitoringWindow>getKeyValueStore(RollbackTopology.WINDOWS)
            .get("inventory|QA");
    StageLedger ledger =
        driver.<String, StageLedger>getKeyValueStore(RollbackTopology.LEDGERS).get("inventory");
    assertThat(open.isOpen()).isTrue();
    assertThat(open.reports()).isEqualTo(1);
    // killed before its punctuator ran; restarted 2 min later (a loaded machine's JVM start)
    driver.close();
    clock.advance(Duration.ofMinutes(2));
    start();
    restore(open, ledger);
    advance(Duration.ofSeconds(4));
    assertThat(verifications.isEmpty())
        .as("a restarted task does not decide before its backlog could be read")
        .isTrue();
    advance(Duration.ofSeconds(2));
    VerificationPassed passed = (VerificationPassed) verifications.readValue().getPayload();
    assertThat(passed.getReportsReceived()).isEqualTo(1);
    assertThat(passed.getWindowStartedAt()).isEqualTo(t0);
    assertThat(
            driver
                .<String, StageLedger>getKeyValueStore(RollbackTopology.LEDGERS)
                .get("inventory")
                .in("QA")
                .orElseThrow()
                .verification())
        .isEqualTo(StageLedger.Verification.PASSED);
  }

  /**
   * Liveness with a backlog after a restart: the restored window's end lies behind records the new
   * task reads at once (the other applications' events on the partition); the first record written
   * after its end closes it, no quiet period needed, and a report of the window read from the
   * backlog first still counts.
   */
  @Test
  void aWindowRestoredOpenClosesWhenTheRestartedTaskReadsPastItsEnd() {
    Instant t0 = clock.instant();
    promote("9.0", "QA", PromotionType.AUTOMATIC, t0);
    MonitoringWindow open =
        driver
            .<String, MonitoringWindow>getKeyValueStore(RollbackTopology.WINDOWS)
            .get("inventory|QA");
    StageLedger ledger =
        driver.<String, StageLedger>getKeyValueStore(RollbackTopology.LEDGERS).get("inventory");
    driver.close();
    clock.advance(Duration.ofMinutes(2));
    start();
    restore(open, ledger);
    // the backlog: the report written inside the window, then a record written after its end
    report("9.0", "QA", 0.95, 0, t0.plusSeconds(2));
    report("9.1", "DEV", 0.95, 0, t0.plusSeconds(30));
    advance(Duration.ofMillis(600));
    VerificationPassed passed = (VerificationPassed) verifications.readValue().getPayload();
    assertThat(passed.getReportsReceived()).isEqualTo(1);
  }

  /**
   * The chaos run of session 4 (40 kills, docs/performance.md): two deployers' reports made inside
   * a window were sent about a second later, after its end (the HTTP publisher's record timestamp
   * is its send time). The first one read, about another version, moved the task's stream time past
   * the window's end and the window closed inconclusive before its own report, already written, was
   * read. Whether the input was read up to the end is judged on the events' time, the window's own
   * time axis, not on the records' send times.
   */
  @Test
  void aReportMadeInsideTheWindowButSentAfterItsEndStillCounts() {
    Instant t0 = clock.instant();
    promote("4.0", "QA", PromotionType.AUTOMATIC, t0);
    verifications.readValuesToList();
    Instant sent = t0.plusMillis(4_300);
    verificationInput("4.1", "ci", healthy("DEV"), t0.plusMillis(2_900), sent);
    clock.advance(Duration.ofMillis(3_500));
    driver.advanceWallClockTime(Duration.ofMillis(3_500));
    assertThat(verifications.isEmpty())
        .as("nothing read so far happened after the window's end")
        .isTrue();
    verificationInput("4.0", "ci", healthy("QA"), t0.plusMillis(2_950), sent.plusMillis(200));
    // something that happened after the end: the input was read up to it
    verificationInput("4.1", "ci", healthy("DEV"), t0.plusMillis(3_100), sent.plusMillis(300));
    advance(Duration.ofMillis(600));
    VerificationPassed passed = (VerificationPassed) verifications.readValue().getPayload();
    assertThat(passed.getReportsReceived()).isEqualTo(1);
  }

  @Test
  void theWindowAndTheLedgerUseTheEventsTimeNotTheTimeOfProcessing() {
    Instant promotedAt = clock.instant().minus(Duration.ofMinutes(10));
    promote("4.0", "QA", PromotionType.AUTOMATIC, promotedAt);
    StageLedger ledger =
        driver.<String, StageLedger>getKeyValueStore(RollbackTopology.LEDGERS).get("inventory");
    assertThat(ledger.in("QA").orElseThrow().promotedAt()).isEqualTo(promotedAt.toEpochMilli());
    MonitoringWindow w =
        driver
            .<String, MonitoringWindow>getKeyValueStore(RollbackTopology.WINDOWS)
            .get("inventory|QA");
    assertThat(w.startedAt()).isEqualTo(promotedAt.toEpochMilli());
    assertThat(w.endsAt()).isEqualTo(promotedAt.plusSeconds(3).toEpochMilli());
    VerificationStarted started = (VerificationStarted) verifications.readValue().getPayload();
    assertThat(started.getWindowEndsAt()).isEqualTo(promotedAt.plusSeconds(3));
    // a report written now is after the window: it does not verify it
    report("4.0", "QA", 0.95, 0);
    advance(Duration.ofSeconds(6));
    assertThat(kinds(verifications.readValuesToList())).containsExactly("VerificationInconclusive");
  }

  @Test
  void heldReportsAreBoundedPerVersion() {
    Instant t = clock.instant();
    for (int i = 0; i < HeldSignals.MAX + 5; i++) {
      report("5.0", "QA", 0.95, 0, t.plusMillis(i));
    }
    assertThat(
            driver
                .<String, HeldSignals>getKeyValueStore(RollbackTopology.HELD)
                .get("inventory|QA|5.0")
                .signals())
        .hasSize(HeldSignals.MAX);
  }

  @Test
  void aFailedExecutionRollsBackToAVersionWhoseWindowEndedBeforeItEvenIfNotYetClosed() {
    Instant t0 = clock.instant();
    promote("1.0", "QA", PromotionType.AUTOMATIC, t0);
    report("1.0", "QA", 0.95, 0, t0.plusSeconds(1));
    // read before any punctuation: 1.0's window (ended at t0 + 3 s) is decided first, so it is the
    // target
    EventMetadata meta = events.meta(v("1.1"), "p-x", null, null);
    meta.setOccurredAt(t0.plusSeconds(5));
    TopologyTests.input(driver, Topics.PROMOTIONS)
        .pipeInput(
            "inventory",
            new PromotionsEnvelope(
                meta,
                io.promoflow.schemas.promotions.PromotionFailed.newBuilder()
                    .setTargetStage("QA")
                    .setCategory("REGISTRY")
                    .setSeverity("HIGH")
                    .setAttempts(1)
                    .setReason("x")
                    .setRollbackRequested(true)
                    .build()),
            t0.plusSeconds(5));
    assertThat(kinds(verifications.readValuesToList()))
        .containsExactly("VerificationStarted", "VerificationPassed");
    assertThat(((RollbackDecided) rollbacks.readValue().getPayload()).getTargetVersion())
        .isEqualTo("1.0");
  }
}
