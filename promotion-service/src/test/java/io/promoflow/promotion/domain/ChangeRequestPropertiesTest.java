package io.promoflow.promotion.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.promoflow.rules.policy.PipelinePolicy;
import io.promoflow.rules.policy.PolicyLoader;
import io.promoflow.rules.stage.StageLedger;
import io.promoflow.schemas.ApprovalIds;
import io.promoflow.schemas.gates.GateOutcome;
import io.promoflow.schemas.gates.GatesEvaluated;
import io.promoflow.schemas.promotions.PromotionAwaitingApproval;
import io.promoflow.schemas.promotions.PromotionExecuting;
import io.promoflow.schemas.promotions.StagePromoted;
import io.promoflow.schemas.requests.PromotionType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.statistics.Statistics;

/**
 * GitHub issue 18 point 4, where the request is consumed: whatever the request type, the gate
 * outcome and what follows (grants meeting every requirement, break-glass overrides, schedule
 * resumes), a promotion into a stage that requires a change request and names none (null or blank)
 * never asks for an approval, never executes and never enters the stage; it ends BLOCKED. Run
 * against the real {@link PromotionStateMachine} under the shipped {@code config/pipeline.yaml};
 * the oracle ("into PROD, not a rollback") is written here, independently of {@link
 * ChangeRequestRule} and the policy's default.
 */
class ChangeRequestPropertiesTest {

  /** {type, source, target, urgency}. */
  static final List<String[]> STEPS =
      List.of(
          new String[] {"MANUAL", "STAGING", "PROD", null},
          new String[] {"SCHEDULED", "STAGING", "PROD", null},
          new String[] {"AUTOMATIC", "STAGING", "PROD", null},
          new String[] {"HOTFIX", "DEV", "PROD", "CRITICAL"},
          new String[] {"HOTFIX", "STAGING", "PROD", "HIGH"},
          new String[] {"HOTFIX", "DEV", "STAGING", "HIGH"},
          new String[] {"ROLLBACK", null, "PROD", null},
          new String[] {"AUTOMATIC", "QA", "STAGING", null},
          new String[] {"MANUAL", "DEV", "QA", null});

  static final List<String> IDS = new ArrayList<>();

  static {
    IDS.add(null);
    IDS.add("");
    IDS.add("   ");
    IDS.add("CHG-0042");
  }

  static final StageLedger LEDGER =
      StageLedger.empty("inventory")
          .promoted("PROD", "1.4.1", "sha256:" + "0".repeat(64), "p0", 1)
          .promoted("STAGING", "1.4.2", "sha256:" + "a".repeat(64), "p1", 2);
  static final BuildInfo BUILD =
      new BuildInfo("b".repeat(40), "1", null, "Alice Author <alice@example.com>", 0);
  static final List<String> ALL_ROLES =
      List.of("release-manager", "platform-lead", "on-call", "team-lead", "platform-owner");

  static PipelinePolicy policy;
  static PromotionStateMachine machine;

  @BeforeContainer
  static void load() throws Exception {
    io.promoflow.schemas.AvroTrust.ensure();
    policy = PolicyLoader.load("p", Files.readString(Path.of("../config/pipeline.yaml")));
    machine = new PromotionStateMachine(policy);
  }

  @Provide
  Arbitrary<List<String>> followUps() {
    return Arbitraries.of("GRANT", "FORCE", "SCHEDULE", "RESUME").list().ofMaxSize(5);
  }

  @Property(tries = 400)
  void noPromotionEntersAStageThatRequiresAChangeRequestWithoutOne(
      @ForAll("steps") String[] step,
      @ForAll("ids") String changeRequestId,
      @ForAll GateOutcome gateOutcome,
      @ForAll("followUps") List<String> followUps) {
    boolean requires = step[2].equals("PROD") && !step[0].equals("ROLLBACK");
    boolean missing = changeRequestId == null || changeRequestId.isBlank();
    Statistics.label("case")
        .collect(requires ? (missing ? "required, missing" : "required, named") : "not required");
    Promotion p =
        Promotion.builder("p-" + step[0])
            .artifact("inventory", "1.4.2", "sha256:" + "a".repeat(64))
            .step(PromotionType.valueOf(step[0]), step[1], step[2])
            .requested("dev", 10)
            .urgency(Promotion.urgency(step[3]))
            .changeRequestId(changeRequestId)
            .policyDigest(policy.digest())
            .recordedBuild(BUILD)
            .build();
    List<Object> out = new ArrayList<>();
    Step s = machine.requested(p, 10);
    out.addAll(s.payloads());
    List<String> failed =
        gateOutcome == GateOutcome.FAILED ? List.of("coverage") : List.<String>of();
    s =
        machine.gatesEvaluated(
            s.promotion(),
            GatesEvaluated.newBuilder()
                .setOutcome(gateOutcome)
                .setScorePercent(failed.isEmpty() ? 100 : 50)
                .setMinScorePercent(90)
                .setGateCount(6)
                .setFailedGates(failed)
                .setPromotionType(PromotionType.valueOf(step[0]))
                .setSourceStage(step[1])
                .setTargetStage(step[2])
                .setRequestedBy("dev")
                .build(),
            policy.digest(),
            LEDGER,
            20);
    out.addAll(s.payloads());
    long at = 30;
    for (String f : followUps) {
      Promotion now = s.promotion();
      s =
          switch (f) {
            case "GRANT" -> machine.approvalGranted(now, grant(now), LEDGER, at);
            case "FORCE" -> machine.override(now, "FORCE", "root", "break glass", LEDGER, at);
            case "SCHEDULE" -> machine.override(now, "SCHEDULE", "root", "now", LEDGER, at);
            default -> machine.resume(now, LEDGER, at);
          };
      out.addAll(s.payloads());
      at += 10;
    }
    if (requires && missing) {
      assertThat(out)
          .as("into %s without a change request", step[2])
          .noneMatch(
              e ->
                  e instanceof StagePromoted
                      || e instanceof PromotionExecuting
                      || e instanceof PromotionAwaitingApproval);
      assertThat(s.promotion().state()).isEqualTo(PromotionState.BLOCKED);
    }
    // whatever enters a stage or asks for approval carries the change request it was asked under
    out.stream()
        .filter(e -> e instanceof StagePromoted)
        .forEach(
            e ->
                assertThat(((StagePromoted) e).getChangeRequestId())
                    .isEqualTo(missing ? null : changeRequestId));
  }

  @Property(tries = 50)
  void theRuleItselfAgreesWithTheOracle(
      @ForAll("steps") String[] step, @ForAll("ids") String changeRequestId) {
    Promotion p =
        Promotion.builder("p")
            .artifact("inventory", "1.4.2", "sha256:" + "a".repeat(64))
            .step(PromotionType.valueOf(step[0]), step[1], step[2])
            .requested("dev", 1)
            .changeRequestId(changeRequestId)
            .build();
    boolean requires = step[2].equals("PROD") && !step[0].equals("ROLLBACK");
    boolean missing = changeRequestId == null || changeRequestId.isBlank();
    assertThat(ChangeRequestRule.refusal(policy, p).isPresent()).isEqualTo(requires && missing);
  }

  /** A grant by two people holding every approver role, neither requester nor commit author. */
  static Grant grant(Promotion p) {
    List<Grant.Decision> decisions =
        List.of(
            new Grant.Decision("rita", "rita@example.com", ALL_ROLES),
            new Grant.Decision("lena", "lena@example.com", ALL_ROLES));
    return new Grant(
        ApprovalIds.of(p.promotionId()),
        p.digest(),
        p.gateResultsDigest(),
        List.of("rita", "lena"),
        decisions);
  }

  @Provide
  Arbitrary<String[]> steps() {
    return Arbitraries.of(STEPS);
  }

  @Provide
  Arbitrary<String> ids() {
    return Arbitraries.of(IDS);
  }
}
