package io.promoflow.trigger.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Real tool output: this repository's own Surefire, JaCoCo and CycloneDX reports, and SARIF/CycloneDX samples. */
class EvidenceMetricsTest {

  static final Path DEMO = Path.of("../cli/src/main/resources/io/promoflow/cli/demo");

  static byte[] demo(String file) throws IOException {
    return Files.readAllBytes(DEMO.resolve(file));
  }

  static byte[] sample(String file) throws IOException {
    return EvidenceMetricsTest.class.getResourceAsStream("/evidence/" + file).readAllBytes();
  }

  @Test
  void surefireJacocoAndCycloneDxOfThisBuild() throws IOException {
    Map<String, Double> tests = EvidenceMetrics.of(EvidenceFormat.JUNIT_XML, demo("surefire-junit.xml"));
    assertThat(tests.get("tests.total")).isEqualTo(4.0);
    assertThat(tests.get("tests.failed")).isZero();
    Map<String, Double> coverage = EvidenceMetrics.of(EvidenceFormat.JACOCO_XML, demo("jacoco.xml"));
    assertThat(coverage.get("coverage.line")).isBetween(1.0, 100.0);
    assertThat(coverage).containsKey("coverage.branch");
    Map<String, Double> sbom = EvidenceMetrics.of(EvidenceFormat.CYCLONEDX_JSON, demo("cyclonedx-sbom.json"));
    assertThat(sbom.get("sbom.components")).isGreaterThan(5.0);
    assertThat(sbom.get("vulnerabilities.critical")).isZero();
    assertThat(sbom).containsKey("license.Apache-2.0");
  }

  @Test
  void vulnerabilitiesCountOnceAtTheirWorstRatingAndLicencesAreCounted() throws IOException {
    Map<String, Double> m = EvidenceMetrics.of(EvidenceFormat.CYCLONEDX_JSON, sample("vulnerable.cdx.json"));
    assertThat(m).containsEntry("vulnerabilities.critical", 1.0).containsEntry("vulnerabilities.high", 1.0)
        .containsEntry("vulnerabilities.medium", 0.0).containsEntry("sbom.components", 2.0)
        .containsEntry("license.WTFPL", 1.0).containsEntry("vulnerability.CVE-2021-44228", 4.0)
        .containsEntry("vulnerability.CVE-2021-45046", 3.0);
  }

  @Test
  void sarifResultsByLevelAndSecretScannerFindings() throws IOException {
    assertThat(EvidenceMetrics.of(EvidenceFormat.SARIF, sample("gitleaks.sarif.json")))
        .containsEntry("secrets.findings", 1.0).containsEntry("sarif.errors", 1.0);
    assertThat(EvidenceMetrics.of(EvidenceFormat.SARIF, sample("spotbugs.sarif.json")))
        .containsEntry("secrets.findings", 0.0).containsEntry("sarif.errors", 1.0).containsEntry("sarif.warnings", 1.0)
        .containsEntry("sarif.notes", 1.0);
  }

  @Test
  void documentsOfAnotherFormatAreRefusedWithTheReason() throws IOException {
    assertThatThrownBy(() -> EvidenceMetrics.of(EvidenceFormat.JUNIT_XML, demo("jacoco.xml")))
        .hasMessageContaining("root element is <report>");
    assertThatThrownBy(() -> EvidenceMetrics.of(EvidenceFormat.JACOCO_XML, demo("surefire-junit.xml")))
        .hasMessageContaining("not <report>");
    assertThatThrownBy(() -> EvidenceMetrics.of(EvidenceFormat.CYCLONEDX_JSON, sample("gitleaks.sarif.json")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void benchmarkSummaryNumbersBecomePerfMetrics() {
    assertThat(EvidenceMetrics.of(EvidenceFormat.BENCHMARK_JSON,
        "{\"p95LatencyMs\": 120, \"throughputPerSecond\": 950.5, \"tool\": \"k6\"}".getBytes()))
        .containsExactlyInAnyOrderEntriesOf(java.util.Map.of("perf.p95LatencyMs", 120.0, "perf.throughputPerSecond", 950.5));
    assertThatThrownBy(() -> EvidenceMetrics.of(EvidenceFormat.BENCHMARK_JSON, "{\"p99LatencyMs\": 1}".getBytes()))
        .hasMessageContaining("numeric p95LatencyMs");
  }

  @Test
  void anIntegrationReportCountsUnderIntegration() throws IOException {
    assertThat(EvidenceMetrics.asIntegration(EvidenceMetrics.of(EvidenceFormat.JUNIT_XML, demo("surefire-junit.xml"))))
        .containsKey("integration.tests.total").doesNotContainKey("tests.total");
  }
}
