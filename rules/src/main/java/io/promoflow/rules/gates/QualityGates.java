package io.promoflow.rules.gates;

import io.promoflow.rules.policy.GatePolicy;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The configurable quality gates of a transition, decided from the build's evidence metrics ({@link
 * GatePolicy} lists the gates and thresholds). A failed critical gate stops the evaluation: later
 * gates are not evaluated.
 */
public final class QualityGates {

  private QualityGates() {}

  /** Name of the result that fails a release request whose release type is unknown. */
  public static final String RELEASE_TYPE = "release-type";

  /**
   * The gates a request that belongs to no platform release is held to; see {@link
   * #forRequest(io.promoflow.rules.policy.PipelinePolicy,
   * io.promoflow.schemas.requests.PromotionType, String, String, String)}.
   */
  public static List<GatePolicy> forRequest(
      io.promoflow.rules.policy.PipelinePolicy policy,
      io.promoflow.schemas.requests.PromotionType type,
      String urgency,
      String targetStage) {
    return forRequest(policy, type, urgency, null, targetStage);
  }

  /**
   * The gates a request is held to: none for a rollback (it returns to a known-good build); for a
   * component promotion of a platform release, the release type's gate profile ({@code
   * policy.releases().gates(type, transition gates)}: {@code releases.types.<TYPE>.gates}, else its
   * validation level's selection of the transition's gates; RELEASES.md point 4); a hotfix's gate
   * profile ({@code hotfix.<URGENCY>.gates}) when its policy has one; else the gates of the
   * transition into the target stage.
   *
   * @param releaseType {@code PromotionRequested.release.type}, or null for no release
   * @throws IllegalArgumentException for a release type that is not a {@link
   *     io.promoflow.rules.policy.ReleaseType}: {@link #unknownReleaseType} fails such a request
   *     before its gates are chosen
   */
  public static List<GatePolicy> forRequest(
      io.promoflow.rules.policy.PipelinePolicy policy,
      io.promoflow.schemas.requests.PromotionType type,
      String urgency,
      String releaseType,
      String targetStage) {
    if (type == io.promoflow.schemas.requests.PromotionType.ROLLBACK) {
      return List.of();
    }
    List<GatePolicy> transition =
        policy
            .previousStage(targetStage)
            .flatMap(from -> policy.transition(from, targetStage))
            .map(io.promoflow.rules.policy.TransitionPolicy::gates)
            .orElse(List.of());
    if (releaseType != null) {
      return policy
          .releases()
          .gates(io.promoflow.rules.policy.ReleaseType.valueOf(releaseType), transition);
    }
    if (type == io.promoflow.schemas.requests.PromotionType.HOTFIX && urgency != null) {
      io.promoflow.rules.policy.HotfixPolicy hotfix =
          policy.hotfix().get(io.promoflow.rules.policy.Urgency.valueOf(urgency));
      if (hotfix != null && hotfix.gates() != null) {
        return hotfix.gates();
      }
    }
    return transition;
  }

  /**
   * The failed, critical {@value #RELEASE_TYPE} result of a release request whose type Promoflow
   * does not know, or empty when {@code releaseType} is null (no release) or known. Fail closed: a
   * release type names the gate profile; an unknown one must not fall back to a lighter one.
   */
  public static java.util.Optional<RuleResult> unknownReleaseType(String releaseType) {
    if (releaseType == null) {
      return java.util.Optional.empty();
    }
    for (io.promoflow.rules.policy.ReleaseType t : io.promoflow.rules.policy.ReleaseType.values()) {
      if (t.name().equals(releaseType)) {
        return java.util.Optional.empty();
      }
    }
    return java.util.Optional.of(
        RuleResult.fail(
            RELEASE_TYPE,
            "unknown release type "
                + releaseType
                + " (known: "
                + java.util.Arrays.toString(io.promoflow.rules.policy.ReleaseType.values())
                + "): no gate profile can be chosen for it",
            Map.of("releaseType", releaseType)));
  }

  /**
   * Results of {@code gates} in order, stopping after the first failed critical gate.
   *
   * @param today for allow-list expiry
   */
  public static List<RuleResult> evaluate(
      List<GatePolicy> gates, BuildFacts build, LocalDate today) {
    return evaluate(gates, build, null, today);
  }

  /**
   * As {@link #evaluate(List, BuildFacts, LocalDate)}, with the build now running in the target
   * stage for regression checks (null when there is none).
   */
  public static List<RuleResult> evaluate(
      List<GatePolicy> gates, BuildFacts build, BuildFacts inTarget, LocalDate today) {
    Map<String, Double> m = build == null ? Map.of() : build.metrics();
    List<RuleResult> results = new ArrayList<>();
    for (GatePolicy gate : gates) {
      RuleResult r =
          gate.name().equals("performance")
              ? performance(gate, m, inTarget == null ? Map.of() : inTarget.metrics())
              : one(gate, m, today);
      results.add(r);
      if (!r.passed() && !r.warned() && gate.critical()) {
        break;
      }
    }
    return results;
  }

  static RuleResult one(GatePolicy g, Map<String, Double> m, LocalDate today) {
    return switch (g.name()) {
      case "unit-tests" -> unitTests(g, m);
      case "integration-tests" -> integrationTests(g, m);
      case "performance" -> performance(g, m, Map.of());
      case "coverage" -> coverage(g, m);
      case "vulnerabilities" -> vulnerabilities(g, m, today);
      case "licenses" -> licenses(g, m);
      case "sbom" -> sbom(g, m);
      case "secrets" -> secrets(g, m);
      case "static-analysis" -> staticAnalysis(g, m);
      default -> throw new IllegalStateException("policy validation admits no gate " + g.name());
    };
  }

  private static RuleResult unitTests(GatePolicy g, Map<String, Double> m) {
    if (!m.containsKey("tests.total")) {
      return noEvidence(g, "junit-xml");
    }
    double total = m.get("tests.total");
    double failed = m.getOrDefault("tests.failed", 0.0);
    double maxFailed = g.threshold("maxFailed", 0);
    double minTests = g.threshold("minTests", 1);
    Map<String, String> in =
        inputs(
            "tests.total",
            total,
            "tests.failed",
            failed,
            "maxFailed",
            maxFailed,
            "minTests",
            minTests);
    if (failed > maxFailed) {
      return fail(g, (long) failed + " of " + (long) total + " tests failed", in);
    }
    if (total < minTests) {
      return fail(
          g, "only " + (long) total + " tests, at least " + (long) minTests + " required", in);
    }
    return pass(g, (long) total + " tests, none failed", in);
  }

  private static RuleResult integrationTests(GatePolicy g, Map<String, Double> m) {
    if (!m.containsKey("integration.tests.total")) {
      return fail(g, "no junit-xml evidence of kind integration", Map.of());
    }
    Map<String, Double> unitNames = new LinkedHashMap<>();
    m.forEach(
        (k, v) -> {
          if (k.startsWith("integration.")) {
            unitNames.put(k.substring("integration.".length()), v);
          }
        });
    RuleResult r = unitTests(g, unitNames);
    return new RuleResult(
        g.name(),
        r.passed(),
        r.score(),
        r.maxScore(),
        r.critical(),
        r.reason().replace("tests", "integration tests"),
        r.inputs(),
        r.warned());
  }

  private static RuleResult performance(
      GatePolicy g, Map<String, Double> m, Map<String, Double> target) {
    if (!m.containsKey("perf.p95LatencyMs")) {
      return noEvidence(g, "benchmark-json");
    }
    double p95 = m.get("perf.p95LatencyMs");
    Double before = target.get("perf.p95LatencyMs");
    double regression = before == null || before <= 0 ? 0 : 100.0 * (p95 - before) / before;
    double maxP95 = g.threshold("maxP95LatencyMs", Double.MAX_VALUE);
    double maxRegression = g.threshold("maxRegressionPercent", Double.MAX_VALUE);
    Map<String, String> in =
        inputs(
            "perf.p95LatencyMs",
            p95,
            "targetStageP95LatencyMs",
            before == null ? -1.0 : before,
            "regressionPercent",
            regression,
            "maxP95LatencyMs",
            maxP95,
            "maxRegressionPercent",
            maxRegression);
    String measured =
        String.format(java.util.Locale.ROOT, "p95 %.0f ms", p95)
            + (before == null
                ? " (nothing in the target stage to compare with)"
                : String.format(
                    java.util.Locale.ROOT,
                    ", %+.1f%% against the version in the target stage",
                    regression));
    if (p95 > maxP95 || regression > maxRegression) {
      return fail(g, measured + " exceeds the limits", in);
    }
    if (regression > g.warn().getOrDefault("regressionPercent", Double.MAX_VALUE)) {
      return warn(g, measured, in);
    }
    return pass(g, measured, in);
  }

  private static RuleResult coverage(GatePolicy g, Map<String, Double> m) {
    if (!m.containsKey("coverage.line")) {
      return noEvidence(g, "jacoco-xml");
    }
    double line = m.get("coverage.line");
    double branch = m.getOrDefault("coverage.branch", 100.0);
    double minLine = g.threshold("minLine", 0);
    double minBranch = g.threshold("minBranch", 0);
    Map<String, String> in =
        inputs(
            "coverage.line",
            line,
            "coverage.branch",
            branch,
            "minLine",
            minLine,
            "minBranch",
            minBranch);
    if (line < minLine || branch < minBranch) {
      return fail(
          g,
          String.format(
              java.util.Locale.ROOT,
              "coverage line %.1f%% / branch %.1f%% below %.0f%% / %.0f%%",
              line,
              branch,
              minLine,
              minBranch),
          in);
    }
    if (line < g.warn().getOrDefault("line", 0.0)
        || branch < g.warn().getOrDefault("branch", 0.0)) {
      return warn(
          g,
          String.format(
              java.util.Locale.ROOT,
              "coverage line %.1f%% / branch %.1f%% in the warning band",
              line,
              branch),
          in);
    }
    return pass(
        g,
        String.format(java.util.Locale.ROOT, "coverage line %.1f%%, branch %.1f%%", line, branch),
        in);
  }

  private static RuleResult vulnerabilities(GatePolicy g, Map<String, Double> m, LocalDate today) {
    if (!m.containsKey("sbom.components")) {
      return noEvidence(g, "cyclonedx");
    }
    Map<String, Double> counts = new LinkedHashMap<>();
    for (String s : List.of("critical", "high", "medium", "low")) {
      counts.put(s, m.getOrDefault("vulnerabilities." + s, 0.0));
    }
    List<String> accepted = new ArrayList<>();
    for (GatePolicy.Allowed a : g.allow()) {
      Double rank = m.get("vulnerability." + a.id());
      if (rank != null && (a.expires() == null || !today.isAfter(a.expires()))) {
        String severity =
            List.of("low", "medium", "high", "critical")
                .get(Math.max(0, Math.min(3, rank.intValue() - 1)));
        counts.merge(severity, -1.0, Double::sum);
        accepted.add(a.id());
      }
    }
    double maxCritical = g.threshold("maxCritical", 0);
    double maxHigh = g.threshold("maxHigh", Double.MAX_VALUE);
    Map<String, String> in =
        inputs(
            "critical",
            counts.get("critical"),
            "high",
            counts.get("high"),
            "medium",
            counts.get("medium"),
            "maxCritical",
            maxCritical,
            "maxHigh",
            maxHigh);
    String allowed =
        accepted.isEmpty() ? "" : " (accepted until expiry: " + String.join(", ", accepted) + ")";
    if (counts.get("critical") > maxCritical
        || counts.get("high") > maxHigh
        || counts.get("medium") > g.threshold("maxMedium", Double.MAX_VALUE)) {
      return fail(
          g,
          (long) (double) counts.get("critical")
              + " critical, "
              + (long) (double) counts.get("high")
              + " high, "
              + (long) (double) counts.get("medium")
              + " medium vulnerabilities exceed the limits"
              + allowed,
          in);
    }
    return pass(
        g,
        (long) (double) counts.get("critical")
            + " critical, "
            + (long) (double) counts.get("high")
            + " high vulnerabilities"
            + allowed,
        in);
  }

  private static RuleResult licenses(GatePolicy g, Map<String, Double> m) {
    if (!m.containsKey("sbom.components")) {
      return noEvidence(g, "cyclonedx");
    }
    List<String> found =
        m.keySet().stream()
            .filter(k -> k.startsWith("license."))
            .map(k -> k.substring(8))
            .sorted()
            .toList();
    List<String> denied = found.stream().filter(g.deny()::contains).toList();
    Map<String, String> in =
        Map.of("licenses", String.join(",", found), "deny", String.join(",", g.deny()));
    if (!denied.isEmpty()) {
      return fail(g, "denied licences: " + String.join(", ", denied), in);
    }
    List<String> allowList = g.allow().stream().map(GatePolicy.Allowed::id).toList();
    List<String> unlisted =
        allowList.isEmpty()
            ? List.of()
            : found.stream().filter(l -> !allowList.contains(l)).toList();
    if (!unlisted.isEmpty()) {
      return warn(g, "licences outside the allow-list: " + String.join(", ", unlisted), in);
    }
    return pass(g, found.size() + " licences, none denied", in);
  }

  private static RuleResult sbom(GatePolicy g, Map<String, Double> m) {
    if (!m.containsKey("sbom.components")) {
      return noEvidence(g, "cyclonedx");
    }
    double components = m.get("sbom.components");
    double minComponents = g.threshold("minComponents", 1);
    Map<String, String> in = inputs("sbom.components", components, "minComponents", minComponents);
    return components >= minComponents
        ? pass(g, "SBOM lists " + (long) components + " components", in)
        : fail(g, "SBOM lists " + (long) components + " components", in);
  }

  private static RuleResult secrets(GatePolicy g, Map<String, Double> m) {
    if (!m.containsKey("secrets.findings")) {
      return noEvidence(g, "sarif");
    }
    double findings = m.get("secrets.findings");
    double maxFindings = g.threshold("maxFindings", 0);
    Map<String, String> in = inputs("secrets.findings", findings, "maxFindings", maxFindings);
    return findings > maxFindings
        ? fail(g, (long) findings + " secrets found", in)
        : pass(g, "no secrets found", in);
  }

  private static RuleResult staticAnalysis(GatePolicy g, Map<String, Double> m) {
    if (!m.containsKey("sarif.errors")) {
      return noEvidence(g, "sarif");
    }
    double errors = m.get("sarif.errors");
    double warnings = m.getOrDefault("sarif.warnings", 0.0);
    double maxErrors = g.threshold("maxErrors", 0);
    Map<String, String> in =
        inputs("sarif.errors", errors, "sarif.warnings", warnings, "maxErrors", maxErrors);
    if (errors > maxErrors) {
      return fail(g, (long) errors + " errors from static analysis", in);
    }
    if (warnings > g.warn().getOrDefault("warnings", Double.MAX_VALUE)) {
      return warn(g, (long) warnings + " warnings from static analysis", in);
    }
    return pass(g, (long) errors + " errors, " + (long) warnings + " warnings", in);
  }

  private static Map<String, String> inputs(Object... kv) {
    Map<String, String> in = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      Object v = kv[i + 1];
      in.put(
          (String) kv[i],
          v instanceof Double d && d == Double.MAX_VALUE
              ? "none"
              : v instanceof Double d
                  ? (d == Math.rint(d)
                      ? String.valueOf(d.longValue())
                      : String.format(java.util.Locale.ROOT, "%.2f", d))
                  : String.valueOf(v));
    }
    return in;
  }

  /**
   * The fail-closed result of a gate whose evidence of {@code kind} is missing from the build: no
   * evidence is never a pass.
   */
  private static RuleResult noEvidence(GatePolicy g, String kind) {
    return fail(g, "no " + kind + " evidence", Map.of());
  }

  private static RuleResult pass(GatePolicy g, String reason, Map<String, String> in) {
    return new RuleResult(
        g.name(), true, g.maxScore(), g.maxScore(), g.critical(), reason, in, false);
  }

  private static RuleResult warn(GatePolicy g, String reason, Map<String, String> in) {
    return new RuleResult(
        g.name(), true, g.maxScore() / 2, g.maxScore(), g.critical(), reason, in, true);
  }

  private static RuleResult fail(GatePolicy g, String reason, Map<String, String> in) {
    return new RuleResult(g.name(), false, 0, g.maxScore(), g.critical(), reason, in, false);
  }
}
