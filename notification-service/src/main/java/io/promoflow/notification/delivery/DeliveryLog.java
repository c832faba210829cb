package io.promoflow.notification.delivery;

import io.promoflow.schemas.Topics;
import io.promoflow.schemas.notifications.NotificationDelivered;
import io.promoflow.schemas.notifications.NotificationFailed;
import io.promoflow.schemas.notifications.NotificationsEnvelope;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.stereotype.Component;

/**
 * Every delivery this service recorded on {@code promoflow.notifications.v1}, read back from the topic at start
 * (before the listeners start) so that a restart or a redelivered event never sends twice: the idempotency key is
 * {@code eventId|channel|recipient}.
 */
@Component
public class DeliveryLog implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(DeliveryLog.class);
  private final ConsumerFactory<String, Object> consumers;
  private final Set<String> delivered = ConcurrentHashMap.newKeySet();
  private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
  private volatile boolean running;

  public DeliveryLog(ConsumerFactory<String, Object> consumers) {
    this.consumers = consumers;
  }

  /** True when {@code key} was delivered. */
  public boolean delivered(String key) {
    return delivered.contains(key);
  }

  /** Remembers a delivery just recorded. */
  public void remember(NotificationsEnvelope envelope) {
    Object p = envelope.getPayload();
    String promotionId = envelope.getMeta().getPromotionId();
    String app = envelope.getMeta().getArtifact() == null ? null : envelope.getMeta().getArtifact().getApplication();
    String at = envelope.getMeta().getOccurredAt().toString();
    if (p instanceof NotificationDelivered d) {
      delivered.add(d.getDeliveryKey());
      deliveries.add(new Delivery(d.getDeliveryKey(), promotionId, app, d.getSubjectEventType(), d.getChannel(),
          d.getRecipient(), d.getSeverity(), "DELIVERED", d.getSummary(), at));
    } else if (p instanceof NotificationFailed f) {
      deliveries.add(new Delivery(f.getDeliveryKey(), promotionId, app, f.getSubjectEventType(), f.getChannel(),
          f.getRecipient(), f.getSeverity(), "FAILED", f.getError(), at));
    }
  }

  /** Deliveries of a promotion (all when {@code promotionId} is null), oldest first. */
  public List<Delivery> of(String promotionId) {
    return deliveries.stream().filter(d -> promotionId == null || promotionId.equals(d.promotionId())).toList();
  }

  @Override
  public void start() {
    String topic = Topics.NOTIFICATIONS.name();
    try (Consumer<String, Object> consumer = consumers.createConsumer(null, "delivery-log", null, props())) {
      List<TopicPartition> partitions = new ArrayList<>();
      consumer.partitionsFor(topic, Duration.ofSeconds(30)).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      int read = 0;
      while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
        for (ConsumerRecord<String, Object> r : consumer.poll(Duration.ofMillis(500))) {
          if (r.value() instanceof NotificationsEnvelope envelope) {
            remember(envelope);
            read++;
          }
        }
      }
      log.info("delivery log: {} notification records read back from {}", read, topic);
    }
    running = true;
  }

  private static java.util.Properties props() {
    java.util.Properties p = new java.util.Properties();
    p.put("enable.auto.commit", "false");
    return p;
  }

  @Override
  public void stop() {
    running = false;
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  /** Before the listener containers, which start in a late phase. */
  @Override
  public int getPhase() {
    return Integer.MIN_VALUE + 1000;
  }
}
