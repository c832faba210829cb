package io.promoflow.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import io.promoflow.schemas.Topic;
import io.promoflow.schemas.Topics;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.Test;

class KafkaAclsTest {

  static final List<AclBinding> ACLS = KafkaAcls.bindings();

  /** Principals granted {@code op} on the literal topic {@code topic}. */
  static Set<String> granted(String topic, AclOperation op) {
    return ACLS.stream()
        .filter(
            b ->
                b.pattern().resourceType() == ResourceType.TOPIC
                    && b.pattern().patternType() == PatternType.LITERAL
                    && b.pattern().name().equals(topic)
                    && b.entry().operation() == op)
        .map(b -> b.entry().principal())
        .collect(Collectors.toSet());
  }

  @Test
  void eachCatalogueTopicHasExactlyItsWriter() {
    for (Topic<?> t : Topics.ALL) {
      Set<String> expected =
          t == Topics.BUILDS
              ? Set.of("User:" + t.writer(), "User:ci")
              : Set.of("User:" + t.writer());
      assertThat(granted(t.name(), AclOperation.WRITE)).as(t.name()).isEqualTo(expected);
    }
  }

  @Test
  void onlyTheApprovalServiceWritesApprovals() {
    assertThat(granted("promoflow.approvals.v1", AclOperation.WRITE))
        .containsExactly("User:approval-service");
  }

  @Test
  void readersAreTheCataloguesPlusTheAuditor() {
    for (Topic<?> t : Topics.ALL) {
      Set<String> expected =
          new java.util.TreeSet<>(t.readers().stream().map(r -> "User:" + r).toList());
      expected.add("User:promoflow-audit");
      assertThat(granted(t.name(), AclOperation.READ)).as(t.name()).isEqualTo(expected);
      // the readers may dead-letter what they cannot process, the writer a result it could not
      // write (oversized);
      // nobody else writes the DLT
      Set<String> deadLetterers =
          t.readers().stream()
              .map(r -> "User:" + r)
              .collect(Collectors.toCollection(java.util.HashSet::new));
      deadLetterers.add("User:" + t.writer());
      assertThat(granted(t.deadLetterName(), AclOperation.WRITE))
          .as(t.deadLetterName())
          .isEqualTo(deadLetterers);
    }
  }

  @Test
  void ciAndAuditorGetNothingElse() {
    assertThat(ACLS.stream().filter(b -> b.entry().principal().equals("User:ci")).toList())
        .singleElement()
        .satisfies(b -> assertThat(b.pattern().name()).isEqualTo("promoflow.builds.v1"));
    assertThat(
            ACLS.stream()
                .filter(b -> b.entry().principal().equals("User:promoflow-audit"))
                .map(b -> b.entry().operation())
                .collect(Collectors.toSet()))
        .containsExactly(AclOperation.READ);
  }

  @Test
  void everythingIsAnAllowAndWildcardsStayWithinAServicesOwnPrefix() {
    assertThat(ACLS)
        .allSatisfy(b -> assertThat(b.entry().permissionType()).isEqualTo(AclPermissionType.ALLOW));
    assertThat(ACLS).noneMatch(b -> b.pattern().resourceType() == ResourceType.CLUSTER);
    assertThat(ACLS)
        .filteredOn(b -> b.entry().operation() == AclOperation.ALL)
        .allSatisfy(
            b -> {
              assertThat(b.pattern().patternType()).isEqualTo(PatternType.PREFIXED);
              assertThat(b.pattern().name())
                  .isEqualTo(b.entry().principal().substring("User:".length()) + "-");
            });
    // no service prefix reaches a catalogue topic
    assertThat(Topics.ALL)
        .allSatisfy(
            t -> assertThat(KafkaAcls.services(Topics.ALL)).noneMatch(s -> t.name().startsWith(s)));
  }

  @Test
  void theServicesArePrincipals() {
    assertThat(KafkaAcls.services(Topics.ALL))
        .containsExactlyInAnyOrder(
            "console-service",
            "trigger-service",
            "gate-service",
            "promotion-service",
            "approval-service",
            "rollback-service",
            "notification-service");
    assertThat(KafkaAcls.bindings()).isEqualTo(ACLS).doesNotHaveDuplicates();
  }

  @Test
  void theIdentitiesDocumentShowsTheGeneratedTable() throws java.io.IOException {
    String doc = java.nio.file.Files.readString(java.nio.file.Path.of("../docs/identities.md"));
    assertThat(doc)
        .as("docs/identities.md must contain KafkaAcls.markdownTable(Topics.ALL)")
        .contains(KafkaAcls.markdownTable(Topics.ALL));
  }

  @Test
  void passwordVariablesAreNamedAfterThePrincipal() {
    assertThat(BrokerSetup.passwordVariable("promotion-service"))
        .isEqualTo("PROMOFLOW_KAFKA_PASSWORD_PROMOTION_SERVICE");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                BrokerSetup.fromEnvironment(
                    java.util.Map.of("PROMOFLOW_KAFKA_ADMIN_PASSWORD", "x")))
        .hasMessageContaining("PROMOFLOW_KAFKA_PASSWORD_");
  }
}
