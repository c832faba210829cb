package io.promoflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Issue 17: no command prints {@code SLF4J(W): No SLF4J providers}. SLF4J initialises once per JVM,
 * so the check runs a fresh JVM on the CLI's classpath and captures its stderr.
 */
class LoggingTest {

  /** Initialises SLF4J as kafka-clients does, logs below error, then runs the CLI. */
  public static void main(String[] args) {
    org.slf4j.LoggerFactory.getLogger(LoggingTest.class).warn("a warning the CLI does not show");
    PromoflowCli.main(args);
  }

  @Test
  void aFreshJvmPrintsNoSlf4jWarningAndNoLogBelowError() throws IOException, InterruptedException {
    Process java =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                LoggingTest.class.getName(),
                "status",
                "--help")
            .start();
    String out = new String(java.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(java.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(java.waitFor(60, TimeUnit.SECONDS)).isTrue();

    assertThat(java.exitValue()).isZero();
    assertThat(out).contains("Usage: promoflow status");
    assertThat(err).doesNotContain("SLF4J").doesNotContain("a warning the CLI does not show");
    assertThat(org.slf4j.LoggerFactory.getILoggerFactory().getClass().getName())
        .startsWith("org.slf4j.simple");
  }
}
