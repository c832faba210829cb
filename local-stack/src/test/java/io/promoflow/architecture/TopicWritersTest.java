package io.promoflow.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import io.promoflow.approval.flow.ApprovalTopology;
import io.promoflow.console.DoraProperties;
import io.promoflow.console.flow.DoraTopology;
import io.promoflow.gate.flow.GateTopology;
import io.promoflow.localstack.KafkaAcls;
import io.promoflow.platform.events.Events;
import io.promoflow.platform.kafka.TopicOwnership;
import io.promoflow.platform.streams.TopologySinks;
import io.promoflow.platform.testing.TopologyTests;
import io.promoflow.promotion.adapters.attestation.AttestationProperties;
import io.promoflow.promotion.adapters.attestation.Attestor;
import io.promoflow.promotion.flow.PromotionTopology;
import io.promoflow.rollback.flow.RollbackTopology;
import io.promoflow.rules.policy.PipelinePolicy;
import io.promoflow.schemas.Topic;
import io.promoflow.schemas.Topics;
import io.promoflow.trigger.flow.PromotionRequests;
import io.promoflow.trigger.flow.ReleaseTopology;
import io.promoflow.trigger.flow.TriggerTopology;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.TopologyDescription;
import org.springframework.core.io.DefaultResourceLoader;

/**
 * One writer per topic over the whole code base: every service's Kafka Streams topology, built as
 * the service builds it (no broker, no test driver: {@link
 * org.apache.kafka.streams.Topology#describe()}), writes only topics the service owns, and the
 * code's rule ({@link TopicOwnership}) grants exactly what the broker's ACLs grant ({@link
 * KafkaAcls}).
 */
@AnalyzeClasses(
    packages = "io.promoflow",
    importOptions = {ImportOption.DoNotIncludeTests.class, ArchitectureTest.NoTestJars.class})
class TopicWritersTest {

  /**
   * Each service's topology, defined on a fresh builder with the shipped local policy, by class.
   */
  static Map<Class<?>, Consumer<StreamsBuilder>> topologies() {
    PipelinePolicy policy = TopologyTests.localPolicy();
    Map<Class<?>, Consumer<StreamsBuilder>> all = new LinkedHashMap<>();
    Events trigger = TopologyTests.events("trigger-service");
    all.put(
        TriggerTopology.class,
        b -> new TriggerTopology(policy, trigger, new PromotionRequests(trigger)).define(b));
    all.put(ReleaseTopology.class, b -> new ReleaseTopology(policy, trigger).define(b));
    all.put(
        GateTopology.class,
        b -> new GateTopology(policy, TopologyTests.events("gate-service")).define(b));
    all.put(
        PromotionTopology.class,
        b ->
            new PromotionTopology(
                    policy,
                    TopologyTests.events("promotion-service"),
                    new Attestor(
                        new AttestationProperties(null, "test"), new DefaultResourceLoader()))
                .define(b));
    all.put(
        ApprovalTopology.class,
        b -> new ApprovalTopology(TopologyTests.events("approval-service")).define(b));
    all.put(
        RollbackTopology.class,
        b -> new RollbackTopology(policy, TopologyTests.events("rollback-service")).define(b));
    all.put(
        DoraTopology.class,
        b ->
            new DoraTopology(
                    new DoraProperties(
                        java.time.Duration.ofDays(30),
                        java.time.Duration.ofDays(90),
                        java.time.Duration.ofSeconds(30),
                        100))
                .define(b));
    return all;
  }

  /** The service of a class: {@code io.promoflow.<name>.…} is {@code <name>-service}. */
  static String serviceOf(Class<?> type) {
    return type.getPackageName().split("\\.")[2] + "-service";
  }

  @ArchTest
  static void everyTopologyWritesOnlyTheTopicsItsServiceOwns(JavaClasses classes) {
    Map<Class<?>, Consumer<StreamsBuilder>> topologies = topologies();
    // every class that defines a topology (takes a StreamsBuilder) outside the platform is walked
    // here
    Set<String> defining =
        classes.stream()
            .filter(c -> !c.getPackageName().startsWith("io.promoflow.platform"))
            .filter(
                c ->
                    c.getMethods().stream()
                        .anyMatch(
                            m ->
                                m.getRawParameterTypes().stream()
                                    .anyMatch(p -> p.isEquivalentTo(StreamsBuilder.class))))
            .map(JavaClass::getName)
            .collect(Collectors.toCollection(TreeSet::new));
    Set<String> walked = new TreeSet<>();
    topologies.keySet().forEach(c -> walked.add(c.getName()));
    assertThat(walked).as("topologies walked by this test").isEqualTo(defining);

    for (Map.Entry<Class<?>, Consumer<StreamsBuilder>> topology : topologies.entrySet()) {
      String service = serviceOf(topology.getKey());
      assertThat(KafkaAcls.services(Topics.ALL)).as("a service of the catalogue").contains(service);
      StreamsBuilder builder = new StreamsBuilder();
      topology.getValue().accept(builder);
      TopologyDescription described = builder.build().describe();
      if (Topics.ALL.stream().noneMatch(t -> t.writer().equals(service))) {
        // a reader only (console-service, the writer of no topic): its topology writes none at all
        assertThat(TopologySinks.of(described))
            .as("sinks of %s", topology.getKey().getSimpleName())
            .isEmpty();
      } else {
        // its own repartition topics (<service>-<name>-repartition, read back by the topology;
        // the release coordinator's release-coordination) are the service's internal topics
        assertThat(TopologySinks.of(described))
            .as("sinks of %s", topology.getKey().getSimpleName())
            .isNotEmpty()
            .filteredOn(sink -> !sink.endsWith("-repartition"))
            .isSubsetOf(TopicOwnership.writable(service));
      }
      assertThat(TopologySinks.foreign(service, described)).isEmpty();
    }
  }

  @ArchTest
  static void aTopologyWalkedAsAnotherServiceIsRefused(JavaClasses ignored) {
    StreamsBuilder builder = new StreamsBuilder();
    topologies().get(GateTopology.class).accept(builder);
    assertThat(TopologySinks.foreign("promotion-service", builder.build().describe()))
        .containsExactly(Topics.GATE_RESULTS.name());
  }

  @ArchTest
  static void theCodesWriterRuleIsTheBrokersWriteAcl(JavaClasses ignored) {
    for (String service : KafkaAcls.services(Topics.ALL)) {
      Set<String> granted =
          KafkaAcls.bindings().stream()
              .filter(
                  b ->
                      b.entry().principal().equals("User:" + service)
                          && b.entry().operation() == AclOperation.WRITE)
              .filter(
                  b ->
                      b.pattern().resourceType() == ResourceType.TOPIC
                          && b.pattern().patternType() == PatternType.LITERAL)
              .map(AclBinding::pattern)
              .map(p -> p.name())
              .collect(Collectors.toCollection(TreeSet::new));
      assertThat(TopicOwnership.writable(service)).as(service).isEqualTo(granted);
    }
    for (Topic<?> t : Topics.ALL) {
      assertThat(TopicOwnership.mayWrite(t.writer(), t.name())).as(t.name()).isTrue();
    }
  }
}
