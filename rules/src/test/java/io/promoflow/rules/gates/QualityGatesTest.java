package io.promoflow.rules.gates;

import static org.assertj.core.api.Assertions.assertThat;

import io.promoflow.rules.policy.GatePolicy;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QualityGatesTest {

  static final LocalDate TODAY = LocalDate.parse("2026-11-21");

  static BuildFacts build(Map<String, Double> metrics) {
    return new BuildFacts("sha256:x", "c".repeat(40), "1", 1, metrics, List.of("junit-xml:abc"));
  }

  static GatePolicy gate(
      String name, boolean critical, Map<String, Double> thresholds, Map<String, Double> warn) {
    return new GatePolicy(name, critical, 100, thresholds, warn, List.of(), List.of());
  }

  static RuleResult one(GatePolicy g, Map<String, Double> metrics) {
    return QualityGates.evaluate(List.of(g), build(metrics), TODAY).get(0);
  }

  @Test
  void missingEvidenceIsAFailureNamingTheKind() {
    for (String[] c :
        new String[][] {
          {"unit-tests", "junit-xml"},
          {"coverage", "jacoco-xml"},
          {"vulnerabilities", "cyclonedx"},
          {"licenses", "cyclonedx"},
          {"sbom", "cyclonedx"},
          {"secrets", "sarif"},
          {"static-analysis", "sarif"}
        }) {
      RuleResult r = one(gate(c[0], false, Map.of(), Map.of()), Map.of());
      assertThat(r.passed()).as(c[0]).isFalse();
      assertThat(r.reason()).isEqualTo("no " + c[1] + " evidence");
    }
  }

  @Test
  void unitTestsAndCoverageAtAndAroundTheirThresholds() {
    GatePolicy tests =
        gate("unit-tests", true, Map.of("maxFailed", 0.0, "minTests", 10.0), Map.of());
    assertThat(one(tests, Map.of("tests.total", 10.0, "tests.failed", 0.0)).passed()).isTrue();
    assertThat(one(tests, Map.of("tests.total", 9.0, "tests.failed", 0.0)).reason())
        .contains("at least 10");
    assertThat(one(tests, Map.of("tests.total", 10.0, "tests.failed", 1.0)).reason())
        .isEqualTo("1 of 10 tests failed");

    GatePolicy coverage = gate("coverage", false, Map.of("minLine", 60.0), Map.of("line", 80.0));
    RuleResult good = one(coverage, Map.of("coverage.line", 80.0));
    assertThat(good.passed() && !good.warned()).isTrue();
    assertThat(good.score()).isEqualTo(100);
    RuleResult warned = one(coverage, Map.of("coverage.line", 79.9));
    assertThat(warned.warned()).isTrue();
    assertThat(warned.score()).isEqualTo(50);
    assertThat(one(coverage, Map.of("coverage.line", 59.9)).passed()).isFalse();
  }

  @Test
  void vulnerabilitiesHonourTheAllowListUntilItExpires() {
    Map<String, Double> m =
        Map.of(
            "sbom.components",
            2.0,
            "vulnerabilities.critical",
            1.0,
            "vulnerabilities.high",
            0.0,
            "vulnerability.CVE-2021-44228",
            4.0);
    GatePolicy strict = gate("vulnerabilities", true, Map.of("maxCritical", 0.0), Map.of());
    assertThat(one(strict, m).passed()).isFalse();
    GatePolicy accepted =
        new GatePolicy(
            "vulnerabilities",
            true,
            100,
            Map.of("maxCritical", 0.0),
            Map.of(),
            List.of(
                new GatePolicy.Allowed(
                    "CVE-2021-44228", LocalDate.parse("2026-11-21"), "not reachable")),
            List.of());
    RuleResult r = one(accepted, m);
    assertThat(r.passed()).isTrue();
    assertThat(r.reason()).contains("accepted until expiry: CVE-2021-44228");
    GatePolicy expired =
        new GatePolicy(
            "vulnerabilities",
            true,
            100,
            Map.of("maxCritical", 0.0),
            Map.of(),
            List.of(
                new GatePolicy.Allowed(
                    "CVE-2021-44228", LocalDate.parse("2026-11-20"), "not reachable")),
            List.of());
    assertThat(one(expired, m).passed()).isFalse();
  }

  @Test
  void licencesSecretsStaticAnalysisAndSbom() {
    Map<String, Double> sbom =
        Map.of("sbom.components", 3.0, "license.Apache-2.0", 2.0, "license.GPL-3.0-only", 1.0);
    GatePolicy deny =
        new GatePolicy(
            "licenses", true, 100, Map.of(), Map.of(), List.of(), List.of("GPL-3.0-only"));
    assertThat(one(deny, sbom).reason()).isEqualTo("denied licences: GPL-3.0-only");
    GatePolicy allow =
        new GatePolicy(
            "licenses",
            false,
            100,
            Map.of(),
            Map.of(),
            List.of(new GatePolicy.Allowed("Apache-2.0", null, null)),
            List.of());
    assertThat(one(allow, sbom).warned()).isTrue();
    assertThat(one(gate("sbom", true, Map.of(), Map.of()), sbom).passed()).isTrue();
    assertThat(
            one(gate("secrets", true, Map.of(), Map.of()), Map.of("secrets.findings", 1.0))
                .reason())
        .isEqualTo("1 secrets found");
    GatePolicy analysis =
        gate("static-analysis", false, Map.of("maxErrors", 0.0), Map.of("warnings", 5.0));
    assertThat(one(analysis, Map.of("sarif.errors", 0.0, "sarif.warnings", 6.0)).warned()).isTrue();
    assertThat(one(analysis, Map.of("sarif.errors", 1.0, "sarif.warnings", 0.0)).passed())
        .isFalse();
  }

  @Test
  void hotfixesUseTheirGateProfileAndRollbacksNone() throws java.io.IOException {
    io.promoflow.rules.policy.PipelinePolicy policy =
        io.promoflow.rules.policy.PolicyLoader.load(
            "pipeline.yaml",
            java.nio.file.Files.readString(java.nio.file.Path.of("..", "config", "pipeline.yaml")));
    assertThat(
            QualityGates.forRequest(
                policy, io.promoflow.schemas.requests.PromotionType.HOTFIX, "CRITICAL", "PROD"))
        .extracting(GatePolicy::name)
        .containsExactly("unit-tests", "vulnerabilities");
    assertThat(
            QualityGates.forRequest(
                policy, io.promoflow.schemas.requests.PromotionType.MANUAL, null, "PROD"))
        .extracting(GatePolicy::name)
        .contains("licenses", "static-analysis");
    assertThat(
            QualityGates.forRequest(
                policy, io.promoflow.schemas.requests.PromotionType.ROLLBACK, null, "PROD"))
        .isEmpty();
  }

  @Test
  void releaseRequestsUseTheirTypesProfileAndRollbacksStillNone() throws java.io.IOException {
    io.promoflow.rules.policy.PipelinePolicy policy =
        io.promoflow.rules.policy.PolicyLoader.load(
            "pipeline.yaml",
            java.nio.file.Files.readString(java.nio.file.Path.of("..", "config", "pipeline.yaml")));
    var manual = io.promoflow.schemas.requests.PromotionType.MANUAL;
    assertThat(QualityGates.forRequest(policy, manual, null, "SERVICE_HOTFIX", "PROD"))
        .extracting(GatePolicy::name)
        .containsExactly("unit-tests", "vulnerabilities");
    assertThat(QualityGates.forRequest(policy, manual, null, "PLATFORM_MAJOR", "PROD"))
        .allMatch(GatePolicy::critical)
        .extracting(GatePolicy::name)
        .containsExactlyElementsOf(
            QualityGates.forRequest(policy, manual, null, "PROD").stream()
                .map(GatePolicy::name)
                .toList());
    assertThat(
            QualityGates.forRequest(
                policy,
                io.promoflow.schemas.requests.PromotionType.ROLLBACK,
                null,
                "PLATFORM_MAJOR",
                "PROD"))
        .isEmpty();
    assertThat(QualityGates.unknownReleaseType("PLATFORM_MINOR")).isEmpty();
    assertThat(QualityGates.unknownReleaseType(null)).isEmpty();
    assertThat(QualityGates.unknownReleaseType("platform_minor"))
        .hasValueSatisfying(r -> assertThat(r.critical() && !r.passed()).isTrue());
  }

  @Test
  void aFailedCriticalGateStopsTheEvaluation() {
    List<RuleResult> results =
        QualityGates.evaluate(
            List.of(
                gate("unit-tests", true, Map.of(), Map.of()),
                gate("sbom", true, Map.of(), Map.of())),
            build(Map.of()),
            TODAY);
    assertThat(results).extracting(RuleResult::gate).containsExactly("unit-tests");
  }

  @Test
  void integrationTestsReadOnlyReportsOfKindIntegration() {
    GatePolicy it =
        gate("integration-tests", true, Map.of("maxFailed", 0.0, "minTests", 1.0), Map.of());
    assertThat(one(it, Map.of("tests.total", 40.0, "tests.failed", 0.0)).reason())
        .isEqualTo("no junit-xml evidence of kind integration");
    assertThat(
            one(it, Map.of("integration.tests.total", 5.0, "integration.tests.failed", 0.0))
                .passed())
        .isTrue();
    RuleResult failed =
        one(it, Map.of("integration.tests.total", 5.0, "integration.tests.failed", 2.0));
    assertThat(failed.passed()).isFalse();
    assertThat(failed.reason()).isEqualTo("2 of 5 integration tests failed");
  }

  @Test
  void performanceComparesP95WithTheVersionInTheTargetStage() {
    GatePolicy perf =
        gate(
            "performance",
            true,
            Map.of("maxP95LatencyMs", 500.0, "maxRegressionPercent", 20.0),
            Map.of("regressionPercent", 10.0));
    BuildFacts inTarget = build(Map.of("perf.p95LatencyMs", 100.0));
    RuleResult same =
        QualityGates.evaluate(
                List.of(perf), build(Map.of("perf.p95LatencyMs", 105.0)), inTarget, TODAY)
            .get(0);
    assertThat(same.passed() && !same.warned()).isTrue();
    assertThat(same.reason())
        .isEqualTo("p95 105 ms, +5.0% against the version in the target stage");
    RuleResult slower =
        QualityGates.evaluate(
                List.of(perf), build(Map.of("perf.p95LatencyMs", 115.0)), inTarget, TODAY)
            .get(0);
    assertThat(slower.warned()).isTrue();
    RuleResult regressed =
        QualityGates.evaluate(
                List.of(perf), build(Map.of("perf.p95LatencyMs", 121.0)), inTarget, TODAY)
            .get(0);
    assertThat(regressed.passed()).isFalse();
    assertThat(regressed.inputs()).containsEntry("targetStageP95LatencyMs", "100");
    // nothing to compare with: only the absolute limit applies
    assertThat(one(perf, Map.of("perf.p95LatencyMs", 400.0)).passed()).isTrue();
    assertThat(one(perf, Map.of("perf.p95LatencyMs", 501.0)).passed()).isFalse();
    assertThat(one(perf, Map.of()).reason()).isEqualTo("no benchmark-json evidence");
  }
}
