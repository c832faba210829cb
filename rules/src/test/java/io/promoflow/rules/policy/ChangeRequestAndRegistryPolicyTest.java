package io.promoflow.rules.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code transitions[].changeRequest} and {@code transitions[].registry}: defaults and validation.
 */
class ChangeRequestAndRegistryPolicyTest {

  static String shipped(String file) throws Exception {
    return Files.readString(Path.of("..", "config", file));
  }

  @Test
  void aChangeRequestIsRequiredIntoProductionByDefaultAndOptionalElsewhere() throws Exception {
    PipelinePolicy p = PolicyLoader.load("p", shipped("pipeline.yaml"));
    assertThat(p.changeRequestRequired("PROD")).isTrue();
    assertThat(p.changeRequestRequired("STAGING")).isFalse();
    assertThat(p.changeRequestRequired("DEV")).isFalse();
    assertThat(p.changeRequestRequired("MARS")).as("unknown stage: fail closed").isTrue();
  }

  @Test
  void aTransitionMaySayOtherwise() throws Exception {
    String yaml =
        shipped("pipeline.yaml")
            .replace(
                "  - from: STAGING\n    to: PROD\n    trigger: manual\n",
                "  - from: STAGING\n    to: PROD\n    trigger: manual\n    changeRequest: optional\n")
            .replace(
                "  - from: QA\n    to: STAGING\n    trigger: automatic\n",
                "  - from: QA\n    to: STAGING\n    trigger: manual\n    changeRequest: required\n");
    PipelinePolicy p = PolicyLoader.load("p", yaml);
    assertThat(p.changeRequestRequired("PROD")).isFalse();
    assertThat(p.changeRequestRequired("STAGING")).isTrue();
  }

  @Test
  void aRequiredChangeRequestOnAnAutomaticTransitionOrAnUnknownValueIsRefusedNamingTheKey()
      throws Exception {
    String automatic =
        shipped("pipeline.yaml")
            .replace(
                "  - from: QA\n    to: STAGING\n    trigger: automatic\n",
                "  - from: QA\n    to: STAGING\n    trigger: automatic\n    changeRequest: required\n");
    assertThatThrownBy(() -> PolicyLoader.load("p", automatic))
        .isInstanceOfSatisfying(
            PolicyValidationException.class,
            e ->
                assertThat(e.violations())
                    .anyMatch(
                        v ->
                            v.startsWith(
                                "transitions[QA->STAGING].changeRequest: required needs trigger manual")));
    String unknown =
        shipped("pipeline.yaml")
            .replace(
                "  - from: STAGING\n    to: PROD\n    trigger: manual\n",
                "  - from: STAGING\n    to: PROD\n    trigger: manual\n    changeRequest: sometimes\n");
    assertThatThrownBy(() -> PolicyLoader.load("p", unknown))
        .isInstanceOf(PolicyValidationException.class)
        .hasMessageContaining("transitions[3].changeRequest");
  }

  @Test
  void theRegistryGateIsOnIntoStagingAndProductionByDefault() throws Exception {
    PipelinePolicy p = PolicyLoader.load("p", shipped("pipeline.yaml"));
    assertThat(p.registryInto("PROD")).contains(RegistryPolicy.DEFAULT);
    assertThat(p.registryInto("STAGING")).contains(RegistryPolicy.DEFAULT);
    assertThat(p.registryInto("QA")).isEmpty();
    assertThat(p.registryInto("DEV")).isEmpty();
    assertThat(p.registryInto("MARS")).as("unknown stage: fail closed").isPresent();
    // the local stack's demo artifacts are in no real registry: it turns the gate off
    PipelinePolicy local = PolicyLoader.load("l", shipped("pipeline-local.yaml"));
    assertThat(local.registryInto("PROD")).isEmpty();
    assertThat(local.registryInto("STAGING")).isEmpty();
  }

  @Test
  void registryChecksAreReadAndBadOnesNamed() throws Exception {
    String yaml =
        shipped("pipeline.yaml")
            .replace(
                "  - from: DEV\n    to: QA\n    trigger: automatic\n",
                "  - from: DEV\n    to: QA\n    trigger: automatic\n"
                    + "    registry: {enabled: true, maxSizeBytes: 500000000, labels: [tier=web], architecture: amd64}\n");
    PipelinePolicy p = PolicyLoader.load("p", yaml);
    assertThat(p.registryInto("QA"))
        .contains(new RegistryPolicy(true, 500_000_000L, List.of("tier=web"), "amd64"));
    String bad =
        yaml.replace("maxSizeBytes: 500000000", "maxSizeBytes: 0")
            .replace("labels: [tier=web]", "labels: ['=web']")
            .replace("architecture: amd64", "architecture: 'AMD 64'");
    assertThatThrownBy(() -> PolicyLoader.load("p", bad))
        .isInstanceOfSatisfying(
            PolicyValidationException.class,
            e ->
                assertThat(e.violations())
                    .contains(
                        "transitions[DEV->QA].registry.maxSizeBytes: must be positive (bytes)",
                        "transitions[DEV->QA].registry.labels[0]: a label name, or name=value",
                        "transitions[DEV->QA].registry.architecture: an OCI architecture such as amd64 or arm64"));
    assertThatThrownBy(
            () -> PolicyLoader.load("p", yaml.replace("architecture: amd64", "arch: amd64")))
        .isInstanceOf(PolicyValidationException.class)
        .hasMessageContaining("registry.arch");
  }
}
