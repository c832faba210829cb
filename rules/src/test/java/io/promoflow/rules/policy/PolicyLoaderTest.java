package io.promoflow.rules.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PolicyLoaderTest {

  static String shipped(String file) throws Exception {
    return Files.readString(Path.of("..", "config", file));
  }

  @ParameterizedTest
  @ValueSource(strings = {"pipeline.yaml", "pipeline-local.yaml"})
  void shippedPoliciesAreValid(String file) throws Exception {
    PipelinePolicy p = PolicyLoader.load(file, shipped(file));
    assertThat(p.stageNames()).containsExactly("DEV", "QA", "STAGING", "PROD");
    assertThat(p.transition(null, "DEV"))
        .get()
        .extracting(TransitionPolicy::trigger)
        .isEqualTo(TransitionPolicy.Trigger.automatic);
    assertThat(p.transition("STAGING", "PROD").orElseThrow().approverRoles())
        .containsExactly("release-manager", "platform-lead");
    assertThat(p.digest()).matches("sha256:[0-9a-f]{64}");
    assertThat(p.nextStage("QA")).contains("STAGING");
    assertThat(p.previousStage("DEV")).contains(PipelinePolicy.BUILD);
  }

  @Test
  void localPolicyHasShortWindows() throws Exception {
    PipelinePolicy p = PolicyLoader.load("local", shipped("pipeline-local.yaml"));
    assertThat(p.stage("DEV").orElseThrow().monitoringWindow())
        .isLessThanOrEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void factsTimeoutDefaultsToTenMinutesAndMustBePositive() throws Exception {
    assertThat(PolicyLoader.load("p.yaml", shipped("pipeline.yaml")).gates().factsTimeout())
        .isEqualTo(java.time.Duration.ofMinutes(10));
    assertThat(
            PolicyLoader.load(
                    "p.yaml", shipped("pipeline.yaml") + "\ngates: {factsTimeout: PT2M}\n")
                .gates()
                .factsTimeout())
        .isEqualTo(java.time.Duration.ofMinutes(2));
    assertThatThrownBy(
            () ->
                PolicyLoader.load(
                    "p.yaml", shipped("pipeline.yaml") + "\ngates: {factsTimeout: PT0S}\n"))
        .isInstanceOf(PolicyValidationException.class)
        .hasMessageContaining("gates.factsTimeout: must be a positive");
  }

  @Test
  void productionWithoutApprovalIsRefusedNamingTheKey() throws Exception {
    String yaml =
        shipped("pipeline.yaml")
            .replace(
                "    approval: {roles: [release-manager, platform-lead], quorum: 1, timeout: PT24H, escalationRole: platform-lead}\n",
                "");
    assertThatThrownBy(() -> PolicyLoader.load("p.yaml", yaml))
        .isInstanceOf(PolicyValidationException.class)
        .hasMessageContaining("transitions[STAGING->PROD].approval: required");
  }

  @Test
  void anAutomaticTriggerIntoProductionIsRefusedNamingTheKey() throws Exception {
    for (String file : new String[] {"pipeline.yaml", "pipeline-local.yaml"}) {
      String yaml =
          shipped(file)
              .replace(
                  "  - from: STAGING\n    to: PROD\n    trigger: manual\n",
                  "  - from: STAGING\n    to: PROD\n    trigger: automatic\n");
      assertThat(yaml).as(file).contains("to: PROD\n    trigger: automatic");
      assertThatThrownBy(() -> PolicyLoader.load(file, yaml))
          .isInstanceOfSatisfying(
              PolicyValidationException.class,
              e ->
                  assertThat(e.violations())
                      .contains(
                          "transitions[STAGING->PROD].trigger: automatic is not allowed into the "
                              + "production stage PROD; use manual (a person requests it)"));
    }
  }

  @Test
  void everyBadKeyIsNamed() throws Exception {
    String yaml =
        shipped("pipeline.yaml")
            .replace("minScore: 80", "minScore: 180")
            .replace("monitoringWindow: PT30M", "monitoringWindow: PT0S")
            .replace(
                "      channels: [slack]\n",
                "      channels: [pager]\n      stages: [MARS]\n      recipients: [not-an-address]\n")
            .replace("- from: QA\n    to: STAGING", "- from: DEV\n    to: STAGING")
            .replace("{name: sbom, critical: true}", "{name: smoke-tests, maxScore: 0}")
            .replace(
                "thresholds: {maxErrors: 0}, warn: {warnings: 20}",
                "thresholds: {maxError: 0}, warn: {warning: 20}");
    assertThatThrownBy(() -> PolicyLoader.load("p.yaml", yaml))
        .isInstanceOfSatisfying(
            PolicyValidationException.class,
            e ->
                assertThat(e.violations())
                    .anyMatch(v -> v.startsWith("transitions[DEV->QA].minScore: must be 0..100"))
                    .anyMatch(v -> v.startsWith("stages[1].monitoringWindow: must be a positive"))
                    .anyMatch(
                        v ->
                            v.startsWith(
                                "notifications.routes[3].channels[0]: unknown channel pager"))
                    .anyMatch(
                        v -> v.startsWith("notifications.routes[3].stages[0]: unknown stage MARS"))
                    .anyMatch(
                        v ->
                            v.startsWith(
                                "notifications.routes[3].recipients[0]: not an e-mail address"))
                    .anyMatch(v -> v.startsWith("transitions[DEV->STAGING]: skips a stage"))
                    .anyMatch(
                        v ->
                            v.equals(
                                "transitions[STAGING->PROD].gates[5].thresholds.maxError: not read by static-analysis"
                                    + " (known: [maxErrors])"))
                    .anyMatch(
                        v ->
                            v.startsWith(
                                "transitions[STAGING->PROD].gates[5].warn.warning: not read by static-analysis"))
                    .anyMatch(v -> v.startsWith("transitions[QA->STAGING]: missing"))
                    .anyMatch(
                        v ->
                            v.startsWith(
                                "transitions[STAGING->PROD].gates[6].name: unknown gate smoke-tests"))
                    .anyMatch(
                        v ->
                            v.startsWith(
                                "transitions[STAGING->PROD].gates[6].maxScore: must be 1..1000")));
  }

  @Test
  void unknownKeysAndWrongTypesNameTheirPath() {
    assertThatThrownBy(
            () ->
                PolicyLoader.load("p.yaml", "stages:\n  - name: DEV\n    monitoringWindw: PT1M\n"))
        .hasMessageContaining("stages[0].monitoringWindw");
    assertThatThrownBy(
            () -> PolicyLoader.load("p.yaml", "stages:\n  - name: DEV\n    soakTime: soon\n"))
        .hasMessageContaining("stages[0].soakTime");
  }
}
