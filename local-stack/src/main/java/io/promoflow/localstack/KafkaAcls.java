package io.promoflow.localstack;

import io.promoflow.schemas.Topic;
import io.promoflow.schemas.Topics;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * Every ACL of a Promoflow broker, generated from the topic catalogue ({@link Topics}: each topic's
 * writer and readers) in this one place; GitHub issue 12 point 3, "Kafka enforces one writer per
 * topic". Everything not granted here is refused (StandardAuthorizer, no ACL = deny); the broker's
 * own super user needs none. Table: docs/identities.md.
 *
 * <p>Per service principal ({@code User:<service>}, its {@code spring.application.name}):
 *
 * <ul>
 *   <li>WRITE on exactly the topics whose writer it is, and on their {@code <topic>.dlt} (a summary
 *       of a result its topology could not write, such as an oversized one: {@code
 *       StreamsDeadLetterHandler});
 *   <li>READ on the topics it consumes, and WRITE on their {@code <topic>.dlt} (its unprocessable
 *       records);
 *   <li>DESCRIBE on every catalogue topic and dead-letter topic: at start each service checks that
 *       the contract's topics exist (spring-kafka's KafkaAdmin); the broker setup, not the
 *       services, creates them;
 *   <li>everything on topics, and READ/DESCRIBE on consumer groups, prefixed {@code <service>-},
 *       and its group {@code <service>}: Kafka Streams' application id is the service name, so its
 *       changelog and repartition topics, its group and its listeners' groups ({@code
 *       <service>-executor}) carry that prefix;
 *   <li>WRITE/DESCRIBE on transactional ids prefixed {@code <service>-} (Streams exactly_once_v2
 *       and the {@code <service>-tx-} listener transactions).
 * </ul>
 *
 * {@code User:ci} may WRITE {@code promoflow.builds.v1} only; {@code User:promoflow-audit} may only
 * READ the catalogue topics, in consumer groups prefixed {@code promoflow-audit-} or {@code
 * promoflow-replay-} (the CLI's {@code audit verify|export|replay}). Idempotent producers need no
 * cluster grant: WRITE on a topic implies it (KIP-679, Kafka 3.0).
 */
public final class KafkaAcls {

  /** The principal CI pipelines publish builds with. */
  public static final String CI = "ci";

  /** The read-only principal of {@code promoflow audit}. */
  public static final String AUDIT = "promoflow-audit";

  /** Consumer group prefixes of the CLI's audit readers. */
  public static final List<String> AUDIT_GROUP_PREFIXES =
      List.of("promoflow-audit-", "promoflow-replay-");

  /**
   * Consumer groups outside a service's {@code <service>} / {@code <service>-} prefix, granted
   * literally: notification-service's {@code @KafkaListener(id = "notifications")} has no {@code
   * groupId}, so spring-kafka uses the listener id as its group. Renaming that group would make the
   * listener read every topic again from the start.
   */
  public static final Map<String, List<String>> LISTENER_GROUPS =
      Map.of("notification-service", List.of("notifications"));

  private KafkaAcls() {}

  /** The service principals of the catalogue: every topic's writer and readers, sorted. */
  public static Set<String> services(List<Topic<?>> topics) {
    Set<String> services = new TreeSet<>();
    for (Topic<?> t : topics) {
      services.add(t.writer());
      services.addAll(t.readers());
    }
    return services;
  }

  /** Every principal that gets grants: the services, {@link #CI} and {@link #AUDIT}. */
  public static Set<String> principals(List<Topic<?>> topics) {
    Set<String> all = new TreeSet<>(services(topics));
    all.add(CI);
    all.add(AUDIT);
    return all;
  }

  /** The bindings of {@link Topics#ALL}. */
  public static List<AclBinding> bindings() {
    return bindings(Topics.ALL);
  }

  /** The bindings of a catalogue, without duplicates, in a stable order. */
  public static List<AclBinding> bindings(List<Topic<?>> topics) {
    Set<AclBinding> out = new LinkedHashSet<>();
    for (String s : services(topics)) {
      for (Topic<?> t : topics) {
        allow(out, s, ResourceType.TOPIC, t.name(), PatternType.LITERAL, AclOperation.DESCRIBE);
        allow(
            out,
            s,
            ResourceType.TOPIC,
            t.deadLetterName(),
            PatternType.LITERAL,
            AclOperation.DESCRIBE);
        if (t.writer().equals(s)) {
          allow(out, s, ResourceType.TOPIC, t.name(), PatternType.LITERAL, AclOperation.WRITE);
          allow(
              out,
              s,
              ResourceType.TOPIC,
              t.deadLetterName(),
              PatternType.LITERAL,
              AclOperation.WRITE);
        }
        if (t.readers().contains(s)) {
          allow(out, s, ResourceType.TOPIC, t.name(), PatternType.LITERAL, AclOperation.READ);
          allow(
              out,
              s,
              ResourceType.TOPIC,
              t.deadLetterName(),
              PatternType.LITERAL,
              AclOperation.WRITE);
        }
      }
      allow(out, s, ResourceType.TOPIC, s + "-", PatternType.PREFIXED, AclOperation.ALL);
      for (AclOperation op : List.of(AclOperation.READ, AclOperation.DESCRIBE)) {
        allow(out, s, ResourceType.GROUP, s, PatternType.LITERAL, op);
        allow(out, s, ResourceType.GROUP, s + "-", PatternType.PREFIXED, op);
        for (String group : LISTENER_GROUPS.getOrDefault(s, List.of())) {
          allow(out, s, ResourceType.GROUP, group, PatternType.LITERAL, op);
        }
      }
      for (AclOperation op : List.of(AclOperation.WRITE, AclOperation.DESCRIBE)) {
        allow(out, s, ResourceType.TRANSACTIONAL_ID, s + "-", PatternType.PREFIXED, op);
      }
    }
    allow(
        out, CI, ResourceType.TOPIC, Topics.BUILDS.name(), PatternType.LITERAL, AclOperation.WRITE);
    for (Topic<?> t : topics) {
      allow(out, AUDIT, ResourceType.TOPIC, t.name(), PatternType.LITERAL, AclOperation.READ);
    }
    for (String prefix : AUDIT_GROUP_PREFIXES) {
      allow(out, AUDIT, ResourceType.GROUP, prefix, PatternType.PREFIXED, AclOperation.READ);
    }
    return List.copyOf(new ArrayList<>(out));
  }

  /**
   * The grants per principal as a Markdown table (docs/identities.md holds this table; a test keeps
   * them equal). Topic names without their {@code promoflow.} prefix and {@code .v1} suffix.
   */
  public static String markdownTable(List<Topic<?>> topics) {
    StringBuilder md =
        new StringBuilder(
            "| principal | writes | reads (and dead-letters into `<topic>.dlt`) |\n"
                + "|---|---|---|\n");
    for (String s : services(topics)) {
      md.append("| `")
          .append(s)
          .append("` | ")
          .append(names(topics.stream().filter(t -> t.writer().equals(s)).toList()))
          .append(" | ")
          .append(names(topics.stream().filter(t -> t.readers().contains(s)).toList()))
          .append(" |\n");
    }
    md.append("| `")
        .append(CI)
        .append("` | ")
        .append(names(List.of(Topics.BUILDS)))
        .append(" | — |\n");
    md.append("| `").append(AUDIT).append("` | — | ").append(names(topics)).append(" |\n");
    return md.toString();
  }

  private static String names(List<Topic<?>> topics) {
    if (topics.isEmpty()) {
      return "—";
    }
    return String.join(
        ", ",
        topics.stream()
            .map(t -> t.name().replaceFirst("^promoflow\\.", "").replaceFirst("\\.v\\d+$", ""))
            .toList());
  }

  private static void allow(
      Set<AclBinding> out,
      String principal,
      ResourceType type,
      String name,
      PatternType pattern,
      AclOperation op) {
    out.add(
        new AclBinding(
            new ResourcePattern(type, name, pattern),
            new AccessControlEntry("User:" + principal, "*", op, AclPermissionType.ALLOW)));
  }
}
