package io.promoflow.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** {@link ProcessStack}'s processes, ports and arguments, without starting any. */
class ProcessStackTest {

  @Test
  void instanceIListensOnTheServicePortPlusTenThousandTimesI() {
    ProcessStack.Settings s = ProcessStack.Settings.from(new Properties(), 2);
    List<ProcessStack.Member> members = s.members();

    // the broker, two instances of each of the six services, one console
    assertThat(members).hasSize(1 + 2 * Service.services().size() + 1);
    assertThat(members)
        .filteredOn(m -> m.service() == Service.CONSOLE)
        .extracting(ProcessStack.Member::name, ProcessStack.Member::port)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("console-0", 8080));
    assertThat(members.get(0).isBroker()).isTrue();
    assertThat(members.get(0).port()).isEqualTo(9092);
    assertThat(members)
        .filteredOn(m -> m.service() == Service.PROMOTION)
        .extracting(ProcessStack.Member::name, ProcessStack.Member::port)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("promotion-0", 8083),
            org.assertj.core.groups.Tuple.tuple("promotion-1", 18083));
  }

  @Test
  void portZeroGivesEveryInstanceItsOwnFreePort() {
    Properties p = new Properties();
    p.setProperty("promoflow.ports", "0");
    List<ProcessStack.Member> services =
        ProcessStack.Settings.from(p, 3).members().stream().filter(m -> !m.isBroker()).toList();

    // three instances of each of the six services, one console
    assertThat(services).hasSize(19);
    assertThat(services).allMatch(m -> m.port() > 0);
    assertThat(services.stream().map(ProcessStack.Member::port).distinct()).hasSize(19);
  }

  @Test
  void instancesAreBoundedAndNamedInTheError() {
    assertThatThrownBy(() -> ProcessStack.Settings.from(new Properties(), 0))
        .hasMessageContaining("--instances");
    assertThatThrownBy(() -> ProcessStack.Settings.from(new Properties(), 7))
        .hasMessageContaining("--instances");
    assertThat(ProcessStack.instances(List.of("--processes"))).isEqualTo(1);
    assertThat(ProcessStack.instances(List.of("--processes", "--instances", "3"))).isEqualTo(3);
    assertThatThrownBy(() -> ProcessStack.instances(List.of("--processes", "--instances")))
        .hasMessageContaining("--instances");
  }

  @Test
  void childJvmOptionsDefaultToSmallC1OnlyJvmsAndCanBeReplaced() {
    assertThat(ProcessStack.Settings.from(new Properties(), 1).jvmOptions())
        .contains("-XX:TieredStopAtLevel=1");
    Properties p = new Properties();
    p.setProperty("promoflow.jvm-options", "-Xmx1g");
    assertThat(ProcessStack.Settings.from(p, 1).jvmOptions()).containsExactly("-Xmx1g");
  }

  @Test
  void aChildRunsTheMainClassOnThisClassPath() {
    List<String> command = JavaLauncher.command("a.Main", List.of("-Dx=1"), List.of("arg"));
    assertThat(command.get(0)).endsWith("java");
    assertThat(command).containsSubsequence("-Dx=1", "-cp", "a.Main", "arg");
    assertThat(JavaLauncher.bootJar("a.jar" + java.io.File.pathSeparator + "b.jar")).isFalse();
    assertThat(JavaLauncher.bootJar("target/classes")).isFalse();
  }
}
