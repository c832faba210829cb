package io.promoflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class UpCommandOptionsTest {

  @Test
  void theStacksJvmOptionsComeFromTheLauncherSplitAtWhiteSpace() {
    assertThat(
            UpCommand.stackJvmOptions(
                Map.of("PROMOFLOW_STACK_JVM_OPTIONS", " -XX:+UseSerialGC  -Xmx512m ")))
        .containsExactly("-XX:+UseSerialGC", "-Xmx512m");
    assertThat(UpCommand.stackJvmOptions(Map.of("PROMOFLOW_STACK_JVM_OPTIONS", "  "))).isEmpty();
    assertThat(UpCommand.stackJvmOptions(Map.of())).isEmpty();
  }
}
