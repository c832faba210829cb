package io.promoflow.rules.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code releases.types} and {@code releases.train}: the release-management guide's type matrix as
 * defaults, each validation level's selection of a transition's gates, overrides and validation.
 */
class ReleaseTypesPolicyTest {

  static PipelinePolicy shipped() throws Exception {
    return PolicyLoader.load("p", Files.readString(Path.of("..", "config", "pipeline.yaml")));
  }

  static PipelinePolicy withReleases(String block) throws Exception {
    String yaml =
        Files.readString(Path.of("..", "config", "pipeline.yaml"))
            .replaceFirst("(?m)^releases:\\n(  .*\\n|\\s*#.*\\n)*", "");
    return PolicyLoader.load("p", yaml + "\n" + block);
  }

  static List<GatePolicy> prodGates(PipelinePolicy p) {
    return p.transition("STAGING", "PROD").orElseThrow().gates();
  }

  static List<String> names(List<GatePolicy> gates) {
    return gates.stream().map(GatePolicy::name).toList();
  }

  @Test
  void theDefaultsAreTheGuidesMatrix() throws Exception {
    ReleasesPolicy r = shipped().releases();
    assertThat(r.validation(ReleaseType.PLATFORM_MAJOR)).isEqualTo("comprehensive");
    assertThat(r.validation(ReleaseType.PLATFORM_MINOR)).isEqualTo("standard");
    assertThat(r.validation(ReleaseType.PLATFORM_PATCH)).isEqualTo("focused");
    assertThat(r.validation(ReleaseType.SERVICE_HOTFIX)).isEqualTo("minimal");
    assertThat(r.validation(ReleaseType.SECURITY_PATCH)).isEqualTo("security-focused");
    assertThat(r.validation(ReleaseType.ROLLBACK)).isEqualTo("rollback-validation");
    assertThat(r.strategy(ReleaseType.PLATFORM_MAJOR)).isEqualTo("blue-green");
    assertThat(r.strategy(ReleaseType.PLATFORM_MINOR)).isEqualTo("rolling");
    assertThat(r.strategy(ReleaseType.PLATFORM_PATCH)).isEqualTo("rolling");
    assertThat(r.strategy(ReleaseType.SERVICE_HOTFIX)).isEqualTo("direct");
    assertThat(r.strategy(ReleaseType.SECURITY_PATCH)).isEqualTo("expedited-rolling");
    assertThat(r.strategy(ReleaseType.ROLLBACK)).isEqualTo("immediate");
    for (ReleaseType t : ReleaseType.values()) {
      assertThat(r.approval(t)).as("%s: the transition's approval", t).isNull();
    }
  }

  @Test
  void eachValidationLevelSelectsTheTransitionsGatesWithTheirThresholds() throws Exception {
    PipelinePolicy p = shipped();
    List<GatePolicy> prod = prodGates(p);
    ReleasesPolicy r = p.releases();

    assertThat(r.gates(ReleaseType.PLATFORM_MINOR, prod)).isEqualTo(prod);
    List<GatePolicy> comprehensive = r.gates(ReleaseType.PLATFORM_MAJOR, prod);
    assertThat(names(comprehensive)).isEqualTo(names(prod));
    assertThat(comprehensive).allMatch(GatePolicy::critical);
    assertThat(comprehensive.get(names(prod).indexOf("coverage")).thresholds())
        .as("thresholds keep their one home: the transition")
        .isEqualTo(prod.get(names(prod).indexOf("coverage")).thresholds());
    assertThat(names(r.gates(ReleaseType.PLATFORM_PATCH, prod)))
        .containsExactly("unit-tests", "vulnerabilities", "secrets", "integration-tests");
    assertThat(names(r.gates(ReleaseType.SERVICE_HOTFIX, prod)))
        .containsExactly("unit-tests", "vulnerabilities");
    List<GatePolicy> security = r.gates(ReleaseType.SECURITY_PATCH, prod);
    assertThat(names(security))
        .containsExactly("unit-tests", "vulnerabilities", "licenses", "secrets", "sbom");
    assertThat(security).allMatch(GatePolicy::critical);
    assertThat(r.gates(ReleaseType.ROLLBACK, prod)).isEmpty();
  }

  @Test
  void aTypeMayNameItsOwnLevelStrategyGatesAndApproval() throws Exception {
    PipelinePolicy p =
        withReleases(
            """
            releases:
              types:
                PLATFORM_MINOR:
                  validation: minimal
                  strategy: canary
                SECURITY_PATCH:
                  gates:
                    - {name: vulnerabilities, critical: true, thresholds: {maxCritical: 0, maxHigh: 0}}
                  approval: {roles: [security-officer], quorum: 1, timeout: PT2H}
            """);
    ReleasesPolicy r = p.releases();
    assertThat(r.validation(ReleaseType.PLATFORM_MINOR)).isEqualTo("minimal");
    assertThat(r.strategy(ReleaseType.PLATFORM_MINOR)).isEqualTo("canary");
    assertThat(names(r.gates(ReleaseType.PLATFORM_MINOR, prodGates(p))))
        .containsExactly("unit-tests", "vulnerabilities");
    assertThat(names(r.gates(ReleaseType.SECURITY_PATCH, prodGates(p))))
        .containsExactly("vulnerabilities");
    assertThat(r.approval(ReleaseType.SECURITY_PATCH).roles()).containsExactly("security-officer");
    assertThat(r.validation(ReleaseType.PLATFORM_MAJOR))
        .as("a type not named keeps the guide's default")
        .isEqualTo("comprehensive");
  }

  @Test
  void theTrainDefaultsAreTheGuides() throws Exception {
    PipelinePolicy p = shipped();
    TrainPolicy train = p.releases().train();
    assertThat(train.cadence()).isEqualTo(Duration.ofDays(14));
    assertThat(train.cutoff()).isEqualTo(Duration.ofDays(14));
    assertThat(train.phases().keySet())
        .containsExactly(
            "collection",
            "compatibility-analysis",
            "integration",
            "staging",
            "readiness-review",
            "production",
            "post-release-monitoring",
            "retrospective");
    assertThat(p.trainSourceStage()).as("two stages before production").isEqualTo("QA");
  }

  @Test
  void badReleaseSettingsAreRefusedNamingTheKey() throws Exception {
    assertThatThrownBy(
            () ->
                withReleases(
                    """
                    releases:
                      types:
                        PLATFORM_MAJOR: {validation: thorough, strategy: big-bang}
                        ROLLBACK:
                          gates: [{name: vibes}]
                      train:
                        cadence: PT0S
                        cutoff: -P1D
                        sourceStage: MARS
                        phases: {collection: P2D, staging: P1D}
                    """))
        .isInstanceOfSatisfying(
            PolicyValidationException.class,
            e ->
                assertThat(e.violations())
                    .anySatisfy(
                        v -> assertThat(v).startsWith("releases.types.PLATFORM_MAJOR.validation"))
                    .anySatisfy(
                        v -> assertThat(v).startsWith("releases.types.PLATFORM_MAJOR.strategy"))
                    .anySatisfy(
                        v -> assertThat(v).startsWith("releases.types.ROLLBACK.gates[0].name"))
                    .anySatisfy(v -> assertThat(v).startsWith("releases.train.cadence"))
                    .anySatisfy(v -> assertThat(v).startsWith("releases.train.cutoff"))
                    .anySatisfy(v -> assertThat(v).startsWith("releases.train.sourceStage"))
                    .anySatisfy(v -> assertThat(v).startsWith("releases.train.phases.staging")));
    assertThatThrownBy(
            () ->
                withReleases("releases:\n  types:\n    PLATFORM_GIGANTIC: {validation: minimal}\n"))
        .isInstanceOf(PolicyValidationException.class)
        .hasMessageContaining("PLATFORM_GIGANTIC");
  }
}
