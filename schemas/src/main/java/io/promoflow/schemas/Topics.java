package io.promoflow.schemas;

import io.promoflow.schemas.approvals.ApprovalsEnvelope;
import io.promoflow.schemas.audit.AuditEnvelope;
import io.promoflow.schemas.builds.BuildsEnvelope;
import io.promoflow.schemas.gates.GateResultsEnvelope;
import io.promoflow.schemas.notifications.NotificationsEnvelope;
import io.promoflow.schemas.policies.PoliciesEnvelope;
import io.promoflow.schemas.promotions.PromotionsEnvelope;
import io.promoflow.schemas.releases.ReleasesEnvelope;
import io.promoflow.schemas.requests.PromotionRequestsEnvelope;
import io.promoflow.schemas.rollbacks.RollbacksEnvelope;
import io.promoflow.schemas.verifications.VerificationsEnvelope;
import java.util.List;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;

/**
 * The catalogue of Promoflow topics: the one place topic names, writers, readers and serdes are
 * defined. Services refer to {@code Topics.PROMOTIONS}, never to a topic string. The readers are
 * those of each service's topology and {@code @KafkaListener}s (grep {@code Topics.} in a service);
 * the broker's ACLs are generated from writers and readers (local-stack {@code KafkaAcls}), so a
 * service that starts consuming a topic must be added here.
 */
public final class Topics {

  public static final Topic<BuildsEnvelope> BUILDS =
      topic(
          "promoflow.builds.v1",
          "trigger-service",
          BuildsEnvelope.class,
          BuildsEnvelope.getClassSchema(),
          List.of("trigger-service", "gate-service", "promotion-service", "console-service"));
  public static final Topic<PromotionRequestsEnvelope> PROMOTION_REQUESTS =
      topic(
          "promoflow.promotion-requests.v1",
          "trigger-service",
          PromotionRequestsEnvelope.class,
          PromotionRequestsEnvelope.getClassSchema(),
          List.of("gate-service", "promotion-service", "console-service"));
  public static final Topic<GateResultsEnvelope> GATE_RESULTS =
      topic(
          "promoflow.gate-results.v1",
          "gate-service",
          GateResultsEnvelope.class,
          GateResultsEnvelope.getClassSchema(),
          List.of("promotion-service", "console-service"));
  public static final Topic<ApprovalsEnvelope> APPROVALS =
      topic(
          "promoflow.approvals.v1",
          "approval-service",
          ApprovalsEnvelope.class,
          ApprovalsEnvelope.getClassSchema(),
          List.of(
              "promotion-service", "approval-service", "notification-service", "console-service"));
  public static final Topic<PromotionsEnvelope> PROMOTIONS =
      topic(
          "promoflow.promotions.v1",
          "promotion-service",
          PromotionsEnvelope.class,
          PromotionsEnvelope.getClassSchema(),
          List.of(
              "trigger-service",
              "gate-service",
              "promotion-service",
              "approval-service",
              "rollback-service",
              "notification-service",
              "console-service"));
  public static final Topic<VerificationsEnvelope> VERIFICATIONS =
      topic(
          "promoflow.verifications.v1",
          "rollback-service",
          VerificationsEnvelope.class,
          VerificationsEnvelope.getClassSchema(),
          List.of(
              "trigger-service",
              "gate-service",
              "promotion-service",
              "rollback-service",
              "notification-service",
              "console-service"));
  public static final Topic<RollbacksEnvelope> ROLLBACKS =
      topic(
          "promoflow.rollbacks.v1",
          "rollback-service",
          RollbacksEnvelope.class,
          RollbacksEnvelope.getClassSchema(),
          List.of(
              "trigger-service",
              "gate-service",
              "promotion-service",
              "rollback-service",
              "notification-service",
              "console-service"));
  public static final Topic<NotificationsEnvelope> NOTIFICATIONS =
      topic(
          "promoflow.notifications.v1",
          "notification-service",
          NotificationsEnvelope.class,
          NotificationsEnvelope.getClassSchema(),
          List.of("notification-service"));
  public static final Topic<PoliciesEnvelope> POLICIES =
      topic(
          "promoflow.policies.v1",
          "promotion-service",
          PoliciesEnvelope.class,
          PoliciesEnvelope.getClassSchema(),
          List.of("promotion-service"));

  /**
   * Platform releases and release trains (GitHub issue 18): key = release id, not an application,
   * because a release spans several applications; trigger-service, which starts every promotion,
   * coordinates them and is the one writer.
   */
  public static final Topic<ReleasesEnvelope> RELEASES =
      topic(
          "promoflow.releases.v1",
          "trigger-service",
          ReleasesEnvelope.class,
          ReleasesEnvelope.getClassSchema(),
          List.of("trigger-service", "promotion-service", "console-service"));

  public static final Topic<AuditEnvelope> AUDIT =
      topic(
          "promoflow.audit.v1",
          "promotion-service",
          AuditEnvelope.class,
          AuditEnvelope.getClassSchema(),
          List.of());

  /** Every topic of the contract, in flow order. */
  public static final List<Topic<?>> ALL =
      List.of(
          BUILDS,
          PROMOTION_REQUESTS,
          GATE_RESULTS,
          APPROVALS,
          PROMOTIONS,
          VERIFICATIONS,
          ROLLBACKS,
          RELEASES,
          NOTIFICATIONS,
          POLICIES,
          AUDIT);

  private Topics() {}

  /** The topic called {@code name}, or empty for a name outside the contract. */
  public static Optional<Topic<?>> byName(String name) {
    return ALL.stream().filter(t -> t.name().equals(name)).findFirst();
  }

  /** The topic whose envelope is {@code type}, or empty. */
  public static Optional<Topic<?>> byType(Class<?> type) {
    return ALL.stream().filter(t -> t.type().equals(type)).findFirst();
  }

  private static <V extends SpecificRecord> Topic<V> topic(
      String name, String writer, Class<V> type, Schema schema, List<String> readers) {
    List<Schema> released = ReleasedSchemas.of(schema.getFullName());
    return new Topic<>(name, writer, new AvroSerde<>(type, schema, released), readers);
  }
}
