package io.promoflow.benchmarks;

import io.promoflow.rules.gates.BuildFacts;
import io.promoflow.rules.gates.QualityGates;
import io.promoflow.rules.gates.RuleResult;
import io.promoflow.rules.policy.GatePolicy;
import io.promoflow.trigger.domain.EvidenceFormat;
import io.promoflow.trigger.domain.EvidenceMetrics;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * What the trigger and gate services do with one SBOM: the trigger's evidence parsing ({@link
 * EvidenceMetrics}, the document read once into metrics) and the vulnerabilities, licenses and sbom
 * gates of {@code rules.gates} over them.
 */
public final class SbomGates {

  static final List<GatePolicy> GATES =
      List.of(
          new GatePolicy(
              "vulnerabilities",
              true,
              100,
              Map.of("maxCritical", 0.0, "maxHigh", 1_000_000.0),
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
  static final LocalDate TODAY = LocalDate.parse("2026-11-21");

  private SbomGates() {}

  /**
   * Parses {@code document} and evaluates the three gates.
   *
   * @throws IllegalStateException when a gate fails: the benchmark document passes every gate by
   *     construction
   */
  public static List<RuleResult> evaluate(byte[] document) {
    Map<String, Double> metrics = EvidenceMetrics.of(EvidenceFormat.CYCLONEDX_JSON, document);
    List<RuleResult> results =
        QualityGates.evaluate(
            GATES,
            new BuildFacts(
                "sha256:" + "0".repeat(64),
                "c".repeat(40),
                "bench",
                1,
                metrics,
                List.of("cyclonedx-json:x")),
            TODAY);
    if (!results.stream().allMatch(RuleResult::passed)) {
      throw new IllegalStateException("the benchmark SBOM failed a gate: " + results);
    }
    return results;
  }
}
