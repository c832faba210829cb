package io.promoflow.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The source-level cycle check finds what the bytecode hides, and only real references. */
class SourceDependenciesTest {

  @Test
  void aConstantOnlyReferenceClosesACycle() {
    Map<String, Set<String>> edges = new TreeMap<>();
    SourceDependencies.add(
        edges,
        """
        package io.promoflow.trigger.build;
        import io.promoflow.trigger.flow.TriggerTopology;
        class BuildIntake { String s = TriggerTopology.BUILDS; }
        """);
    SourceDependencies.add(
        edges,
        """
        package io.promoflow.trigger.flow;
        class TriggerTopology { io.promoflow.trigger.build.BuildRecord r; }
        """);
    assertThat(SourceDependencies.cycles(edges, Set.of()))
        .containsExactly(
            "[trigger.build, trigger.flow]: [trigger.build -> trigger.flow, trigger.flow -> trigger.build]");
    assertThat(SourceDependencies.cycles(edges, Set.of("trigger.flow -> trigger.build"))).isEmpty();
  }

  @Test
  void commentsAndTheSamePackageAreNoDependency() {
    Map<String, Set<String>> edges = new TreeMap<>();
    SourceDependencies.add(
        edges,
        """
        package io.promoflow.platform.kafka;
        import io.promoflow.platform.kafka.Publisher;
        import io.promoflow.schemas.*;
        /** Checked by {@code io.promoflow.platform.streams.TopologySinks}. */
        class TopicOwnership {
          // io.promoflow.platform.web.ProblemException is not used
          String url = "http://x"; // io.promoflow.gate.flow.GateTopology
        }
        """);
    assertThat(edges).isEqualTo(Map.of("platform.kafka", Set.of("schemas")));
    assertThat(SourceDependencies.sliceOf("io.promoflow.trigger")).isEqualTo("trigger");
    assertThat(SourceDependencies.sliceOf("io.promoflow.schemas.builds.x"))
        .isEqualTo("schemas.builds");
    assertThat(SourceDependencies.sliceOf("org.apache.kafka")).isNull();
    assertThat(SourceDependencies.cycles(edges, Set.of())).isEqualTo(List.of());
  }
}
