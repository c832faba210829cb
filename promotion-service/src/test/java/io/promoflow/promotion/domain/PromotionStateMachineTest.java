package io.promoflow.promotion.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.promoflow.rules.policy.PipelinePolicy;
import io.promoflow.rules.policy.PolicyLoader;
import io.promoflow.rules.policy.Urgency;
import io.promoflow.rules.stage.StageLedger;
import io.promoflow.schemas.approvals.ApprovalExpired;
import io.promoflow.schemas.approvals.ApprovalRejected;
import io.promoflow.schemas.gates.GateOutcome;
import io.promoflow.schemas.gates.GatesEvaluated;
import io.promoflow.schemas.promotions.BlockedOutcome;
import io.promoflow.schemas.promotions.PromotionAttempted;
import io.promoflow.schemas.promotions.PromotionAwaitingApproval;
import io.promoflow.schemas.promotions.PromotionBlocked;
import io.promoflow.schemas.promotions.PromotionExecuting;
import io.promoflow.schemas.promotions.PromotionFailed;
import io.promoflow.schemas.promotions.PromotionScheduled;
import io.promoflow.schemas.promotions.StagePromoted;
import io.promoflow.schemas.requests.PromotionType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PromotionStateMachineTest {

  static PipelinePolicy policy;
  static PromotionStateMachine machine;
  static final StageLedger LEDGER =
      StageLedger.empty("inventory").promoted("PROD", "1.4.1", "sha256:old", "p0", 1);

  @BeforeAll
  static void load() throws Exception {
    io.promoflow.schemas.AvroTrust.ensure();
    policy = PolicyLoader.load("p", Files.readString(Path.of("../config/pipeline.yaml")));
    machine = new PromotionStateMachine(policy);
  }

  static Promotion promotion(String type, String from, String to) {
    return request("p1", "1.4.2", "sha256:new", type, from, to, Urgency.CRITICAL)
        .recordedBuild(BUILD)
        .build();
  }

  /** A request by {@code dev} at 0 for {@code inventory}. */
  static Promotion.Builder request(
      String id,
      String version,
      String digest,
      String type,
      String from,
      String to,
      Urgency urgency) {
    return Promotion.builder(id)
        .artifact("inventory", version, digest)
        .step(PromotionType.valueOf(type), from, to)
        .requested("dev", 0)
        .urgency(urgency)
        // production requires a change request (issue 18 point 4); ChangeRequestPropertiesTest
        // covers requests without one
        .changeRequestId("CHG-1");
  }

  static final BuildInfo BUILD =
      new BuildInfo("b".repeat(40), "1", null, "Alice Author <alice@example.com>", 0);

  /**
   * A grant for {@code p} as approval-service sends it: right id, digest and gate results, by
   * {@code deciders}.
   */
  static Grant grant(Promotion p, Grant.Decision... deciders) {
    return new Grant(
        io.promoflow.schemas.ApprovalIds.of(p.promotionId()),
        p.digest(),
        p.gateResultsDigest(),
        java.util.Arrays.stream(deciders).map(Grant.Decision::approver).toList(),
        List.of(deciders));
  }

  static Grant.Decision rm(String name) {
    return new Grant.Decision(name, name + "@example.com", List.of("release-manager"));
  }

  static GatesEvaluated gates(GateOutcome outcome, List<String> failed) {
    return GatesEvaluated.newBuilder()
        .setOutcome(outcome)
        .setScorePercent(failed.isEmpty() ? 100 : 50)
        .setMinScorePercent(90)
        .setGateCount(6)
        .setFailedGates(failed)
        .setPromotionType(PromotionType.MANUAL)
        .setTargetStage("PROD")
        .setRequestedBy("dev")
        .build();
  }

  @Test
  void productionWaitsForApprovalThenPromotesWithTheApprovers() {
    Step started = machine.requested(promotion("MANUAL", "STAGING", "PROD"), 10);
    assertThat(started.promotion().state()).isEqualTo(PromotionState.EVALUATING);
    Step waiting =
        machine.gatesEvaluated(
            started.promotion(), gates(GateOutcome.PASSED, List.of()), "sha256:policy", LEDGER, 20);
    assertThat(waiting.promotion().state()).isEqualTo(PromotionState.AWAITING_APPROVAL);
    PromotionAwaitingApproval ask = (PromotionAwaitingApproval) waiting.payloads().get(0);
    assertThat(ask.getRequiredRoles()).containsExactly("release-manager", "platform-lead");
    assertThat(ask.getQuorum()).isEqualTo(1);
    assertThat(ask.getRequestedBy()).isEqualTo("dev");
    assertThat(ask.getGateResultsDigest()).matches("sha256:[0-9a-f]{64}");
    assertThat(ask.getChangeRequestId()).isEqualTo("CHG-1");

    Step done =
        machine.approvalGranted(
            waiting.promotion(), grant(waiting.promotion(), rm("rita")), LEDGER, 30);
    assertThat(done.promotion().state()).isEqualTo(PromotionState.PROMOTED);
    assertThat(done.promotion().approvedAt()).isEqualTo(30L);
    assertThat(done.promotion().completedAt()).isEqualTo(30L);
    StagePromoted promoted = (StagePromoted) done.payloads().get(0);
    assertThat(promoted.getApprovers()).containsExactly("rita");
    assertThat(promoted.getPreviousVersion()).isEqualTo("1.4.1");
    assertThat(promoted.getChangeRequestId()).isEqualTo("CHG-1");
    assertThat(done.promotion().timeline())
        .extracting(TimelineEntry::state)
        .containsSubsequence(
            PromotionState.REQUESTED,
            PromotionState.EVALUATING,
            PromotionState.AWAITING_APPROVAL,
            PromotionState.PROMOTING,
            PromotionState.PROMOTED);
    // a late or repeated decision changes nothing
    assertThat(
            machine
                .approvalRejected(done.promotion(), new ApprovalRejected("a1", "x", "no"), 40)
                .payloads())
        .isEmpty();
  }

  @Test
  void automaticStepsPromoteWithoutApprovalAndFailedGatesBlock() {
    Promotion qa = machine.requested(promotion("AUTOMATIC", "DEV", "QA"), 1).promotion();
    Step promoted =
        machine.gatesEvaluated(
            qa, gates(GateOutcome.PASSED, List.of()), "d", StageLedger.empty("inventory"), 2);
    assertThat(promoted.promotion().state()).isEqualTo(PromotionState.PROMOTED);
    assertThat(promoted.payloads()).singleElement().isInstanceOf(StagePromoted.class);

    Step blocked =
        machine.gatesEvaluated(
            qa,
            gates(GateOutcome.FAILED, List.of("source-stage-verified")),
            "d",
            StageLedger.empty("inventory"),
            2);
    assertThat(blocked.promotion().state()).isEqualTo(PromotionState.BLOCKED);
    assertThat(((PromotionBlocked) blocked.payloads().get(0)).getFailedGates())
        .containsExactly("source-stage-verified");
  }

  @Test
  void aFailedVerificationRevokesWaitingPromotionsOfThatVersionFromOrBeyondTheStage() {
    Promotion waiting =
        machine
            .gatesEvaluated(
                machine.requested(promotion("MANUAL", "STAGING", "PROD"), 1).promotion(),
                gates(GateOutcome.PASSED, List.of()),
                "d",
                LEDGER,
                2)
            .promotion();
    Step revoked = machine.revoked(waiting, "STAGING", "1.4.2 failed verification in STAGING", 3);
    assertThat(revoked.promotion().state()).isEqualTo(PromotionState.BLOCKED);
    PromotionBlocked b = (PromotionBlocked) revoked.payloads().get(0);
    assertThat(b.getOutcome()).isEqualTo(BlockedOutcome.REVOKED);
    assertThat(b.getReason()).isEqualTo("revoked: 1.4.2 failed verification in STAGING");
    // a failure in PROD does not concern a promotion into PROD that waits; a promoted one is not
    // undone here
    assertThat(machine.revoked(waiting, "PROD", "x", 3).payloads()).isEmpty();
    Promotion qa =
        machine
            .gatesEvaluated(
                machine.requested(promotion("AUTOMATIC", "DEV", "QA"), 1).promotion(),
                gates(GateOutcome.PASSED, List.of()),
                "d",
                LEDGER,
                2)
            .promotion();
    assertThat(qa.state()).isEqualTo(PromotionState.PROMOTED);
    assertThat(machine.revoked(qa, "DEV", "x", 3).payloads()).isEmpty();
  }

  @Test
  void aNewerVersionAwaitingApprovalForTheSameStageSupersedesTheOlderRequest() {
    Promotion older =
        machine
            .gatesEvaluated(
                machine.requested(promotion("MANUAL", "STAGING", "PROD"), 1).promotion(),
                gates(GateOutcome.PASSED, List.of()),
                "d",
                LEDGER,
                2)
            .promotion();
    Promotion newer =
        request("p9", "1.5.0", "sha256:n", "MANUAL", "STAGING", "PROD", null)
            .policyDigest("d")
            .build()
            .moveTo(
                PromotionState.AWAITING_APPROVAL,
                3,
                "PromotionAwaitingApproval",
                "promotion-service",
                "awaiting");
    Step step = machine.superseded(older, newer, 4);
    assertThat(step.promotion().state()).isEqualTo(PromotionState.SUPERSEDED);
    assertThat(((PromotionBlocked) step.payloads().get(0)).getOutcome())
        .isEqualTo(BlockedOutcome.SUPERSEDED);
    assertThat(machine.superseded(newer, newer, 4).payloads()).isEmpty();
    PromotionStateMachine queueing =
        new PromotionStateMachine(
            PolicyLoader.load(
                "p",
                policyText()
                    .replace("  - name: PROD\n", "  - name: PROD\n    supersede: queue\n")));
    assertThat(queueing.superseded(older, newer, 4).payloads()).as("queue keeps both").isEmpty();
  }

  @Test
  void gatesInTheWarningBandTurnAnAutomaticStepIntoOneThatNeedsApproval() {
    Promotion qa = machine.requested(promotion("AUTOMATIC", "DEV", "QA"), 1).promotion();
    GatesEvaluated warned =
        GatesEvaluated.newBuilder(gates(GateOutcome.PASSED, List.of()))
            .setOutcome(GateOutcome.WARNED)
            .build();
    Step step = machine.gatesEvaluated(qa, warned, "d", LEDGER, 2);
    assertThat(step.promotion().state()).isEqualTo(PromotionState.AWAITING_APPROVAL);
    assertThat(((PromotionAwaitingApproval) step.payloads().get(0)).getRequiredRoles())
        .containsExactly("release-manager", "platform-lead");
  }

  @Test
  void outsideItsWindowAPromotionIsScheduledResumesWhenItOpensAndAnAdminMayBreakTheGlass() {
    PromotionStateMachine windowed =
        new PromotionStateMachine(
            PolicyLoader.load(
                "p",
                policyText()
                    .replace(
                        "  - name: QA\n",
                        "  - name: QA\n    deploymentWindows:\n      - {days: [MONDAY], from: '09:00', to: '10:00', zone: UTC}\n")));
    long saturday = java.time.Instant.parse("2026-11-21T12:00:00Z").toEpochMilli();
    Step scheduled =
        windowed.gatesEvaluated(
            windowed.requested(promotion("AUTOMATIC", "DEV", "QA"), saturday).promotion(),
            gates(GateOutcome.PASSED, List.of()),
            "d",
            LEDGER,
            saturday);
    assertThat(scheduled.promotion().state()).isEqualTo(PromotionState.SCHEDULED);
    assertThat(((PromotionScheduled) scheduled.payloads().get(0)).getNotBefore())
        .isEqualTo(java.time.Instant.parse("2026-11-23T09:00:00Z"));
    // still closed on Sunday: scheduled again; open on Monday 09:00: promoted
    long sunday = java.time.Instant.parse("2026-11-22T12:00:00Z").toEpochMilli();
    assertThat(windowed.resume(scheduled.promotion(), LEDGER, sunday).promotion().state())
        .isEqualTo(PromotionState.SCHEDULED);
    long monday = java.time.Instant.parse("2026-11-23T09:00:00Z").toEpochMilli();
    assertThat(windowed.resume(scheduled.promotion(), LEDGER, monday).promotion().state())
        .isEqualTo(PromotionState.PROMOTED);
    // break-glass: runs now, recorded with the admin and the reason
    Step forced =
        windowed.override(
            scheduled.promotion(), "SCHEDULE", "admin", "customer outage", LEDGER, sunday);
    assertThat(forced.promotion().state()).isEqualTo(PromotionState.PROMOTED);
    assertThat(forced.promotion().timeline())
        .anyMatch(t -> t.actor().equals("admin") && t.detail().contains("customer outage"));
  }

  @Test
  void onlyNonCriticalGateFailuresMayBeForced() {
    Promotion qa = machine.requested(promotion("AUTOMATIC", "DEV", "QA"), 1).promotion();
    GatesEvaluated coverageOnly =
        GatesEvaluated.newBuilder(gates(GateOutcome.FAILED, List.of("coverage"))).build();
    Promotion blocked = machine.gatesEvaluated(qa, coverageOnly, "d", LEDGER, 2).promotion();
    assertThat(blocked.state()).isEqualTo(PromotionState.BLOCKED);
    assertThat(
            machine
                .override(blocked, "FORCE", "admin", "flaky coverage tool", LEDGER, 3)
                .promotion()
                .state())
        .isEqualTo(PromotionState.PROMOTED);
    GatesEvaluated critical =
        GatesEvaluated.newBuilder(gates(GateOutcome.FAILED, List.of("vulnerabilities")))
            .setFailedCriticalGates(List.of("vulnerabilities"))
            .build();
    Promotion vulnerable = machine.gatesEvaluated(qa, critical, "d", LEDGER, 2).promotion();
    assertThat(machine.override(vulnerable, "FORCE", "admin", "please", LEDGER, 3).payloads())
        .isEmpty();
  }

  @Test
  void rejectionAndExpiryEndTheWait() {
    Promotion waiting =
        machine
            .gatesEvaluated(
                machine.requested(promotion("MANUAL", "STAGING", "PROD"), 1).promotion(),
                gates(GateOutcome.PASSED, List.of()),
                "d",
                LEDGER,
                2)
            .promotion();
    Step rejected =
        machine.approvalRejected(
            waiting, new ApprovalRejected("a", "platform-lead", "error budget spent"), 3);
    assertThat(rejected.promotion().state()).isEqualTo(PromotionState.REJECTED);
    assertThat(((PromotionBlocked) rejected.payloads().get(0)).getOutcome())
        .isEqualTo(BlockedOutcome.REJECTED);
    Step expired = machine.approvalExpired(waiting, new ApprovalExpired("a", Instant.EPOCH), 3);
    assertThat(expired.promotion().state()).isEqualTo(PromotionState.EXPIRED);
  }

  @Test
  void rollbacksAndHotfixesFollowTheirOwnApprovalRules() {
    // STAGING rolls back with approval; QA automatically
    Promotion staging = machine.requested(promotion("ROLLBACK", null, "STAGING"), 1).promotion();
    assertThat(
            machine
                .gatesEvaluated(staging, gates(GateOutcome.PASSED, List.of()), "d", LEDGER, 2)
                .promotion()
                .state())
        .isEqualTo(PromotionState.AWAITING_APPROVAL);
    Promotion qa = machine.requested(promotion("ROLLBACK", null, "QA"), 1).promotion();
    assertThat(
            machine
                .gatesEvaluated(qa, gates(GateOutcome.PASSED, List.of()), "d", LEDGER, 2)
                .promotion()
                .state())
        .isEqualTo(PromotionState.PROMOTED);
    Promotion hotfix = machine.requested(promotion("HOTFIX", "DEV", "PROD"), 1).promotion();
    Step ask = machine.gatesEvaluated(hotfix, gates(GateOutcome.PASSED, List.of()), "d", LEDGER, 2);
    assertThat(((PromotionAwaitingApproval) ask.payloads().get(0)).getRequiredRoles())
        .containsExactly("on-call");
    Promotion high =
        machine
            .requested(
                request("p2", "1.4.2", "sha256:new", "HOTFIX", "STAGING", "PROD", Urgency.HIGH)
                    .recordedBuild(BUILD)
                    .build(),
                1)
            .promotion();
    PromotionAwaitingApproval twoPeople =
        (PromotionAwaitingApproval)
            machine
                .gatesEvaluated(high, gates(GateOutcome.PASSED, List.of()), "d", LEDGER, 2)
                .payloads()
                .get(0);
    assertThat(twoPeople.getAllOf())
        .containsEntry("team-lead", 1)
        .containsEntry("platform-owner", 1);
    assertThat(twoPeople.getOnTimeout()).isEqualTo("escalate");
    assertThat(twoPeople.getEscalationRole()).isEqualTo("platform-owner");
  }

  static GatesEvaluated coverageFailed() {
    return GatesEvaluated.newBuilder(gates(GateOutcome.FAILED, List.of("coverage"))).build();
  }

  @Test
  void forcingIntoProductionWaitsForAnApprovalByOthersThanTheAdmin() {
    Promotion blocked =
        machine
            .gatesEvaluated(
                machine.requested(promotion("MANUAL", "STAGING", "PROD"), 1).promotion(),
                coverageFailed(),
                "d",
                LEDGER,
                2)
            .promotion();
    assertThat(blocked.state()).isEqualTo(PromotionState.BLOCKED);
    Step forced = machine.override(blocked, "FORCE", "root", "coverage tool is flaky", LEDGER, 3);
    assertThat(forced.promotion().state()).isEqualTo(PromotionState.AWAITING_APPROVAL);
    assertThat(forced.promotion().completedAt()).isNull();
    assertThat(forced.promotion().overriddenBy()).containsExactly("root");
    assertThat(forced.payloads())
        .singleElement()
        .isInstanceOfSatisfying(
            PromotionAwaitingApproval.class,
            ask -> {
              assertThat(ask.getExcludedApprovers()).containsExactly("root");
              assertThat(ask.getOverride()).isEqualTo("FORCE by root: coverage tool is flaky");
              assertThat(ask.getGateResultsDigest())
                  .isEqualTo(forced.promotion().gateResultsDigest());
              assertThat(ask.getRequiredRoles())
                  .containsExactly("release-manager", "platform-lead");
            });
    Promotion waiting = forced.promotion();
    // the forcer, the requester and the commit author (by e-mail or by name) may not approve
    for (Grant.Decision bad :
        List.of(
            new Grant.Decision("root", "root@example.com", List.of("release-manager")),
            new Grant.Decision("dev", "dev@example.com", List.of("release-manager")),
            new Grant.Decision("al", "ALICE@example.com", List.of("release-manager")),
            new Grant.Decision("alice", "a.other@example.com", List.of("release-manager")))) {
      Step refused = machine.approvalGranted(waiting, grant(waiting, bad), LEDGER, 4);
      assertThat(refused.payloads()).as(bad.toString()).isEmpty();
      assertThat(refused.promotion().state()).isEqualTo(PromotionState.AWAITING_APPROVAL);
      assertThat(
              refused
                  .promotion()
                  .timeline()
                  .get(refused.promotion().timeline().size() - 1)
                  .detail())
          .startsWith("grant refused: ")
          .contains("may not approve");
    }
    Step done = machine.approvalGranted(waiting, grant(waiting, rm("rita")), LEDGER, 5);
    assertThat(done.promotion().state()).isEqualTo(PromotionState.PROMOTED);
    assertThat(done.promotion().timeline())
        .anyMatch(t -> t.event().equals("PromotionOverridden") && t.actor().equals("root"));
  }

  @Test
  void aGrantIsRefusedUnlessItIsThisPromotionsOnTheseGateResultsByKnownDistinctQualifiedPeople() {
    Promotion waiting =
        machine
            .gatesEvaluated(
                machine.requested(promotion("MANUAL", "STAGING", "PROD"), 1).promotion(),
                gates(GateOutcome.PASSED, List.of()),
                "d",
                LEDGER,
                2)
            .promotion();
    Grant good = grant(waiting, rm("rita"));
    java.util.Map<String, Grant> forged = new java.util.LinkedHashMap<>();
    forged.put(
        "is not this promotion's",
        new Grant(
            "apr-other",
            good.artifactDigest(),
            good.gateResultsDigest(),
            good.approvers(),
            good.decisions()));
    forged.put(
        "granted for artifact",
        new Grant(
            good.approvalId(),
            "sha256:other",
            good.gateResultsDigest(),
            good.approvers(),
            good.decisions()));
    forged.put(
        "granted on gate results",
        new Grant(
            good.approvalId(), good.artifactDigest(), null, good.approvers(), good.decisions()));
    forged.put(
        "has no e-mail",
        grant(waiting, new Grant.Decision("rita", null, List.of("release-manager"))));
    forged.put(
        "decided twice",
        grant(
            waiting,
            rm("rita"),
            new Grant.Decision("rita2", "RITA@example.com", List.of("platform-lead"))));
    forged.put(
        "do not meet",
        grant(waiting, new Grant.Decision("dora", "dora@example.com", List.of("developer"))));
    forged.forEach(
        (why, g) -> {
          Step refused = machine.approvalGranted(waiting, g, LEDGER, 3);
          assertThat(refused.promotion().state())
              .as(why)
              .isEqualTo(PromotionState.AWAITING_APPROVAL);
          assertThat(
                  refused
                      .promotion()
                      .timeline()
                      .get(refused.promotion().timeline().size() - 1)
                      .detail())
              .contains(why);
        });
    Promotion noBuild = waiting.withBuild(null);
    Step early = machine.approvalGranted(noBuild, grant(noBuild, rm("rita")), LEDGER, 3);
    assertThat(early.promotion())
        .as("commit author unknown: not judged yet, nothing changes")
        .isEqualTo(noBuild);
    assertThat(early.awaiting()).isEqualTo("build inventory 1.4.2");
    assertThat(machine.approvalGranted(waiting, good, LEDGER, 3).promotion().state())
        .isEqualTo(PromotionState.PROMOTED);
  }

  @Test
  void aHotfixNeedsEveryAllOfRoleFilledByDifferentPeopleUnlessEscalated() {
    Promotion high =
        machine
            .gatesEvaluated(
                machine
                    .requested(
                        request(
                                "p2",
                                "1.4.2",
                                "sha256:new",
                                "HOTFIX",
                                "STAGING",
                                "PROD",
                                Urgency.HIGH)
                            .recordedBuild(BUILD)
                            .build(),
                        1)
                    .promotion(),
                gates(GateOutcome.PASSED, List.of()),
                "d",
                LEDGER,
                2)
            .promotion();
    Grant.Decision both =
        new Grant.Decision("tess", "tess@example.com", List.of("team-lead", "platform-owner"));
    Grant.Decision owner =
        new Grant.Decision("owen", "owen@example.com", List.of("platform-owner"));
    assertThat(machine.approvalGranted(high, grant(high, both), LEDGER, 3).promotion().state())
        .as("one person fills one slot")
        .isEqualTo(PromotionState.AWAITING_APPROVAL);
    assertThat(machine.approvalGranted(high, grant(high, owner), LEDGER, 3).promotion().state())
        .isEqualTo(PromotionState.AWAITING_APPROVAL);
    assertThat(
            machine.approvalGranted(high, grant(high, both, owner), LEDGER, 3).promotion().state())
        .isEqualTo(PromotionState.PROMOTED);
    Promotion escalated = machine.escalated(high, "platform-owner", 3).promotion();
    assertThat(
            machine
                .approvalGranted(escalated, grant(escalated, owner), LEDGER, 4)
                .promotion()
                .state())
        .isEqualTo(PromotionState.PROMOTED);
  }

  @Test
  void runningAScheduledProductionPromotionEarlyKeepsAValidGrantButNeverOneTheAdminGave() {
    PromotionStateMachine frozen =
        new PromotionStateMachine(
            PolicyLoader.load(
                "p",
                policyText()
                    .replace(
                        "  - name: PROD\n",
                        "  - name: PROD\n    freezes:\n      - {from: '2026-01-01T00:00:00Z', to: '2027-01-01T00:00:00Z'}\n")));
    long at = Instant.parse("2026-06-01T00:00:00Z").toEpochMilli();
    Promotion waiting =
        frozen
            .gatesEvaluated(
                frozen.requested(promotion("MANUAL", "STAGING", "PROD"), at).promotion(),
                gates(GateOutcome.PASSED, List.of()),
                "d",
                LEDGER,
                at)
            .promotion();
    Promotion scheduled =
        frozen.approvalGranted(waiting, grant(waiting, rm("rita")), LEDGER, at).promotion();
    assertThat(scheduled.state()).isEqualTo(PromotionState.SCHEDULED);
    assertThat(
            frozen
                .override(scheduled, "SCHEDULE", "root", "outage", LEDGER, at)
                .promotion()
                .state())
        .isEqualTo(PromotionState.PROMOTED);
    Step again = frozen.override(scheduled, "SCHEDULE", "rita", "outage", LEDGER, at);
    assertThat(again.promotion().state()).isEqualTo(PromotionState.AWAITING_APPROVAL);
    assertThat(again.promotion().grant()).isNull();
    assertThat(((PromotionAwaitingApproval) again.payloads().get(0)).getExcludedApprovers())
        .containsExactly("rita");
  }

  @Test
  void theProductionStageAlwaysRequiresAnApprovalEvenForAnAutomaticRollback() {
    PipelinePolicy automaticRollback =
        PolicyLoader.load(
            "p",
            policyText()
                .replace(
                    "    rollback:\n      mode: approval\n      strategy: blue_green\n      approval: {roles: [on-call], quorum: 1, timeout: PT30M}\n",
                    "    rollback: {mode: automatic, strategy: blue_green}\n"));
    assertThat(automaticRollback.stage("PROD").orElseThrow().rollback().mode())
        .isEqualTo(io.promoflow.rules.policy.RollbackPolicy.RollbackMode.automatic);
    PromotionStateMachine automatic = new PromotionStateMachine(automaticRollback);
    assertThat(automatic.requirement(promotion("ROLLBACK", null, "PROD"))).isPresent();
    Promotion rollback =
        automatic
            .gatesEvaluated(
                automatic.requested(promotion("ROLLBACK", null, "PROD"), 1).promotion(),
                gates(GateOutcome.PASSED, List.of()),
                "d",
                LEDGER,
                2)
            .promotion();
    assertThat(rollback.state()).isEqualTo(PromotionState.AWAITING_APPROVAL);
  }

  static PromotionAttempted attempt(int n, boolean ok, String category, boolean willRetry) {
    return PromotionAttempted.newBuilder()
        .setTargetStage("QA")
        .setExecutor("webhook")
        .setAttempt(n)
        .setSucceeded(ok)
        .setCategory(category)
        .setSeverity(ok ? null : willRetry ? "HIGH" : "CRITICAL")
        .setHttpStatus(ok ? 200 : 503)
        .setDurationMs(12)
        .setDetail(ok ? "answered 200" : "answered 503: busy")
        .setWillRetry(willRetry)
        .build();
  }

  @Test
  void aWebhookExecutorDecidesByItsAttemptsAndEveryAttemptIsOnTheTimeline() {
    String withWebhook =
        policyText()
            .replace(
                "    minScore: 80\n",
                "    minScore: 80\n    executor: {type: webhook, url: 'http://deploy:8080/hook', rollbackOnFailure: true}\n");
    assertThat(withWebhook).contains("deploy:8080");
    PromotionStateMachine webhooks = new PromotionStateMachine(PolicyLoader.load("p", withWebhook));
    Step executing =
        webhooks.gatesEvaluated(
            webhooks.requested(promotion("AUTOMATIC", "DEV", "QA"), 1).promotion(),
            gates(GateOutcome.PASSED, List.of()),
            "d",
            LEDGER,
            2);
    assertThat(executing.promotion().state()).isEqualTo(PromotionState.PROMOTING);
    assertThat(executing.payloads())
        .singleElement()
        .isInstanceOfSatisfying(
            PromotionExecuting.class, e -> assertThat(e.getExecutor()).isEqualTo("webhook"));

    Step retrying =
        webhooks.attempted(executing.promotion(), attempt(1, false, "REGISTRY", true), LEDGER, 3);
    assertThat(retrying.payloads()).isEmpty();
    assertThat(retrying.promotion().state()).isEqualTo(PromotionState.PROMOTING);
    Step done = webhooks.attempted(retrying.promotion(), attempt(2, true, null, false), LEDGER, 4);
    assertThat(done.promotion().state()).isEqualTo(PromotionState.PROMOTED);
    assertThat(((StagePromoted) done.payloads().get(0)).getExecutor()).isEqualTo("webhook");
    assertThat(done.promotion().timeline())
        .filteredOn(t -> t.event().equals("PromotionAttempted"))
        .extracting(TimelineEntry::detail)
        .satisfiesExactly(
            d ->
                assertThat(d)
                    .startsWith("attempt 1 failed: REGISTRY/HIGH (HTTP 503)")
                    .endsWith("retrying"),
            d -> assertThat(d).startsWith("attempt 2 succeeded"));

    Step failed =
        webhooks.attempted(
            retrying.promotion(), attempt(2, false, "AUTHENTICATION", false), LEDGER, 4);
    assertThat(failed.promotion().state()).isEqualTo(PromotionState.FAILED);
    PromotionFailed f = (PromotionFailed) failed.payloads().get(0);
    assertThat(f.getCategory()).isEqualTo("AUTHENTICATION");
    assertThat(f.getSeverity()).isEqualTo("CRITICAL");
    assertThat(f.getAttempts()).isEqualTo(2);
    assertThat(f.getLastResponse()).isEqualTo("answered 503: busy");
    assertThat(f.getRollbackRequested()).isTrue();
    // an attempt after the end changes nothing
    assertThat(
            webhooks
                .attempted(failed.promotion(), attempt(3, true, null, false), LEDGER, 5)
                .payloads())
        .isEmpty();
  }

  static String policyText() {
    try {
      return Files.readString(Path.of("../config/pipeline.yaml"));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void anApprovalIsNeitherAskedForNorJudgedBeforeTheBuildIsKnownAndABuildThatNeverCameBlocks() {
    Promotion noBuild =
        machine.requested(promotion("MANUAL", "STAGING", "PROD").withBuild(null), 1).promotion();
    Step waits =
        machine.gatesEvaluated(noBuild, gates(GateOutcome.PASSED, List.of()), "d", LEDGER, 2);
    assertThat(waits.waits()).isTrue();
    assertThat(waits.awaiting()).isEqualTo("build inventory 1.4.2");
    assertThat(waits.promotion()).as("nothing of the attempt is kept").isEqualTo(noBuild);
    assertThat(waits.payloads()).isEmpty();
    Step asks =
        machine.gatesEvaluated(
            noBuild.withBuild(BUILD), gates(GateOutcome.PASSED, List.of()), "d", LEDGER, 2);
    assertThat(((PromotionAwaitingApproval) asks.payloads().get(0)).getCommitAuthor())
        .isEqualTo("Alice Author <alice@example.com>");
    Promotion dev =
        machine.requested(promotion("AUTOMATIC", null, "DEV").withBuild(null), 1).promotion();
    Step devStep =
        machine.gatesEvaluated(dev, gates(GateOutcome.PASSED, List.of()), "d", LEDGER, 2);
    assertThat(devStep.waits()).as("no approval, no commit author needed").isFalse();
    assertThat(devStep.promotion().state())
        .isNotIn(PromotionState.EVALUATING, PromotionState.AWAITING_APPROVAL);

    Step blocked = machine.buildNeverRecorded(noBuild, 9);
    assertThat(blocked.promotion().state()).isEqualTo(PromotionState.BLOCKED);
    PromotionBlocked why = (PromotionBlocked) blocked.payloads().get(0);
    assertThat(why.getOutcome()).isEqualTo(BlockedOutcome.BLOCKED);
    assertThat(why.getReason()).isEqualTo("build inventory 1.4.2 never recorded");
    assertThat(machine.buildNeverRecorded(blocked.promotion(), 10).payloads())
        .as("an ended promotion stays")
        .isEmpty();
  }
}
