package io.promoflow.rules.gates;

import static org.assertj.core.api.Assertions.assertThat;

import io.promoflow.rules.policy.PipelinePolicy;
import io.promoflow.rules.policy.PolicyLoader;
import io.promoflow.rules.stage.StageLedger;
import io.promoflow.schemas.common.ArtifactRef;
import io.promoflow.schemas.requests.PromotionType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class EligibilityRulesTest {

  static final String D = "sha256:" + "a".repeat(64);
  static final ArtifactRef V = new ArtifactRef("inventory", "1.4.2", D);
  static final BuildFacts BUILD = new BuildFacts(D, "b".repeat(40), "9876", 1000);
  static PipelinePolicy policy;
  static EligibilityRules rules;

  @BeforeAll
  static void load() throws Exception {
    policy = PolicyLoader.load("p", Files.readString(Path.of("../config/pipeline.yaml")));
    rules = new EligibilityRules(policy);
  }

  static StageLedger verifiedIn(String stage, long at) {
    return StageLedger.empty("inventory")
        .promoted(stage, "1.4.2", D, "p", at - 10)
        .verificationPassed(stage, "1.4.2", D, at);
  }

  static EligibilityRequest request(
      ArtifactRef a,
      PromotionType type,
      String from,
      String to,
      BuildFacts b,
      StageLedger l,
      long now) {
    return new EligibilityRequest(a, type, from, to, null, b, l, now);
  }

  static List<String> failed(EligibilityRequest r) {
    return rules.evaluate(r).stream().filter(x -> !x.passed()).map(RuleResult::gate).toList();
  }

  @Test
  void aNewBuildEntersTheFirstStage() {
    assertThat(
            failed(
                request(
                    V,
                    PromotionType.AUTOMATIC,
                    null,
                    "DEV",
                    BUILD,
                    StageLedger.empty("inventory"),
                    2000)))
        .isEmpty();
  }

  @Test
  void mutableVersionsRebuildsAndUnknownBuildsAreRefused() {
    ArtifactRef latest = new ArtifactRef("inventory", "latest", D);
    assertThat(
            failed(
                request(
                    latest,
                    PromotionType.AUTOMATIC,
                    null,
                    "DEV",
                    BUILD,
                    StageLedger.empty("i"),
                    0)))
        .containsExactly("immutable-version");
    ArtifactRef rebuilt = new ArtifactRef("inventory", "1.4.2", "sha256:" + "e".repeat(64));
    assertThat(
            rules
                .immutable(
                    request(
                        rebuilt,
                        PromotionType.AUTOMATIC,
                        null,
                        "DEV",
                        BUILD,
                        StageLedger.empty("i"),
                        0))
                .reason())
        .contains("rebuilds are not promoted");
    assertThat(
            failed(
                request(V, PromotionType.AUTOMATIC, null, "DEV", null, StageLedger.empty("i"), 0)))
        .containsExactly("immutable-artifact", "traceable");
    assertThat(
            failed(
                request(
                    new ArtifactRef("i", "1.0", "sha256:abc"),
                    PromotionType.AUTOMATIC,
                    null,
                    "DEV",
                    BUILD,
                    StageLedger.empty("i"),
                    0)))
        .contains("immutable-artifact");
  }

  @Test
  void untraceableBuildsAreRefused() {
    assertThat(
            failed(
                request(
                    V,
                    PromotionType.AUTOMATIC,
                    null,
                    "DEV",
                    new BuildFacts(D, "", "1", 1),
                    StageLedger.empty("i"),
                    0)))
        .containsExactly("traceable");
    assertThat(
            failed(
                request(
                    V,
                    PromotionType.AUTOMATIC,
                    null,
                    "DEV",
                    new BuildFacts(D, "b".repeat(40), " ", 1),
                    StageLedger.empty("i"),
                    0)))
        .containsExactly("traceable");
  }

  @Test
  void theSourceStageMustHaveVerifiedTheVersionAndItsSoakTimeElapsed() {
    // QA soaks for 1 h in the production-like policy
    long verifiedAt = 1_000_000;
    assertThat(
            failed(
                request(
                    V,
                    PromotionType.AUTOMATIC,
                    "QA",
                    "STAGING",
                    BUILD,
                    verifiedIn("QA", verifiedAt),
                    verifiedAt + 3_600_000)))
        .isEmpty();
    RuleResult early =
        rules.sourceVerified(
            request(
                V,
                PromotionType.AUTOMATIC,
                "QA",
                "STAGING",
                BUILD,
                verifiedIn("QA", verifiedAt),
                verifiedAt + 3_599_000));
    assertThat(early.passed()).isFalse();
    assertThat(early.reason()).contains("soak time PT1H").contains("1 s left");
    StageLedger pending = StageLedger.empty("inventory").promoted("QA", "1.4.2", D, "p", 1);
    assertThat(
            rules
                .sourceVerified(
                    request(V, PromotionType.AUTOMATIC, "QA", "STAGING", BUILD, pending, 10))
                .reason())
        .contains("PENDING");
    StageLedger other = StageLedger.empty("inventory").promoted("QA", "1.4.1", D, "p", 1);
    assertThat(
            rules
                .sourceVerified(
                    request(V, PromotionType.AUTOMATIC, "QA", "STAGING", BUILD, other, 10))
                .reason())
        .contains("does not run in QA (it runs 1.4.1)");
  }

  @Test
  void noStageIsSkippedExceptOnAHotfixPathOrARollback() {
    long t = 100_000_000;
    assertThat(
            failed(
                request(V, PromotionType.MANUAL, "DEV", "STAGING", BUILD, verifiedIn("DEV", 1), t)))
        .containsExactly("no-skipped-stage");
    EligibilityRequest hotfix =
        new EligibilityRequest(
            V, PromotionType.HOTFIX, "DEV", "PROD", "CRITICAL", BUILD, verifiedIn("DEV", 1), t);
    assertThat(failed(hotfix)).isEmpty();
    EligibilityRequest wrongPath =
        new EligibilityRequest(
            V, PromotionType.HOTFIX, "DEV", "PROD", "HIGH", BUILD, verifiedIn("DEV", 1), t);
    assertThat(failed(wrongPath)).containsExactly("no-skipped-stage");
  }

  @Test
  void aRollbackTargetMustBeKnownGoodInItsStage() {
    assertThat(
            failed(request(V, PromotionType.ROLLBACK, null, "QA", BUILD, verifiedIn("QA", 5), 10)))
        .isEmpty();
    assertThat(
            failed(request(V, PromotionType.ROLLBACK, null, "QA", BUILD, verifiedIn("DEV", 5), 10)))
        .containsExactly("source-stage-verified");
  }

  @Test
  void aHeldVersionDoesNotReturnAutomaticallyUntilTheHoldIsLiftedOrANewerVersionArrives() {
    StageLedger held =
        verifiedIn("DEV", 1)
            .promoted("QA", "1.4.2", D, "p", 2)
            .verificationFailed("QA", "1.4.2", 3);
    assertThat(failed(request(V, PromotionType.AUTOMATIC, "DEV", "QA", BUILD, held, 10)))
        .containsExactly("not-held");
    assertThat(
            rules.notHeld(request(V, PromotionType.MANUAL, "DEV", "QA", BUILD, held, 10)).passed())
        .isTrue();
    assertThat(
            failed(
                request(
                    V,
                    PromotionType.AUTOMATIC,
                    "DEV",
                    "QA",
                    BUILD,
                    held.liftHold("QA", "1.4.2"),
                    10)))
        .isEmpty();
    assertThat(held.newerVersionArrived("QA").isHeld("QA", "1.4.2")).isFalse();
  }

  @Test
  void productionIsEnteredOnlyWhereThePolicyRequiresAnApproval() {
    assertThat(
            rules
                .productionApproval(
                    request(
                        V,
                        PromotionType.MANUAL,
                        "STAGING",
                        "PROD",
                        BUILD,
                        verifiedIn("STAGING", 1),
                        100_000_000))
                .passed())
        .isTrue();
    assertThat(
            rules
                .productionApproval(
                    request(
                        V,
                        PromotionType.MANUAL,
                        "QA",
                        "PROD",
                        BUILD,
                        verifiedIn("QA", 1),
                        100_000_000))
                .passed())
        .isFalse();
  }
}
