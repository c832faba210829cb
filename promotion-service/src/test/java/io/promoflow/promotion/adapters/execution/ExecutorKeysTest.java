package io.promoflow.promotion.adapters.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promoflow.rules.policy.ExecutorPolicy;
import io.promoflow.rules.policy.PipelinePolicy;
import io.promoflow.rules.policy.PolicyLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExecutorKeysTest {

  static PipelinePolicy signedDev() throws Exception {
    String local = Files.readString(Path.of("../config/pipeline-local.yaml"));
    String yaml =
        local.replace(
            "  - {from: BUILD, to: DEV, trigger: automatic}",
            "  - {from: BUILD, to: DEV, trigger: "
                + "automatic, executor: {type: webhook, url: 'http://127.0.0.1:9/deploy', signingKey: deploy}}");
    assertThat(yaml).contains("signingKey: deploy");
    return PolicyLoader.load("signed.yaml", yaml);
  }

  @Test
  void anExecutorWhoseSigningKeyIsNotConfiguredStopsTheServiceNamingTheKey() throws Exception {
    PipelinePolicy policy = signedDev();
    assertThatThrownBy(() -> ExecutorKeys.check(policy, new ExecutorProperties(Map.of())))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("transitions[BUILD->DEV].executor.signingKey names key 'deploy'")
        .hasMessageContaining("promoflow.executors.keys.deploy")
        .hasMessageContaining("PROMOFLOW_EXECUTORS_KEYS_DEPLOY");
    assertThatThrownBy(
            () -> ExecutorKeys.check(policy, new ExecutorProperties(Map.of("deploy", " "))))
        .hasMessageContaining("'deploy'");
    assertThatCode(
            () -> ExecutorKeys.check(policy, new ExecutorProperties(Map.of("deploy", "s3cret"))))
        .doesNotThrowAnyException();
  }

  @Test
  void aNamedKeyIsNeverReplacedByNoSignature() {
    ExecutorPolicy named =
        new ExecutorPolicy("webhook", "http://x/", "deploy", null, null, null, null, null, null);
    assertThatThrownBy(() -> ExecutorKeys.keyFor(named, new ExecutorProperties(Map.of())))
        .hasMessageContaining("'deploy'");
    assertThat(ExecutorKeys.keyFor(named, new ExecutorProperties(Map.of("deploy", "s3cret"))))
        .isEqualTo("s3cret");
    assertThat(ExecutorKeys.keyFor(ExecutorPolicy.RECORD, new ExecutorProperties(Map.of())))
        .isNull();
  }
}
