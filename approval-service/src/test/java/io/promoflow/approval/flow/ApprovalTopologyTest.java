package io.promoflow.approval.flow;

import static org.assertj.core.api.Assertions.assertThat;

import io.promoflow.platform.events.Events;
import io.promoflow.platform.kafka.DeadLetters;
import io.promoflow.platform.testing.MutableClock;
import io.promoflow.platform.testing.TopologyTests;
import io.promoflow.schemas.Topics;
import io.promoflow.schemas.approvals.ApprovalDecisionRecorded;
import io.promoflow.schemas.approvals.ApprovalDecisionRef;
import io.promoflow.schemas.approvals.ApprovalExpired;
import io.promoflow.schemas.approvals.ApprovalGranted;
import io.promoflow.schemas.approvals.ApprovalRequested;
import io.promoflow.schemas.approvals.ApprovalsEnvelope;
import io.promoflow.schemas.approvals.Decision;
import io.promoflow.schemas.common.ArtifactRef;
import io.promoflow.schemas.common.EventMetadata;
import io.promoflow.schemas.promotions.PromotionAwaitingApproval;
import io.promoflow.schemas.promotions.PromotionsEnvelope;
import io.promoflow.schemas.requests.PromotionType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
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
  TestOutputTopic<String, byte[]> deadLetters;

  /**
   * The service's clock, moved by the tests; starts with the driver's wall clock, which runs the
   * timers.
   */
  final MutableClock clock = new MutableClock(Instant.ofEpochMilli(System.currentTimeMillis()));

  @BeforeEach
  void start() throws Exception {
    events = new Events(clock, "approval-service", TopologyTests.localPolicy());
    driver =
        TopologyTests.driver(
            "approval-test", builder -> new ApprovalTopology(events).define(builder));
    clock.set(
        Instant.ofEpochMilli(System.currentTimeMillis())); // not before the driver's wall clock
    approvalsIn = TopologyTests.input(driver, Topics.APPROVALS);
    approvalsOut = TopologyTests.output(driver, Topics.APPROVALS);
    deadLetters =
        driver.createOutputTopic(
            Topics.APPROVALS.deadLetterName(),
            new StringDeserializer(),
            new ByteArrayDeserializer());
  }

  @AfterEach
  void stop() {
    driver.close();
  }

  ApprovalRequested ask(String promotionId, long timeoutMs) {
    return ask(promotionId, "dev", timeoutMs);
  }

  ApprovalRequested ask(String promotionId, String requestedBy, long timeoutMs) {
    TopologyTests.pipePromotion(
        driver,
        events.meta(V, promotionId, null, null),
        PromotionAwaitingApproval.newBuilder()
            .setPromotionType(PromotionType.MANUAL)
            .setSourceStage("STAGING")
            .setTargetStage("PROD")
            .setRequestedBy(requestedBy)
            .setCommitAuthor("Author@Example.com")
            .setRequiredRoles(List.of("release-manager", "platform-lead", "on-call"))
            .setQuorum(1)
            .setTimeoutMs(timeoutMs)
            .setGateSummary("6/6")
            .setGateResultsDigest("sha256:" + "g".repeat(64))
            .setExcludedApprovers(List.of("admin"))
            .setOverride("force by admin: hotfix of the outage")
            .setChangeRequestId("CHG-42")
            .build());
    return (ApprovalRequested) approvalsOut.readValue().getPayload();
  }

  void decide(String approvalId, String who, String role) {
    decide("p1", approvalId, who, role);
  }

  void decide(String promotionId, String approvalId, String who, String role) {
    approvalsIn.pipeInput(
        "inventory",
        new ApprovalsEnvelope(
            events.meta(V, promotionId, null, who),
            new ApprovalDecisionRecorded(
                approvalId,
                who,
                List.of(role),
                Decision.APPROVE,
                null,
                who + "@promoflow.local",
                null)));
  }

  @Test
  void theRequesterCannotGrantAndAnotherApproverCan() {
    ApprovalRequested requested = ask("p1", 60_000);
    assertThat(requested.getApprovalId()).isEqualTo(ApprovalTopology.approvalIdOf("p1"));
    decide(requested.getApprovalId(), "dev", "release-manager");
    assertThat(approvalsOut.readValuesToList()).isEmpty();
    decide(requested.getApprovalId(), "release-manager", "release-manager");
    ApprovalsEnvelope granted = approvalsOut.readValue();
    ApprovalGranted grant = (ApprovalGranted) granted.getPayload();
    assertThat(grant.getApprovers()).containsExactly("release-manager");
    assertThat(grant.getGateResultsDigest()).isEqualTo("sha256:" + "g".repeat(64));
    assertThat(grant.getDecisions())
        .containsExactly(
            new ApprovalDecisionRef(
                "release-manager",
                "release-manager@promoflow.local",
                List.of("release-manager"),
                null));
    assertThat(granted.getMeta().getPromotionId()).isEqualTo("p1");
  }

  /**
   * The controller no longer remembers decisions per instance (issue 14, point 1): a double click,
   * or one click on each of two instances, publishes the same approver's decision twice; the
   * topology applies it once and dead-letters the repeat with the reason, so it never counts twice
   * toward the quorum.
   */
  @Test
  void theSameApproversSecondDecisionCountsOnceAndIsDeadLetteredWithTheReason() {
    TopologyTests.pipePromotion(
        driver,
        events.meta(V, "p1", null, null),
        PromotionAwaitingApproval.newBuilder()
            .setPromotionType(PromotionType.MANUAL)
            .setSourceStage("STAGING")
            .setTargetStage("PROD")
            .setRequestedBy("dev")
            .setCommitAuthor("Author@Example.com")
            .setRequiredRoles(List.of("release-manager", "platform-lead"))
            .setQuorum(2)
            .setTimeoutMs(60_000)
            .setGateSummary("6/6")
            .setGateResultsDigest("sha256:" + "g".repeat(64))
            .build());
    String approvalId = ((ApprovalRequested) approvalsOut.readValue().getPayload()).getApprovalId();
    decide(approvalId, "release-manager", "release-manager");
    decide(approvalId, "release-manager", "release-manager");
    assertThat(approvalsOut.readValuesToList()).as("one approval of two: no grant").isEmpty();
    assertThat(refusals()).singleElement().asString().contains("release-manager already decided");
    decide(approvalId, "platform-lead", "platform-lead");
    ApprovalGranted grant = (ApprovalGranted) approvalsOut.readValue().getPayload();
    assertThat(grant.getApprovers()).containsExactly("release-manager", "platform-lead");
  }

  @Test
  void theRequestCarriesExclusionsAndTheOverrideAndExcludedApproversCannotDecide() {
    ApprovalRequested requested = ask("p1", 60_000);
    assertThat(requested.getExcludedApprovers()).containsExactly("admin");
    assertThat(requested.getOverride()).isEqualTo("force by admin: hotfix of the outage");
    assertThat(requested.getChangeRequestId()).isEqualTo("CHG-42");
    assertThat(requested.getGateResultsDigest()).isEqualTo("sha256:" + "g".repeat(64));
    decide(requested.getApprovalId(), "admin", "release-manager");
    assertThat(approvalsOut.isEmpty()).as("the admin who forced it cannot approve it").isTrue();
    approvalsIn.pipeInput(
        "inventory",
        new ApprovalsEnvelope(
            events.meta(V, "p1", null, "author"),
            new ApprovalDecisionRecorded(
                requested.getApprovalId(),
                "author",
                List.of("release-manager"),
                Decision.APPROVE,
                null,
                "AUTHOR@example.COM",
                null)));
    assertThat(approvalsOut.isEmpty())
        .as("the commit author, recognised by e-mail, cannot approve it")
        .isTrue();
    approvalsIn.pipeInput(
        "inventory",
        new ApprovalsEnvelope(
            events.meta(V, "p1", null, "nomail"),
            new ApprovalDecisionRecorded(
                requested.getApprovalId(),
                "nomail",
                List.of("release-manager"),
                Decision.APPROVE,
                null,
                null,
                null)));
    assertThat(approvalsOut.isEmpty())
        .as("without an e-mail nobody can show they did not author the commit")
        .isTrue();
    decide(requested.getApprovalId(), "platform-lead", "platform-lead");
    assertThat(((ApprovalGranted) approvalsOut.readValue().getPayload()).getApprovers())
        .containsExactly("platform-lead");
  }

  @Test
  void theOnCallWhoRequestedARollbackCannotApproveIt() {
    ApprovalRequested requested = ask("p-rollback", "oncall", 60_000);
    assertThat(requested.getRequestedBy()).isEqualTo("oncall");
    decide("p-rollback", requested.getApprovalId(), "oncall", "on-call");
    assertThat(approvalsOut.isEmpty())
        .as("the requester of the rollback cannot approve it")
        .isTrue();
    decide("p-rollback", requested.getApprovalId(), "oncall-2", "on-call");
    assertThat(((ApprovalGranted) approvalsOut.readValue().getPayload()).getApprovers())
        .containsExactly("oncall-2");
  }

  @Test
  void aDecisionCountsOnlyOnTheApprovalOfItsOwnPromotion() {
    ApprovalRequested first = ask("p1", 60_000);
    ApprovalRequested second = ask("p2", 60_000);
    decide("p1", "apr-unknown", "release-manager", "release-manager");
    decide("p1", second.getApprovalId(), "release-manager", "release-manager");
    assertThat(approvalsOut.isEmpty())
        .as("unknown id, or a decision on p1 replayed under p2's approval id")
        .isTrue();
    approvalsIn.pipeInput(
        "inventory",
        new ApprovalsEnvelope(
            events.meta(V, "p1", null, "someone-else"),
            new ApprovalDecisionRecorded(
                first.getApprovalId(),
                "release-manager",
                List.of("release-manager"),
                Decision.APPROVE,
                null,
                "release-manager@promoflow.local",
                null)));
    approvalsIn.pipeInput(
        "inventory",
        new ApprovalsEnvelope(
            events.meta(
                new ArtifactRef("inventory", "1.4.2", "sha256:" + "b".repeat(64)),
                "p1",
                null,
                "release-manager"),
            new ApprovalDecisionRecorded(
                first.getApprovalId(),
                "release-manager",
                List.of("release-manager"),
                Decision.APPROVE,
                null,
                "release-manager@promoflow.local",
                null)));
    assertThat(approvalsOut.isEmpty())
        .as("written by someone else than the approver, or on another artifact")
        .isTrue();
    assertThat(
            ((io.promoflow.approval.domain.Approval)
                    driver.getKeyValueStore(ApprovalTopology.APPROVALS).get(second.getApprovalId()))
                .decisions())
        .isEmpty();
    decide("p2", second.getApprovalId(), "release-manager", "release-manager");
    ApprovalsEnvelope granted = approvalsOut.readValue();
    assertThat(granted.getMeta().getPromotionId()).isEqualTo("p2");
    decide("p2", second.getApprovalId(), "platform-lead", "platform-lead");
    assertThat(approvalsOut.isEmpty()).as("a granted approval takes no more decisions").isTrue();
  }

  /** A decision by {@code who} on p1's approval, recorded (occurredAt) at {@code recordedAt}. */
  ApprovalsEnvelope decisionAt(String promotionId, String who, long recordedAt) {
    return new ApprovalsEnvelope(
        EventMetadata.newBuilder(events.meta(V, promotionId, null, who))
            .setOccurredAt(Instant.ofEpochMilli(recordedAt))
            .build(),
        new ApprovalDecisionRecorded(
            ApprovalTopology.approvalIdOf(promotionId),
            who,
            List.of(who),
            Decision.APPROVE,
            null,
            who + "@promoflow.local",
            null));
  }

  /** The service clock and the driver's wall clock (which fires the timer) move together. */
  void advance(Duration d) {
    clock.advance(d);
    driver.advanceWallClockTime(d);
  }

  /** The reasons of the decisions refused so far ({@code promoflow.approvals.v1.dlt}). */
  List<String> refusals() {
    return deadLetters.readRecordsToList().stream()
        .map(
            r ->
                new String(
                    r.headers().lastHeader(DeadLetters.REASON).value(),
                    java.nio.charset.StandardCharsets.UTF_8))
        .toList();
  }

  @Test
  void aDecisionRecordedBeforeTheDeadlineAndReadAfterItGrantsWhileTheInputIsBehind() {
    ApprovalRequested requested = ask("p1", 2_000);
    long askedAt = clock.millis();
    long deadline = requested.getExpiresAt().toEpochMilli();
    assertThat(deadline).isEqualTo(askedAt + 2_000);
    // the approver decided at +1 s; the record waits in the backlog (e.g. approval-service
    // restarted) while the
    // clock passes the deadline and the deadline plus the quiet period; the task still reads older
    // records
    TestInputTopic<String, PromotionsEnvelope> promotions =
        TopologyTests.input(driver, Topics.PROMOTIONS);
    for (int i = 0; i < 8; i++) {
      advance(Duration.ofMillis(900));
      promotions.pipeInput(
          "inventory",
          new PromotionsEnvelope(
              events.meta(V, "other-" + i, null, null),
              new io.promoflow.schemas.promotions.PromotionBlocked(
                  "QA",
                  io.promoflow.schemas.promotions.BlockedOutcome.REVOKED,
                  "backlog",
                  List.of())),
          Instant.ofEpochMilli(askedAt + 100 + i));
    }
    assertThat(clock.millis()).isGreaterThan(deadline + 5_000);
    assertThat(approvalsOut.readValuesToList())
        .as("no reminder and no expiry while the input is behind")
        .isEmpty();

    approvalsIn.pipeInput(
        "inventory",
        decisionAt("p1", "release-manager", askedAt + 1_000),
        Instant.ofEpochMilli(askedAt + 1_000));
    assertThat(approvalsOut.readValue().getPayload())
        .as("recorded in time, read late: granted")
        .isInstanceOf(ApprovalGranted.class);
    advance(Duration.ofSeconds(10));
    assertThat(approvalsOut.readValuesToList()).as("a granted approval never expires").isEmpty();
    assertThat(
            ((io.promoflow.approval.domain.Approval)
                    driver
                        .getKeyValueStore(ApprovalTopology.APPROVALS)
                        .get(requested.getApprovalId()))
                .status())
        .isEqualTo(io.promoflow.approval.domain.ApprovalStatus.GRANTED);
  }

  @Test
  void theTimerStepsOnlyOnceTheInputWasReadUpToTheDeadlineAndUsesTheStoredDeadline() {
    ApprovalRequested requested = ask("p1", 2_000);
    long deadline = requested.getExpiresAt().toEpochMilli();
    advance(Duration.ofMillis(2_500));
    assertThat(approvalsOut.isEmpty())
        .as("the last record was read 2.5 s ago: the input may be behind")
        .isTrue();
    // a record stamped after the deadline was read: everything recorded before it was read too
    approvalsIn.pipeInput(
        "inventory",
        new ApprovalsEnvelope(
            events.meta(V, "p9", null, null),
            new io.promoflow.schemas.approvals.ApprovalReminded("x", List.of(), Instant.EPOCH)),
        Instant.ofEpochMilli(deadline));
    advance(Duration.ofSeconds(1));
    List<Object> steps =
        approvalsOut.readValuesToList().stream()
            .map(ApprovalsEnvelope::getPayload)
            .map(Object.class::cast)
            .toList();
    assertThat(steps)
        .hasSize(1)
        .first()
        .isInstanceOf(io.promoflow.schemas.approvals.ApprovalReminded.class);
    advance(Duration.ofSeconds(1));
    ApprovalExpired expired = (ApprovalExpired) approvalsOut.readValue().getPayload();
    assertThat(expired.getExpiredAt().toEpochMilli())
        .as("the stored deadline, not the tick's time")
        .isEqualTo(deadline);
    // recorded after the deadline (a clock ahead on another instance): refused with a record
    approvalsIn.pipeInput("inventory", decisionAt("p1", "release-manager", deadline + 1));
    assertThat(approvalsOut.isEmpty()).isTrue();
    assertThat(refusals()).singleElement().asString().contains("is EXPIRED");
  }

  @Test
  void aClaimedFutureTimeGainsNothing() {
    ApprovalRequested requested = ask("p2", 60_000);
    approvalsIn.pipeInput(
        "inventory", decisionAt("p2", "release-manager", clock.millis() + 3_600_000));
    assertThat(approvalsOut.readValue().getPayload())
        .as("counted at the time it was read")
        .isInstanceOf(ApprovalGranted.class);
    io.promoflow.approval.domain.Approval a =
        (io.promoflow.approval.domain.Approval)
            driver.getKeyValueStore(ApprovalTopology.APPROVALS).get(requested.getApprovalId());
    assertThat(a.decisions())
        .singleElement()
        .satisfies(d -> assertThat(d.at()).isEqualTo(clock.millis()));
  }

  @Test
  void aDecisionReadBeforeItsRequestWaitsForIt() {
    approvalsIn.pipeInput("inventory", decisionAt("p1", "release-manager", clock.millis()));
    assertThat(approvalsOut.isEmpty()).isTrue();
    assertThat(refusals()).isEmpty();
    ask("p1", 60_000);
    assertThat(approvalsOut.readValue().getPayload())
        .as("applied once its request was read")
        .isInstanceOf(ApprovalGranted.class);

    approvalsIn.pipeInput("inventory", decisionAt("p-never", "release-manager", clock.millis()));
    advance(Duration.ofSeconds(3));
    assertThat(refusals()).as("it waits while the input may be behind").isEmpty();
    advance(Duration.ofSeconds(3));
    assertThat(refusals())
        .singleElement()
        .asString()
        .contains("unknown approval", "input is drained");
    assertThat(approvalsOut.isEmpty()).isTrue();
  }

  @Test
  void whileTheCommitAuthorIsUnknownNoDecisionGrantsAndTheRefusalIsRecorded() {
    TopologyTests.pipePromotion(
        driver,
        events.meta(V, "p-anon", null, null),
        PromotionAwaitingApproval.newBuilder()
            .setPromotionType(PromotionType.MANUAL)
            .setSourceStage("STAGING")
            .setTargetStage("PROD")
            .setRequestedBy("dev")
            .setCommitAuthor(null)
            .setRequiredRoles(List.of("release-manager"))
            .setQuorum(1)
            .setTimeoutMs(60_000)
            .setGateSummary("6/6")
            .setGateResultsDigest("sha256:" + "g".repeat(64))
            .build());
    assertThat(approvalsOut.readValue().getPayload()).isInstanceOf(ApprovalRequested.class);
    approvalsIn.pipeInput("inventory", decisionAt("p-anon", "release-manager", clock.millis()));
    assertThat(approvalsOut.isEmpty())
        .as("a grant promotion-service would refuse is never issued")
        .isTrue();
    assertThat(refusals())
        .singleElement()
        .asString()
        .contains("commit author unknown: no one can be shown independent of the change");
    approvalsIn.pipeInput(
        "inventory",
        new ApprovalsEnvelope(
            events.meta(V, "p-anon", null, "platform-lead"),
            new ApprovalDecisionRecorded(
                ApprovalTopology.approvalIdOf("p-anon"),
                "platform-lead",
                List.of("release-manager"),
                Decision.REJECT,
                "rebuild with the author recorded",
                "pl@promoflow.local",
                null)));
    assertThat(approvalsOut.readValue().getPayload())
        .as("a rejection stops it")
        .isInstanceOf(io.promoflow.schemas.approvals.ApprovalRejected.class);
  }

  @Test
  void aPromotionThatEndsWithoutItsApprovalVoidsIt() {
    ApprovalRequested requested = ask("p3", 60_000);
    TopologyTests.pipePromotion(
        driver,
        events.meta(V, "p3", null, null),
        new io.promoflow.schemas.promotions.PromotionBlocked(
            "PROD",
            io.promoflow.schemas.promotions.BlockedOutcome.REVOKED,
            "revoked: 1.4.2 failed verification in STAGING",
            List.of()));
    io.promoflow.schemas.approvals.ApprovalVoided voided =
        (io.promoflow.schemas.approvals.ApprovalVoided) approvalsOut.readValue().getPayload();
    assertThat(voided.getApprovalId()).isEqualTo(requested.getApprovalId());
    assertThat(voided.getReason()).contains("failed verification in STAGING");
    decide(requested.getApprovalId(), "release-manager", "release-manager");
    assertThat(approvalsOut.isEmpty()).as("a voided approval grants nothing").isTrue();
  }

  @Test
  void anUndecidedApprovalExpiresByItselfOnceTheQuietInputWasReadPastTheDeadline() {
    ask("p2", 2_000);
    advance(Duration.ofSeconds(1));
    assertThat(approvalsOut.isEmpty()).isTrue();
    advance(Duration.ofSeconds(5));
    assertThat(approvalsOut.readValue().getPayload())
        .as("quiet for 5 s: reminded")
        .isInstanceOf(io.promoflow.schemas.approvals.ApprovalReminded.class);
    assertThat(approvalsOut.isEmpty()).as("the deadline is not 5 s ago yet").isTrue();
    advance(Duration.ofSeconds(1));
    assertThat(approvalsOut.readValue().getPayload()).isInstanceOf(ApprovalExpired.class);
  }

  /** Asks for an approval of {@code quorum} release managers, as part of {@code release}. */
  ApprovalRequested askQuorum(
      String promotionId, int quorum, io.promoflow.schemas.common.ReleaseRef release) {
    TopologyTests.pipePromotion(
        driver,
        events.meta(V, promotionId, null, null),
        PromotionAwaitingApproval.newBuilder()
            .setPromotionType(PromotionType.MANUAL)
            .setSourceStage("STAGING")
            .setTargetStage("PROD")
            .setRequestedBy("dev")
            .setCommitAuthor("Author@Example.com")
            .setRequiredRoles(List.of("release-manager"))
            .setQuorum(quorum)
            .setTimeoutMs(60_000)
            .setGateSummary("6/6")
            .setGateResultsDigest("sha256:" + "g".repeat(64))
            .setRelease(release)
            .build());
    return (ApprovalRequested) approvalsOut.readValue().getPayload();
  }

  void decideVia(String promotionId, String approvalId, String who, String via) {
    approvalsIn.pipeInput(
        "inventory",
        new ApprovalsEnvelope(
            events.meta(V, promotionId, null, who),
            new ApprovalDecisionRecorded(
                approvalId,
                who,
                List.of("release-manager"),
                Decision.APPROVE,
                null,
                who + "@promoflow.local",
                via)));
  }

  @Test
  void theReleaseIsCopiedIntoTheApprovalRequestAndKeptWithTheApproval() {
    io.promoflow.schemas.common.ReleaseRef release =
        new io.promoflow.schemas.common.ReleaseRef(
            "rel-1", "2026.47.0", "PLATFORM_MINOR", List.of("inventory", "billing"));
    ApprovalRequested requested = askQuorum("p1", 1, release);
    assertThat(requested.getRelease()).isEqualTo(release);
    assertThat(
            driver
                .<String, io.promoflow.approval.domain.Approval>getKeyValueStore(
                    ApprovalTopology.APPROVALS)
                .get(requested.getApprovalId())
                .release())
        .isEqualTo(io.promoflow.approval.domain.Release.of(release));
    assertThat(askQuorum("p2", 1, null).getRelease()).isNull();
  }

  @Test
  void atMostOneDelegatedDecisionCountsTowardAQuorum() {
    ApprovalRequested requested = askQuorum("p1", 2, null);
    String id = requested.getApprovalId();
    // whoever holds the delegation credential speaks for two mapped people: the second is refused
    decideVia("p1", id, "rita", "slack");
    decideVia("p1", id, "lena", "slack");
    assertThat(approvalsOut.readValuesToList()).as("no grant from the credential alone").isEmpty();
    assertThat(refusals())
        .singleElement()
        .asString()
        .contains("at most one decision per approval may come through a delegated channel");
    // a second approver with their own credential completes the quorum; the grant says which came
    // through the delegated channel
    decideVia("p1", id, "lena", null);
    ApprovalGranted grant = (ApprovalGranted) approvalsOut.readValue().getPayload();
    assertThat(grant.getDecisions())
        .extracting(ApprovalDecisionRef::getApprover, ApprovalDecisionRef::getVia)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("rita", "slack"),
            org.assertj.core.groups.Tuple.tuple("lena", null));
  }
}
