package io.promoflow.rules.policy;

import java.util.List;

/**
 * The type of a platform release (reference release-management-guide.md "Release Type
 * Classification"): it gives the release's validation level and deployment strategy, each
 * overridable per type in the policy ({@code releases.types.<TYPE>}).
 *
 * <p>Defaults, the guide's matrix: PLATFORM_MAJOR comprehensive / blue-green, PLATFORM_MINOR
 * standard / rolling, PLATFORM_PATCH focused / rolling, SERVICE_HOTFIX minimal / direct,
 * SECURITY_PATCH security-focused / expedited-rolling, ROLLBACK rollback-validation / immediate.
 */
public enum ReleaseType {
  PLATFORM_MAJOR("comprehensive", "blue-green"),
  PLATFORM_MINOR("standard", "rolling"),
  PLATFORM_PATCH("focused", "rolling"),
  SERVICE_HOTFIX("minimal", "direct"),
  SECURITY_PATCH("security-focused", "expedited-rolling"),
  ROLLBACK("rollback-validation", "immediate");

  /** Validation levels, each a selection of the transition's quality gates ({@link #gates}). */
  public static final List<String> VALIDATION_LEVELS =
      List.of(
          "comprehensive",
          "standard",
          "focused",
          "minimal",
          "security-focused",
          "rollback-validation");

  /** Deployment strategies a release may name (recorded for executors; Promoflow deploys none). */
  public static final List<String> STRATEGIES =
      List.of("blue-green", "rolling", "direct", "expedited-rolling", "immediate", "canary");

  private final String validation;
  private final String strategy;

  ReleaseType(String validation, String strategy) {
    this.validation = validation;
    this.strategy = strategy;
  }

  /** The guide's validation level of this type. */
  public String defaultValidation() {
    return validation;
  }

  /** The guide's deployment strategy of this type. */
  public String defaultStrategy() {
    return strategy;
  }

  /**
   * The quality gates a validation level keeps of a transition's gates, with the transition's
   * thresholds (one home for thresholds): {@code comprehensive} every gate, each made critical;
   * {@code standard} the transition's gates as they are; {@code focused} unit-tests,
   * integration-tests, vulnerabilities, secrets; {@code minimal} unit-tests, vulnerabilities;
   * {@code security-focused} vulnerabilities, secrets, licenses, sbom, unit-tests, each critical;
   * {@code rollback-validation} none (the built-in eligibility rules still run: built, immutable,
   * traceable).
   *
   * @throws IllegalArgumentException for an unknown level
   */
  public static List<GatePolicy> gates(String validationLevel, List<GatePolicy> transitionGates) {
    return switch (validationLevel) {
      case "comprehensive" -> transitionGates.stream().map(ReleaseType::critical).toList();
      case "standard" -> transitionGates;
      case "focused" ->
          keep(
              transitionGates,
              List.of("unit-tests", "integration-tests", "vulnerabilities", "secrets"));
      case "minimal" -> keep(transitionGates, List.of("unit-tests", "vulnerabilities"));
      case "security-focused" ->
          keep(
                  transitionGates,
                  List.of("vulnerabilities", "secrets", "licenses", "sbom", "unit-tests"))
              .stream()
              .map(ReleaseType::critical)
              .toList();
      case "rollback-validation" -> List.of();
      default -> throw new IllegalArgumentException("unknown validation level " + validationLevel);
    };
  }

  private static List<GatePolicy> keep(List<GatePolicy> gates, List<String> names) {
    return gates.stream().filter(g -> names.contains(g.name())).toList();
  }

  private static GatePolicy critical(GatePolicy g) {
    return new GatePolicy(
        g.name(), true, g.maxScore(), g.thresholds(), g.warn(), g.allow(), g.deny());
  }
}
