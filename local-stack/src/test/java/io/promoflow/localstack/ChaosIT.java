package io.promoflow.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The chaos run of {@code ./promoflow chaos} (GitHub issue 14 point 3) as a test: a multi-process
 * stack with two instances of every service, {@code --kills 10 --builds 50} (or {@code
 * -Dpromoflow.chaos.kills}, {@code -Dpromoflow.chaos.builds}, {@code -Dpromoflow.chaos.seed}),
 * every build driven through DEV, QA and STAGING and every 5th to PROD with an approval, data and
 * per-process logs under {@code target/chaos-*}. 13 JVMs on a loaded 2-core machine: every wait of
 * the run is bounded generously (each step of a build 300 s, quiescence 600 s), so a slow machine
 * makes it slow, not red. The tag {@code chaos} is left out of {@code ./mvnw verify}; {@code
 * .ci/run} runs it after {@code verify} with {@code ./mvnw -B -ntp -o -pl local-stack -am test
 * -Dtest=ChaosIT -Dsurefire.failIfNoSpecifiedTests=false -Dpromoflow.excludedGroups=benchmark}
 * (nothing installed). Its output (every kill, the takeover time, the last line) is in {@code
 * local-stack/target/surefire-reports/*ChaosIT-output.txt}.
 */
@Tag("chaos")
class ChaosIT {

  @Test
  void nothingIsLostOrDoubledWhenProcessesAndTheBrokerAreKilled() {
    Chaos.Options options =
        new Chaos.Options(
            Integer.getInteger("promoflow.chaos.kills", 10),
            Integer.getInteger("promoflow.chaos.builds", 50),
            Long.getLong("promoflow.chaos.seed", 14L),
            Path.of("target", "chaos-" + UUID.randomUUID()).toAbsolutePath(),
            Chaos.POLICY,
            true);
    long t0 = System.nanoTime();
    Chaos.Result result = Chaos.run(options, System.out);
    System.out.printf(
        "%s%n[ChaosIT] took %.1f s (takeover %s)%n",
        result.line(), (System.nanoTime() - t0) / 1e9, result.takeover());

    assertThat(result.kills()).as("kills").isEqualTo(options.kills());
    assertThat(result.accepted()).as("builds accepted").isEqualTo(options.builds());
    assertThat(result.checks().lost()).as("accepted, never recorded").isEmpty();
    assertThat(result.checks().duplicates()).as("facts recorded twice").isEmpty();
    assertThat(result.auditIntact()).as("audit verify").isTrue();
    assertThat(result.replayIdentical()).as("audit replay").isTrue();
    assertThat(result.line())
        .endsWith(" 0 lost, 0 duplicated, audit intact, replay identical")
        .startsWith("chaos: " + options.kills() + " kills, " + options.builds() + " builds");
    assertThat(result.passed()).isTrue();
  }
}
