package io.promoflow.notification.flow;

import io.promoflow.notification.NotificationProperties;
import io.promoflow.notification.domain.NotificationComposer;
import io.promoflow.notification.domain.NotificationRouter;
import io.promoflow.rules.policy.PipelinePolicy;
import io.promoflow.schemas.common.EventMetadata;
import java.util.Collection;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.ConsumerSeekAware;
import org.springframework.stereotype.Component;

/**
 * Promotion, approval, verification and rollback events in; one delivery per routed channel and
 * recipient out ({@link DeliveryService}). Undecodable records, and events of a kind the composer
 * does not know ({@link io.promoflow.notification.domain.UnknownEventKindException}, thrown before
 * anything is delivered), go to the topic's {@code .dlt} with the reason through the platform's
 * error handler.
 */
@Component
public class NotificationListener implements ConsumerSeekAware {

  private final NotificationComposer composer;
  private final NotificationRouter router;
  private final DeliveryService deliveries;
  private final DeliveryLog log;

  public NotificationListener(
      PipelinePolicy policy,
      NotificationProperties properties,
      DeliveryService deliveries,
      DeliveryLog log) {
    this.log = log;
    this.composer = new NotificationComposer(policy.productionStage(), properties.cli());
    this.router =
        new NotificationRouter(
            policy.notifications(), properties.email().to(), properties.email().roles());
    this.deliveries = deliveries;
  }

  @KafkaListener(
      id = "notifications",
      topics = {
        "#{T(io.promoflow.schemas.Topics).PROMOTIONS.name()}",
        "#{T(io.promoflow.schemas.Topics).APPROVALS.name()}",
        "#{T(io.promoflow.schemas.Topics).VERIFICATIONS.name()}",
        "#{T(io.promoflow.schemas.Topics).ROLLBACKS.name()}"
      })
  public void onEvent(ConsumerRecord<String, Object> record) {
    SpecificRecord envelope = (SpecificRecord) record.value();
    EventMetadata meta = (EventMetadata) envelope.get(0);
    composer
        .compose(envelope)
        .ifPresent(
            n -> router.targets(n).forEach(target -> deliveries.deliver(record, meta, n, target)));
  }

  /**
   * The delivery log keeps the notifications partitions of the subject partitions this instance
   * owns.
   */
  @Override
  public void onPartitionsAssigned(
      Map<TopicPartition, Long> assignments, ConsumerSeekCallback callback) {
    log.assigned(assignments.keySet());
  }

  /** ... and forgets those of the partitions it lost: the next owner reads them from the topic. */
  @Override
  public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
    log.revoked(partitions);
  }
}
