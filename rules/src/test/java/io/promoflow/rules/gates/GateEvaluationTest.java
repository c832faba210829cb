package io.promoflow.rules.gates;

import static org.assertj.core.api.Assertions.assertThat;

import io.promoflow.rules.policy.PipelinePolicy;
import io.promoflow.rules.policy.PolicyLoader;
import io.promoflow.rules.stage.StageLedger;
import io.promoflow.schemas.common.ArtifactRef;
import io.promoflow.schemas.gates.GateOutcome;
import io.promoflow.schemas.requests.PromotionType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * QA->STAGING of config/pipeline.yaml: minScore 85; five gates, coverage and performance not
 * critical.
 */
class GateEvaluationTest {

  static final String D = "sha256:" + "a".repeat(64);
  static final ArtifactRef V = new ArtifactRef("inventory", "1.4.2", D);
  static final long VERIFIED_AT = 1_000_000;

  /** QA soaks one hour. */
  static final long NOW = VERIFIED_AT + 3_600_000;

  static PipelinePolicy policy;

  @BeforeAll
  static void load() throws Exception {
    policy = PolicyLoader.load("p", Files.readString(Path.of("../config/pipeline.yaml")));
  }

  static Map<String, Double> healthy() {
    Map<String, Double> m =
        new HashMap<>(
            Map.of(
                "tests.total",
                40.0,
                "tests.failed",
                0.0,
                "sbom.components",
                12.0,
                "coverage.line",
                90.0,
                "coverage.branch",
                80.0,
                "integration.tests.total",
                5.0,
                "perf.p95LatencyMs",
                115.0));
    m.put("vulnerabilities.critical", 0.0);
    return m;
  }

  static BuildFacts build(Map<String, Double> metrics) {
    return new BuildFacts(
        D, "b".repeat(40), "9876", 1000, metrics, List.of(), "oci://registry.example.com/inv@" + D);
  }

  static StageLedger verifiedInQa() {
    return StageLedger.empty("inventory")
        .promoted("QA", "1.4.2", D, "p", VERIFIED_AT - 10)
        .verificationPassed("QA", "1.4.2", D, VERIFIED_AT);
  }

  static GateVerdict evaluate(
      BuildFacts build, StageLedger ledger, Map<String, BuildFacts> recorded) {
    return GateEvaluation.evaluate(
        policy,
        new EligibilityRequest(
            V, PromotionType.AUTOMATIC, "QA", "STAGING", null, build, ledger, NOW),
        recorded::get,
        (reference, digest) -> RegistryObservation.found(digest, 1L, Map.of(), List.of("amd64")));
  }

  @Test
  void everyRuleAndGatePassingScoresFullMarks() {
    GateVerdict v = evaluate(build(healthy()), verifiedInQa(), Map.of());
    // seven eligibility rules, five quality gates, the registry gate (on into STAGING by default)
    assertThat(v.results()).hasSize(7 + 5 + 1);
    assertThat(v.results().get(12).gate()).isEqualTo("registry");
    assertThat(v.score()).isEqualTo(100);
    assertThat(v.minScore()).isEqualTo(85);
    assertThat(v.outcome()).isEqualTo(GateOutcome.PASSED);
    assertThat(v.failedGates()).isEmpty();
  }

  @Test
  void aResultInItsWarningBandWarnsWithHalfItsScore() {
    Map<String, Double> m = healthy();
    m.put("coverage.line", 70.0);
    GateVerdict v = evaluate(build(m), verifiedInQa(), Map.of());
    assertThat(v.results())
        .filteredOn(RuleResult::warned)
        .extracting(RuleResult::gate)
        .containsExactly("coverage");
    // 700 eligibility points + 450 of 500 gate points (coverage scores 50 of 100), of 1300
    assertThat(v.score()).isEqualTo(1250 * 100 / 1300);
    assertThat(v.outcome()).isEqualTo(GateOutcome.WARNED);
  }

  @Test
  void failedNonCriticalGatesFailOnlyBelowTheMinimumScore() {
    Map<String, Double> m = healthy();
    m.put("coverage.line", 10.0);
    GateVerdict oneFailed = evaluate(build(m), verifiedInQa(), Map.of());
    assertThat(oneFailed.failedGates()).containsExactly("coverage");
    assertThat(oneFailed.failedCriticalGates()).isEmpty();
    assertThat(oneFailed.score()).isEqualTo(92);
    assertThat(oneFailed.outcome()).isEqualTo(GateOutcome.PASSED);
    m.put("perf.p95LatencyMs", 900.0);
    GateVerdict twoFailed = evaluate(build(m), verifiedInQa(), Map.of());
    assertThat(twoFailed.score()).isEqualTo(84).isLessThan(twoFailed.minScore());
    assertThat(twoFailed.outcome()).isEqualTo(GateOutcome.FAILED);
  }

  @Test
  void anIneligibleRequestIsNotHeldToQualityGatesAndFails() {
    GateVerdict v = evaluate(null, verifiedInQa(), Map.of());
    assertThat(v.results()).hasSize(7);
    assertThat(v.failedCriticalGates()).containsExactly("immutable-artifact", "traceable");
    assertThat(v.outcome()).isEqualTo(GateOutcome.FAILED);
    assertThat(GateVerdict.outcomeOf(v.results().get(0))).isEqualTo(GateOutcome.FAILED);
  }

  @Test
  void performanceComparesWithTheRecordedBuildOfTheVersionInTheTargetStage() {
    String old = "sha256:" + "c".repeat(64);
    StageLedger ledger = verifiedInQa().promoted("STAGING", "1.4.1", old, "q", 10);
    BuildFacts before =
        new BuildFacts(old, "c".repeat(40), "1", 1, Map.of("perf.p95LatencyMs", 100.0), List.of());
    // 115 ms against 100 ms is a 15 % regression: in the warning band (10 %), under the limit (20
    // %)
    GateVerdict compared = evaluate(build(healthy()), ledger, Map.of("1.4.1", before));
    assertThat(compared.results())
        .filteredOn(r -> r.gate().equals("performance"))
        .singleElement()
        .satisfies(r -> assertThat(r.warned()).isTrue());
    assertThat(compared.outcome()).isEqualTo(GateOutcome.WARNED);
    GateVerdict nothingRecorded = evaluate(build(healthy()), ledger, Map.of());
    assertThat(nothingRecorded.outcome()).isEqualTo(GateOutcome.PASSED);
  }

  @Test
  void aRollbackNeedsNoMinimumScore() {
    StageLedger ledger =
        StageLedger.empty("inventory")
            .promoted("STAGING", "1.4.2", D, "p", 1)
            .verificationPassed("STAGING", "1.4.2", D, 2);
    GateVerdict v =
        GateEvaluation.evaluate(
            policy,
            new EligibilityRequest(
                V, PromotionType.ROLLBACK, null, "STAGING", null, build(Map.of()), ledger, NOW),
            version -> null,
            RegistryLookup.NONE);
    assertThat(v.minScore()).isZero();
    assertThat(v.results()).hasSize(7);
    assertThat(v.outcome()).isEqualTo(GateOutcome.PASSED);
  }

  static GateVerdict release(String releaseType, Map<String, Double> metrics) {
    return GateEvaluation.evaluate(
        policy,
        new EligibilityRequest(
            V,
            PromotionType.MANUAL,
            "QA",
            "STAGING",
            null,
            build(metrics),
            verifiedInQa(),
            NOW,
            releaseType),
        version -> null,
        (reference, digest) -> RegistryObservation.found(digest, 1L, Map.of(), List.of("amd64")));
  }

  @Test
  void aReleaseRequestIsHeldToItsTypesGateProfile() {
    Map<String, Double> noCoverage = healthy();
    noCoverage.remove("coverage.line");
    noCoverage.remove("coverage.branch");
    // minimal: unit-tests and vulnerabilities only, so the missing coverage report is not asked for
    GateVerdict hotfix = release("SERVICE_HOTFIX", noCoverage);
    assertThat(hotfix.results())
        .extracting(RuleResult::gate)
        .containsSubsequence("unit-tests", "vulnerabilities", "registry")
        .doesNotContain("coverage", "performance");
    assertThat(hotfix.outcome()).isEqualTo(GateOutcome.PASSED);
    // comprehensive: every transition gate, each made critical: the missing coverage now blocks
    GateVerdict major = release("PLATFORM_MAJOR", noCoverage);
    assertThat(major.failedCriticalGates()).containsExactly("coverage");
    assertThat(major.outcome()).isEqualTo(GateOutcome.FAILED);
    // no release: the transition's gates as they are (coverage not critical)
    GateVerdict plain = release(null, noCoverage);
    assertThat(plain.failedCriticalGates()).isEmpty();
    assertThat(plain.failedGates()).containsExactly("coverage");
  }

  @Test
  void aReleaseRequestOfAnUnknownTypeFailsClosedWithoutQualityGates() {
    GateVerdict v = release("PLATFORM_GIGANTIC", healthy());
    assertThat(v.outcome()).isEqualTo(GateOutcome.FAILED);
    assertThat(v.failedCriticalGates()).containsExactly(QualityGates.RELEASE_TYPE);
    assertThat(v.results())
        .hasSize(8)
        .last()
        .extracting(RuleResult::reason)
        .asString()
        .contains("unknown release type PLATFORM_GIGANTIC");
  }
}
