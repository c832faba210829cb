package io.promoflow.trigger.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promoflow.trigger.EvidenceLimits;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Real tool output: this repository's own Surefire, JaCoCo and CycloneDX reports, and
 * SARIF/CycloneDX samples.
 */
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
    Map<String, Double> tests =
        EvidenceMetrics.of(EvidenceFormat.JUNIT_XML, demo("surefire-junit.xml"));
    assertThat(tests.get("tests.total")).isEqualTo(4.0);
    assertThat(tests.get("tests.failed")).isZero();
    Map<String, Double> coverage =
        EvidenceMetrics.of(EvidenceFormat.JACOCO_XML, demo("jacoco.xml"));
    assertThat(coverage.get("coverage.line")).isBetween(1.0, 100.0);
    assertThat(coverage).containsKey("coverage.branch");
    Map<String, Double> sbom =
        EvidenceMetrics.of(EvidenceFormat.CYCLONEDX_JSON, demo("cyclonedx-sbom.json"));
    assertThat(sbom.get("sbom.components")).isGreaterThan(5.0);
    assertThat(sbom.get("vulnerabilities.critical")).isZero();
    assertThat(sbom).containsKey("license.Apache-2.0");
  }

  @Test
  void vulnerabilitiesCountOnceAtTheirWorstRatingAndLicencesAreCounted() throws IOException {
    Map<String, Double> m =
        EvidenceMetrics.of(EvidenceFormat.CYCLONEDX_JSON, sample("vulnerable.cdx.json"));
    assertThat(m)
        .containsEntry("vulnerabilities.critical", 1.0)
        .containsEntry("vulnerabilities.high", 1.0)
        .containsEntry("vulnerabilities.medium", 0.0)
        .containsEntry("sbom.components", 2.0)
        .containsEntry("license.WTFPL", 1.0)
        .containsEntry("vulnerability.CVE-2021-44228", 4.0)
        .containsEntry("vulnerability.CVE-2021-45046", 3.0);
  }

  @Test
  void sarifResultsByLevelAndSecretScannerFindings() throws IOException {
    assertThat(EvidenceMetrics.of(EvidenceFormat.SARIF, sample("gitleaks.sarif.json")))
        .containsEntry("secrets.findings", 1.0)
        .containsEntry("sarif.errors", 1.0);
    assertThat(EvidenceMetrics.of(EvidenceFormat.SARIF, sample("spotbugs.sarif.json")))
        .containsEntry("secrets.findings", 0.0)
        .containsEntry("sarif.errors", 1.0)
        .containsEntry("sarif.warnings", 1.0)
        .containsEntry("sarif.notes", 1.0);
  }

  @Test
  void documentsOfAnotherFormatAreRefusedWithTheReason() throws IOException {
    assertThatThrownBy(() -> EvidenceMetrics.of(EvidenceFormat.JUNIT_XML, demo("jacoco.xml")))
        .hasMessageContaining("root element is <report>");
    assertThatThrownBy(
            () -> EvidenceMetrics.of(EvidenceFormat.JACOCO_XML, demo("surefire-junit.xml")))
        .hasMessageContaining("not <report>");
    assertThatThrownBy(
            () -> EvidenceMetrics.of(EvidenceFormat.CYCLONEDX_JSON, sample("gitleaks.sarif.json")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void benchmarkSummaryNumbersBecomePerfMetrics() {
    assertThat(
            EvidenceMetrics.of(
                EvidenceFormat.BENCHMARK_JSON,
                "{\"p95LatencyMs\": 120, \"throughputPerSecond\": 950.5, \"tool\": \"k6\"}"
                    .getBytes()))
        .containsExactlyInAnyOrderEntriesOf(
            java.util.Map.of("perf.p95LatencyMs", 120.0, "perf.throughputPerSecond", 950.5));
    assertThatThrownBy(
            () ->
                EvidenceMetrics.of(
                    EvidenceFormat.BENCHMARK_JSON, "{\"p99LatencyMs\": 1}".getBytes()))
        .hasMessageContaining("numeric p95LatencyMs");
  }

  @Test
  void anIntegrationReportCountsUnderIntegration() throws IOException {
    assertThat(
            EvidenceMetrics.asIntegration(
                EvidenceMetrics.of(EvidenceFormat.JUNIT_XML, demo("surefire-junit.xml"))))
        .containsKey("integration.tests.total")
        .doesNotContainKey("tests.total");
  }

  static EvidenceMetrics.InvalidEvidence invalid(EvidenceFormat format, String content) {
    try {
      EvidenceMetrics.of(format, content.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    } catch (EvidenceMetrics.InvalidEvidence e) {
      return e;
    }
    throw new AssertionError("accepted: " + content);
  }

  @Test
  void countsThatAreNotFiniteWholeNonNegativeNumbersAreRefusedWithTheirAttribute() {
    assertThat(invalid(EvidenceFormat.JUNIT_XML, "<testsuite tests=\"NaN\"/>").path())
        .isEqualTo("content.testsuite[0].tests");
    assertThat(
            invalid(
                EvidenceFormat.JUNIT_XML,
                "<testsuites><testsuite tests=\"1\"/><testsuite tests=\"2\" "
                    + "failures=\"-1\"/></testsuites>"))
        .hasMessageContaining("\"-1\" is not a count")
        .extracting(EvidenceMetrics.InvalidEvidence::path)
        .isEqualTo("content.testsuite[1].failures");
    assertThat(invalid(EvidenceFormat.JUNIT_XML, "<testsuite tests=\"Infinity\"/>"))
        .hasMessageContaining("not a finite number");
    assertThat(invalid(EvidenceFormat.JUNIT_XML, "<testsuite tests=\"1e400\"/>").path())
        .isEqualTo("content.testsuite[0].tests");
    assertThat(invalid(EvidenceFormat.JUNIT_XML, "<testsuite tests=\"2.5\"/>"))
        .hasMessageContaining("whole number");
    assertThat(
            invalid(
                    EvidenceFormat.JACOCO_XML,
                    "<report><counter type=\"LINE\" missed=\"NaN\" covered=\"3\"/></report>")
                .path())
        .isEqualTo("content.report.counter[LINE].missed");
    // each count is finite, their sum is not
    assertThat(
            invalid(
                EvidenceFormat.JUNIT_XML,
                "<testsuites><testsuite tests=\"1e308\"/><testsuite tests=\"1e308\"/>"
                    + "</testsuites>"))
        .hasMessageContaining("tests.total")
        .extracting(EvidenceMetrics.InvalidEvidence::path)
        .isEqualTo("metrics");
    assertThat(
            EvidenceMetrics.of(
                EvidenceFormat.JUNIT_XML, "<testsuite tests=\"1,200\" failures=\"0\"/>".getBytes()))
        .containsEntry("tests.total", 1200.0);
  }

  @Test
  void benchmarkValuesAreFiniteNonNegativeMeasurements() {
    assertThat(invalid(EvidenceFormat.BENCHMARK_JSON, "{\"p95LatencyMs\": 1e400}"))
        .hasMessageContaining("not a finite number")
        .extracting(EvidenceMetrics.InvalidEvidence::path)
        .isEqualTo("content.p95LatencyMs");
    assertThat(
            invalid(
                    EvidenceFormat.BENCHMARK_JSON,
                    "{\"p95LatencyMs\": 12, \"p99LatencyMs\": \"NaN\"}")
                .path())
        .isEqualTo("content.p99LatencyMs");
    assertThat(
            invalid(EvidenceFormat.BENCHMARK_JSON, "{\"p95LatencyMs\": 12, \"rps\": \"-Infinity\"}")
                .path())
        .isEqualTo("content.rps");
    assertThat(invalid(EvidenceFormat.BENCHMARK_JSON, "{\"p95LatencyMs\": -5}"))
        .hasMessageContaining("negative")
        .extracting(EvidenceMetrics.InvalidEvidence::path)
        .isEqualTo("content.p95LatencyMs");
    assertThat(
            invalid(EvidenceFormat.BENCHMARK_JSON, "{\"p95LatencyMs\": 1" + "0".repeat(400) + "}")
                .path())
        .isEqualTo("content.p95LatencyMs");
    // JSON has no NaN literal: refused as not JSON
    assertThatThrownBy(
            () ->
                EvidenceMetrics.of(
                    EvidenceFormat.BENCHMARK_JSON, "{\"p95LatencyMs\": NaN}".getBytes()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(
            EvidenceMetrics.of(
                EvidenceFormat.BENCHMARK_JSON,
                "{\"p95LatencyMs\": 0, \"tool\": \"k6\"}".getBytes()))
        .containsExactly(java.util.Map.entry("perf.p95LatencyMs", 0.0));
  }

  static Map<String, Double> metrics(int count, int nameLength) {
    Map<String, Double> m = new java.util.LinkedHashMap<>();
    for (int i = 0; i < count; i++) {
      String id = "m" + i;
      m.put(id + "x".repeat(Math.max(0, nameLength - id.length())), 1.0);
    }
    return m;
  }

  @Test
  void aDocumentYieldsAtMostItsLimitOfMetricsWithShortAsciiNames() {
    EvidenceLimits limits = EvidenceLimits.DEFAULTS;
    EvidenceMetrics.within(metrics(2000, 128), limits);
    assertThatThrownBy(() -> EvidenceMetrics.within(metrics(50_000, 5), limits))
        .isInstanceOfSatisfying(
            EvidenceMetrics.InvalidEvidence.class, e -> assertThat(e.path()).isEqualTo("metrics"))
        .hasMessage("50000 metrics, at most 2000");
    assertThatThrownBy(() -> EvidenceMetrics.within(metrics(1, 129), limits))
        .hasMessageContaining("has 129 characters, at most 128");
    assertThatThrownBy(
            () -> EvidenceMetrics.within(Map.of("license.Licence publique générale", 1.0), limits))
        .hasMessageContaining("U+00E9");
    assertThatThrownBy(() -> EvidenceMetrics.within(Map.of("perf.a\"b", 1.0), limits))
        .hasMessageContaining("U+0022");
    assertThatThrownBy(() -> EvidenceMetrics.within(Map.of("perf.a\nb", 1.0), limits))
        .hasMessageContaining("U+000A");
  }

  @Test
  void aCycloneDxDocumentWithTooManyFindingsIsRefusedByItsLimit() {
    StringBuilder bom =
        new StringBuilder(
            "{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.5\",\"vulnerabilities\":[");
    for (int i = 0; i < 2100; i++) {
      bom.append(i == 0 ? "" : ",").append("{\"id\":\"CVE-2026-").append(10000 + i).append("\"}");
    }
    Map<String, Double> m =
        EvidenceMetrics.of(EvidenceFormat.CYCLONEDX_JSON, bom.append("]}").toString().getBytes());
    assertThat(m).hasSizeGreaterThan(2100);
    assertThatThrownBy(() -> EvidenceMetrics.within(m, EvidenceLimits.DEFAULTS))
        .hasMessageContaining("at most 2000");
  }
}
