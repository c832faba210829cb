package io.promoflow.trigger.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.promoflow.rules.gates.BuildFacts;
import io.promoflow.rules.gates.QualityGates;
import io.promoflow.rules.gates.RuleResult;
import io.promoflow.rules.policy.GatePolicy;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Gate evaluation time for a 5 MB CycloneDX SBOM, for the closing note (target ≤ 200 ms): parsing
 * with cyclonedx-core-java into metrics, then the vulnerabilities, licenses and sbom gates. Not
 * part of the default build; run with {@code ./mvnw -pl trigger-service -am test
 * -Dpromoflow.benchmarks=benchmark -Dpromoflow.excludedGroups= -Dtest=SbomGateBenchmark
 * -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@Tag("benchmark")
class SbomGateBenchmark {

  static byte[] sbom(int targetBytes) {
    StringBuilder json =
        new StringBuilder(
            "{\"bomFormat\": \"CycloneDX\", \"specVersion\": \"1.5\", \"version\": 1, "
                + "\"components\": [");
    String[] licences = {"Apache-2.0", "MIT", "BSD-3-Clause", "EPL-2.0"};
    int components = 0;
    while (json.length() < targetBytes * 0.8) {
      json.append(components == 0 ? "" : ",")
          .append("{\"type\": \"library\", \"bom-ref\": \"pkg:maven/org.example/lib-")
          .append(components)
          .append("@1.")
          .append(components % 50)
          .append(".0\", \"group\": \"org.example\", \"name\": \"lib-")
          .append(components)
          .append("\", \"version\": \"1.")
          .append(components % 50)
          .append(".0\", \"purl\": ")
          .append("\"pkg:maven/org.example/lib-")
          .append(components)
          .append("@1.")
          .append(components % 50)
          .append(".0\", \"licenses\": [{\"license\": {\"id\": \"")
          .append(licences[components % licences.length])
          .append("\"}}], \"hashes\": [{\"alg\": \"SHA-256\", \"content\": \"")
          .append("ab".repeat(32))
          .append("\"}]}");
      components++;
    }
    json.append("], \"vulnerabilities\": [");
    String[] severities = {"low", "medium", "high", "critical"};
    int v = 0;
    while (json.length() < targetBytes) {
      json.append(v == 0 ? "" : ",")
          .append("{\"bom-ref\": \"v-")
          .append(v)
          .append("\", \"id\": \"CVE-2026-")
          .append(10000 + v)
          .append(
              "\", \"source\": {\"name\": \"NVD\"}, \"ratings\": [{\"score\": 5.0, \"severity\": \"")
          .append(severities[v % 3])
          .append(
              "\", \"method\": \"CVSSv31\"}], \"affects\": [{\"ref\": \"pkg:maven/org.example/lib-")
          .append(v % components)
          .append("\"}]}");
      v++;
    }
    return json.append("]}").toString().getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void fiveMegabyteSbom() {
    byte[] document = sbom(5 * 1024 * 1024);
    List<GatePolicy> gates =
        List.of(
            new GatePolicy(
                "vulnerabilities",
                true,
                100,
                Map.of("maxCritical", 0.0, "maxHigh", 10_000.0),
                Map.of(),
                List.of(),
                List.of()),
            new GatePolicy(
                "licenses",
                true,
                100,
                Map.of(),
                Map.of(),
                List.of(),
                List.of("GPL-3.0-only", "AGPL-3.0-only")),
            new GatePolicy(
                "sbom", true, 100, Map.of("minComponents", 1.0), Map.of(), List.of(), List.of()));
    for (int round = 0; round < 10; round++) {
      long start = System.nanoTime();
      Map<String, Double> metrics = EvidenceMetrics.of(EvidenceFormat.CYCLONEDX_JSON, document);
      long parsed = System.nanoTime();
      List<RuleResult> results =
          QualityGates.evaluate(
              gates,
              new BuildFacts(
                  "sha256:x", "c".repeat(40), "1", 1, metrics, List.of("cyclonedx-json:x")),
              LocalDate.parse("2026-11-21"));
      long done = System.nanoTime();
      assertThat(results).hasSize(3).allMatch(RuleResult::passed);
      System.out.printf(
          "round %d: %.1f MB, %.0f components, %d metrics: parse %.0f ms, gates %.1f ms, total %.0f ms%n",
          round,
          document.length / 1048576.0,
          metrics.get("sbom.components"),
          metrics.size(),
          (parsed - start) / 1e6,
          (done - parsed) / 1e6,
          (done - start) / 1e6);
    }
  }
}
