package io.promoflow.notification.flow;

import io.promoflow.notification.domain.Delivery;
import io.promoflow.rules.keys.DeliveryStatus;
import io.promoflow.schemas.Topics;
import io.promoflow.schemas.notifications.NotificationAttempted;
import io.promoflow.schemas.notifications.NotificationDelivered;
import io.promoflow.schemas.notifications.NotificationFailed;
import io.promoflow.schemas.notifications.NotificationsEnvelope;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.stereotype.Component;

/**
 * The state of every delivery recorded on {@code promoflow.notifications.v1} (key {@code eventId|channel|recipient}):
 * ATTEMPTED (intent recorded, no outcome yet), DELIVERED or FAILED. Read back from the topic at start, before the
 * listeners run, and kept current by a listener on the topic, so restarts and other instances never send twice.
 */
@Component
public class DeliveryLog implements SmartLifecycle {

  /** Where a delivery stands. */
  public enum State { ATTEMPTED, DELIVERED, FAILED }

  private static final Logger log = LoggerFactory.getLogger(DeliveryLog.class);
  private final ConsumerFactory<String, Object> consumers;
  private final Map<String, State> states = new ConcurrentHashMap<>();
  private final Map<String, Delivery> deliveries = new LinkedHashMap<>();
  private volatile boolean running;

  public DeliveryLog(ConsumerFactory<String, Object> consumers) {
    this.consumers = consumers;
  }

  /** The state of {@code key}, or null when nothing was recorded for it. */
  public State state(String key) {
    return states.get(key);
  }

  /** Records {@code envelope}, written by this instance or read from the topic; repeats change nothing. */
  public void remember(NotificationsEnvelope envelope) {
    Object p = envelope.getPayload();
    String promotionId = envelope.getMeta().getPromotionId();
    String app = envelope.getMeta().getArtifact() == null ? null : envelope.getMeta().getArtifact().getApplication();
    String at = envelope.getMeta().getOccurredAt().toString();
    Delivery d;
    if (p instanceof NotificationAttempted a) {
      states.putIfAbsent(a.getDeliveryKey(), State.ATTEMPTED);
      d = new Delivery(a.getDeliveryKey(), promotionId, app, a.getSubjectEventType(), a.getChannel(), a.getRecipient(),
          null, "ATTEMPTED", null, 0, at);
    } else if (p instanceof NotificationDelivered ok) {
      states.put(ok.getDeliveryKey(), State.DELIVERED);
      d = new Delivery(ok.getDeliveryKey(), promotionId, app, ok.getSubjectEventType(), ok.getChannel(), ok.getRecipient(),
          ok.getSeverity(), "DELIVERED", ok.getSummary(), ok.getAttempts(), at);
    } else if (p instanceof NotificationFailed f) {
      states.put(f.getDeliveryKey(), State.FAILED);
      d = new Delivery(f.getDeliveryKey(), promotionId, app, f.getSubjectEventType(), f.getChannel(), f.getRecipient(),
          f.getSeverity(), "FAILED", f.getError(), f.getAttempts(), at);
    } else {
      return;
    }
    synchronized (deliveries) {
      deliveries.putIfAbsent(DeliveryStatus.of(d.deliveryKey(), d.status()).value(), d);
    }
  }

  /** Delivery records of a promotion (all when {@code promotionId} is null), oldest first. */
  public List<Delivery> of(String promotionId) {
    synchronized (deliveries) {
      return deliveries.values().stream().filter(d -> promotionId == null || promotionId.equals(d.promotionId())).toList();
    }
  }

  @KafkaListener(id = "delivery-log", topics = "#{T(io.promoflow.schemas.Topics).NOTIFICATIONS.name()}",
      groupId = "${spring.application.name}-delivery-log")
  void onRecord(ConsumerRecord<String, Object> record) {
    if (record.value() instanceof NotificationsEnvelope envelope) {
      remember(envelope);
    }
  }

  @Override
  public void start() {
    String topic = Topics.NOTIFICATIONS.name();
    Properties props = new Properties();
    props.put("enable.auto.commit", "false");
    try (Consumer<String, Object> consumer = consumers.createConsumer(null, "delivery-log-replay", null, props)) {
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
