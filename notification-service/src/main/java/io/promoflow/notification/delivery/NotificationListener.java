package io.promoflow.notification.delivery;

import io.promoflow.notification.NotificationProperties;
import io.promoflow.notification.channel.Channels;
import io.promoflow.notification.channel.NotificationChannel;
import io.promoflow.notification.domain.Notification;
import io.promoflow.notification.domain.NotificationComposer;
import io.promoflow.notification.domain.NotificationRouter;
import io.promoflow.platform.events.Events;
import io.promoflow.platform.policy.PipelinePolicy;
import io.promoflow.schemas.Topics;
import io.promoflow.schemas.common.ArtifactRef;
import io.promoflow.schemas.common.EventMetadata;
import io.promoflow.schemas.notifications.NotificationDelivered;
import io.promoflow.schemas.notifications.NotificationFailed;
import io.promoflow.schemas.notifications.NotificationsEnvelope;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.stereotype.Component;

/**
 * Promotion, approval, verification and rollback events in; one delivery per routed channel and recipient out,
 * each recorded as {@code NotificationDelivered} or {@code NotificationFailed} in the listener's transaction.
 * Undecodable records go to the topic's {@code .dlt} through the platform's error handler.
 */
@Component
public class NotificationListener {

  private static final Logger log = LoggerFactory.getLogger(NotificationListener.class);
  private final NotificationComposer composer;
  private final NotificationRouter router;
  private final Channels channels;
  private final DeliveryLog deliveries;
  private final KafkaOperations<Object, Object> kafka;
  private final Events events;

  public NotificationListener(PipelinePolicy policy, NotificationProperties properties, Channels channels,
      DeliveryLog deliveries, KafkaOperations<Object, Object> kafka, Events events) {
    this.composer = new NotificationComposer(policy.productionStage(), properties.cli());
    this.router = new NotificationRouter(policy.notifications());
    this.channels = channels;
    this.deliveries = deliveries;
    this.kafka = kafka;
    this.events = events;
  }

  @KafkaListener(id = "notifications", topics = {"#{T(io.promoflow.schemas.Topics).PROMOTIONS.name()}",
      "#{T(io.promoflow.schemas.Topics).APPROVALS.name()}", "#{T(io.promoflow.schemas.Topics).VERIFICATIONS.name()}",
      "#{T(io.promoflow.schemas.Topics).ROLLBACKS.name()}"})
  public void onEvent(ConsumerRecord<String, Object> record) {
    composer.compose((SpecificRecord) record.value()).ifPresent(n -> {
      for (String routed : router.channels(n)) {
        NotificationChannel channel = channels.get(routed);
        for (String recipient : channel.recipients()) {
          deliver(record.key(), n, channel, recipient, ((EventMetadata) ((SpecificRecord) record.value()).get(0)).getArtifact());
        }
      }
    });
  }

  private void deliver(String key, Notification n, NotificationChannel channel, String recipient, ArtifactRef artifact) {
    String deliveryKey = n.eventId() + "|" + channel.name() + "|" + recipient;
    if (deliveries.delivered(deliveryKey)) {
      return;
    }
    EventMetadata meta = events.meta(artifact, n.promotionId(), n.eventId(), null);
    NotificationsEnvelope record;
    try {
      channel.send(n, recipient);
      record = new NotificationsEnvelope(meta, new NotificationDelivered(deliveryKey, n.eventType(), channel.name(),
          recipient, n.severity().name(), n.title()));
    } catch (RuntimeException e) {
      log.warn("{} notification of {} to {} failed: {}", channel.name(), n.eventId(), recipient, e.toString());
      record = new NotificationsEnvelope(meta, new NotificationFailed(deliveryKey, n.eventType(), channel.name(),
          recipient, n.severity().name(), e.toString()));
    }
    kafka.send(Topics.NOTIFICATIONS.name(), key, record);
    deliveries.remember(record);
  }
}
