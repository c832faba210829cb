package io.promoflow.notification.flow;

import io.promoflow.notification.adapters.ChannelGuard;
import io.promoflow.notification.adapters.Channels;
import io.promoflow.notification.adapters.NotificationChannel;
import io.promoflow.notification.domain.Notification;
import io.promoflow.notification.domain.Target;
import io.promoflow.platform.events.Events;
import io.promoflow.platform.kafka.DeadLetters;
import io.promoflow.platform.kafka.Publisher;
import io.promoflow.rules.keys.DeliveryKey;
import io.promoflow.schemas.Topics;
import io.promoflow.schemas.common.EventMetadata;
import io.promoflow.schemas.notifications.NotificationAttempted;
import io.promoflow.schemas.notifications.NotificationDelivered;
import io.promoflow.schemas.notifications.NotificationFailed;
import io.promoflow.schemas.notifications.NotificationsEnvelope;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.stereotype.Service;

/**
 * Delivers one notification to one target, once: the intent ({@code NotificationAttempted}) is
 * committed before the channel is called; the outcome ({@code NotificationDelivered} or {@code
 * NotificationFailed}) is written in the listener's transaction. A target with an outcome is
 * skipped; a target with an intent and no outcome (the service stopped in between) is recorded as
 * failed with an unknown outcome and not called again. After the last retry the subject event also
 * goes to its topic's {@code .dlt} with the reason. What is recorded is read from the topic itself
 * before each decision ({@link DeliveryLog}), so a new owner of the subject's partition, after a
 * rebalance or a crash, sees every intent and outcome its predecessor committed.
 */
@Service
public class DeliveryService {

  private static final Logger log = LoggerFactory.getLogger(DeliveryService.class);
  private final Channels channels;
  private final ChannelGuard guard;
  private final DeliveryLog deliveries;
  private final Publisher publisher;
  private final KafkaOperations<Object, Object> kafka;
  private final Events events;
  private final String service;

  public DeliveryService(
      Channels channels,
      ChannelGuard guard,
      DeliveryLog deliveries,
      Publisher publisher,
      KafkaOperations<Object, Object> kafka,
      Events events,
      @Value("${spring.application.name}") String service) {
    this.channels = channels;
    this.guard = guard;
    this.deliveries = deliveries;
    this.publisher = publisher;
    this.kafka = kafka;
    this.events = events;
    this.service = service;
  }

  /**
   * Delivers {@code n} to {@code target}; {@code subject} is the record the notification is about.
   */
  public void deliver(
      ConsumerRecord<String, Object> subject,
      EventMetadata subjectMeta,
      Notification n,
      Target target) {
    String key = DeliveryKey.of(n.eventId(), target.channel(), target.recipient()).value();
    DeliveryLog.State state = deliveries.state(subject.key(), key);
    if (state == DeliveryLog.State.DELIVERED || state == DeliveryLog.State.FAILED) {
      return;
    }
    if (state == DeliveryLog.State.ATTEMPTED) {
      record(
          subject.key(),
          subjectMeta,
          new NotificationFailed(
              key,
              n.eventType(),
              target.channel(),
              target.recipient(),
              n.severity().name(),
              "outcome unknown: the service stopped after calling the channel; not sent again to avoid "
                  + "a duplicate",
              0));
      return;
    }
    NotificationsEnvelope intent =
        new NotificationsEnvelope(
            meta(subjectMeta),
            new NotificationAttempted(key, n.eventType(), target.channel(), target.recipient()));
    publisher.publish(Topics.NOTIFICATIONS, subject.key(), intent);
    deliveries.remember(subject.key(), intent);
    NotificationChannel channel = channels.get(target.channel());
    AtomicInteger attempts = new AtomicInteger();
    try {
      guard.call(target.channel(), () -> channel.send(n, target.recipient()), attempts);
      record(
          subject.key(),
          subjectMeta,
          new NotificationDelivered(
              key,
              n.eventType(),
              target.channel(),
              target.recipient(),
              n.severity().name(),
              n.title(),
              attempts.get()));
    } catch (RuntimeException e) {
      log.warn(
          "{} notification of {} to {} failed after {} attempt(s): {}",
          target.channel(),
          n.eventId(),
          target.recipient(),
          attempts.get(),
          e.toString());
      record(
          subject.key(),
          subjectMeta,
          new NotificationFailed(
              key,
              n.eventType(),
              target.channel(),
              target.recipient(),
              n.severity().name(),
              e.toString(),
              attempts.get()));
      String origin = subject.topic() + "-" + subject.partition() + "@" + subject.offset();
      kafka.send(
          new ProducerRecord<>(
              DeadLetters.topicFor(subject.topic()),
              null,
              subject.key(),
              subject.value(),
              DeadLetters.headers(
                  subject.headers(),
                  new IllegalStateException(
                      target.channel()
                          + " delivery to "
                          + target.recipient()
                          + " failed after "
                          + attempts.get()
                          + " attempt(s)",
                      e),
                  origin,
                  service)));
    }
  }

  private io.micrometer.core.instrument.MeterRegistry meters =
      new io.micrometer.core.instrument.simple.SimpleMeterRegistry();

  /**
   * Exports {@code promoflow_notifications_total{channel,outcome}}: each recorded delivery (outcome
   * {@code delivered} or {@code failed}); slack, email and webhook start at 0.
   */
  @org.springframework.beans.factory.annotation.Autowired(required = false)
  public void meters(io.micrometer.core.instrument.MeterRegistry registry) {
    this.meters = registry;
    for (String channel : java.util.List.of("slack", "email", "webhook")) {
      notifications(channel, "delivered");
      notifications(channel, "failed");
    }
  }

  private io.micrometer.core.instrument.Counter notifications(String channel, String outcome) {
    return io.micrometer.core.instrument.Counter.builder("promoflow.notifications")
        .description("notifications recorded, by channel and outcome")
        .tag("channel", channel)
        .tag("outcome", outcome)
        .register(meters);
  }

  private void record(String key, EventMetadata subjectMeta, Object outcome) {
    if (outcome instanceof NotificationDelivered d) {
      notifications(d.getChannel(), "delivered").increment();
    } else if (outcome instanceof NotificationFailed f) {
      notifications(f.getChannel(), "failed").increment();
    }
    NotificationsEnvelope envelope = new NotificationsEnvelope(meta(subjectMeta), outcome);
    kafka.send(Topics.NOTIFICATIONS.name(), key, envelope);
    deliveries.remember(key, envelope);
  }

  private EventMetadata meta(EventMetadata subject) {
    return events.meta(subject.getArtifact(), subject.getPromotionId(), subject.getEventId(), null);
  }
}
