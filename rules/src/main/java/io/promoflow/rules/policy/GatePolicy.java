package io.promoflow.rules.policy;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One quality gate of a transition ({@code transitions[].gates[]}), decided from the build's
 * evidence metrics. Gates and their thresholds:
 *
 * <ul>
 *   <li>{@code unit-tests}: {@code maxFailed} (0), {@code minTests} (1) — junit-xml;
 *   <li>{@code coverage}: {@code minLine}, {@code minBranch} (percent); {@code warn.line}, {@code
 *       warn.branch} — jacoco-xml;
 *   <li>{@code vulnerabilities}: {@code maxCritical} (0), {@code maxHigh}, {@code maxMedium};
 *       {@code allow} lists accepted IDs until their expiry — cyclonedx;
 *   <li>{@code licenses}: {@code deny} fails, a licence outside a non-empty {@code allow} warns —
 *       cyclonedx;
 *   <li>{@code sbom}: {@code minComponents} (1) — cyclonedx;
 *   <li>{@code secrets}: {@code maxFindings} (0) of secret scanners — sarif;
 *   <li>{@code static-analysis}: {@code maxErrors} (0); {@code warn.warnings} — sarif;
 *   <li>{@code integration-tests}: as unit-tests, on junit-xml reports of kind integration;
 *   <li>{@code performance}: {@code maxP95LatencyMs}, {@code maxRegressionPercent} of p95 against
 *       the version now in the target stage; {@code warn.regressionPercent} — benchmark-json.
 * </ul>
 *
 * Missing evidence fails the gate ("no junit-xml evidence"). A pass scores {@code maxScore}, a
 * warning half, a failure 0; a failed critical gate stops the evaluation.
 *
 * @param name gate name, one of {@link #NAMES}
 * @param critical a failure blocks whatever the overall score
 * @param maxScore points of the gate (1–1000)
 * @param thresholds limits, by name
 * @param warn limits of the warning band, by name
 * @param allow vulnerability IDs accepted until their expiry (vulnerabilities), or allowed SPDX ids
 *     (licenses, as {@code id} without expiry)
 * @param deny SPDX licence ids that fail the gate (licenses)
 */
public record GatePolicy(
    String name,
    Boolean critical,
    Integer maxScore,
    Map<String, Double> thresholds,
    Map<String, Double> warn,
    List<Allowed> allow,
    List<String> deny) {

  /** Known gates. */
  public static final Set<String> NAMES =
      Set.of(
          "unit-tests",
          "integration-tests",
          "coverage",
          "vulnerabilities",
          "licenses",
          "sbom",
          "secrets",
          "static-analysis",
          "performance");

  /**
   * The {@code thresholds} keys each gate reads; any other key is a policy error (a typo would
   * silently not apply).
   */
  public static final Map<String, Set<String>> THRESHOLDS =
      Map.of(
          "unit-tests",
          Set.of("maxFailed", "minTests"),
          "integration-tests",
          Set.of("maxFailed", "minTests"),
          "coverage",
          Set.of("minLine", "minBranch"),
          "vulnerabilities",
          Set.of("maxCritical", "maxHigh", "maxMedium"),
          "licenses",
          Set.of(),
          "sbom",
          Set.of("minComponents"),
          "secrets",
          Set.of("maxFindings"),
          "static-analysis",
          Set.of("maxErrors"),
          "performance",
          Set.of("maxP95LatencyMs", "maxRegressionPercent"));

  /** The {@code warn} keys each gate reads. */
  public static final Map<String, Set<String>> WARN =
      Map.of(
          "unit-tests",
          Set.of(),
          "integration-tests",
          Set.of(),
          "coverage",
          Set.of("line", "branch"),
          "vulnerabilities",
          Set.of(),
          "licenses",
          Set.of(),
          "sbom",
          Set.of(),
          "secrets",
          Set.of(),
          "static-analysis",
          Set.of("warnings"),
          "performance",
          Set.of("regressionPercent"));

  public GatePolicy {
    critical = critical != null && critical;
    maxScore = maxScore == null ? 100 : maxScore;
    thresholds = thresholds == null ? Map.of() : Map.copyOf(thresholds);
    warn = warn == null ? Map.of() : Map.copyOf(warn);
    allow = allow == null ? List.of() : List.copyOf(allow);
    deny = deny == null ? List.of() : List.copyOf(deny);
  }

  /** A threshold, or {@code fallback} when the policy sets none. */
  public double threshold(String key, double fallback) {
    return thresholds.getOrDefault(key, fallback);
  }

  /**
   * An accepted finding or licence.
   *
   * @param id vulnerability ID (CVE-…) or SPDX licence id
   * @param expires last day it is accepted; null: no expiry
   * @param reason why it is accepted
   */
  public record Allowed(String id, LocalDate expires, String reason) {}
}
