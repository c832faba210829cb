package io.promoflow.rules.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class OnNoDataPolicyTest {

  static String shipped() throws Exception {
    return Files.readString(Path.of("..", "config", "pipeline.yaml"));
  }

  @Test
  void aWindowWithoutDataIsInconclusiveUnlessTheStageSaysOtherwise() throws Exception {
    PipelinePolicy p =
        PolicyLoader.load(
            "p.yaml",
            shipped()
                .replace(
                    "    verification: {minHealthScore: 0.8, maxErrorRate: 0.02, maxLatencyP99Ms: 1500}",
                    "    verification: {minHealthScore: 0.8, maxErrorRate: 0.02, maxLatencyP99Ms: 1500, onNoData: fail}"));
    assertThat(p.stage("DEV").orElseThrow().verification().onNoData())
        .isEqualTo(VerificationPolicy.OnNoData.INCONCLUSIVE);
    assertThat(p.stage("STAGING").orElseThrow().verification().onNoData())
        .isEqualTo(VerificationPolicy.OnNoData.FAIL);
    assertThat(VerificationPolicy.DEFAULTS.onNoData())
        .isEqualTo(VerificationPolicy.OnNoData.INCONCLUSIVE);
  }

  @Test
  void anUnknownValueIsRefusedNamingTheKey() throws Exception {
    String yaml =
        shipped()
            .replace(
                "    verification: {minHealthScore: 0.9,",
                "    verification: {onNoData: ignore, minHealthScore: 0.9,");
    assertThatThrownBy(() -> PolicyLoader.load("p.yaml", yaml))
        .isInstanceOf(PolicyValidationException.class)
        .hasMessageContaining("stages[3].verification.onNoData");
  }
}
