package io.promoflow.notification.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.promoflow.schemas.Topics;
import io.promoflow.schemas.common.EventMetadata;
import io.promoflow.schemas.notifications.NotificationAttempted;
import io.promoflow.schemas.notifications.NotificationDelivered;
import io.promoflow.schemas.notifications.NotificationsEnvelope;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.core.ConsumerFactory;

/**
 * Delivered once across instances and restarts: the delivery log decides from the notifications
 * topic as it is now, never from what this JVM happened to see, and keeps only its own partitions
 * within the topic's retention.
 */
class DeliveryLogTest {

  static final String TOPIC = Topics.NOTIFICATIONS.name();
  static final int PARTITIONS = 3;
  static final String APP = "inventory";
  static final int P =
      Utils.toPositive(Utils.murmur2(APP.getBytes(StandardCharsets.UTF_8))) % PARTITIONS;
  static final TopicPartition TP = new TopicPartition(TOPIC, P);
  final MockConsumer<String, Object> topic = new MockConsumer<>("earliest");
  DeliveryLog log;
  long next;

  @BeforeEach
  @SuppressWarnings("unchecked")
  void start() {
    ConsumerFactory<String, Object> consumers = mock(ConsumerFactory.class);
    when(consumers.createConsumer(isNull(), any(), isNull(), any(Properties.class)))
        .thenReturn(topic);
    topic.updatePartitions(
        TOPIC,
        IntStream.range(0, PARTITIONS)
            .mapToObj(p -> new PartitionInfo(TOPIC, p, Node.noNode(), new Node[0], new Node[0]))
            .toList());
    List<TopicPartition> all =
        IntStream.range(0, PARTITIONS).mapToObj(p -> new TopicPartition(TOPIC, p)).toList();
    topic.assign(all);
    topic.updateBeginningOffsets(
        all.stream().collect(java.util.stream.Collectors.toMap(tp -> tp, tp -> 0L)));
    topic.updateEndOffsets(
        all.stream().collect(java.util.stream.Collectors.toMap(tp -> tp, tp -> 0L)));
    log = new DeliveryLog(consumers);
  }

  @AfterEach
  void stop() {
    log.destroy();
  }

  /** What another instance (or this one before a crash) committed on the topic. */
  void committed(Object payload) {
    NotificationsEnvelope envelope =
        new NotificationsEnvelope(
            EventMetadata.newBuilder()
                .setEventId("n" + next)
                .setOccurredAt(Instant.EPOCH)
                .setActor("notification-service")
                .setSource("notification-service")
                .setPromotionId("p1")
                .build(),
            payload);
    topic.addRecord(new ConsumerRecord<>(TOPIC, P, next++, APP, envelope));
    topic.updateEndOffsets(Map.of(TP, next));
  }

  @Test
  void anIntentOrOutcomeAnotherInstanceCommittedIsSeenBeforeTheNextDecision() {
    assertThat(log.state(APP, "e1|slack|slack")).isNull();
    // after a rebalance the previous owner's records are on the topic, never in this JVM
    committed(new NotificationAttempted("e1|slack|slack", "RollbackDecided", "slack", "slack"));
    assertThat(log.state(APP, "e1|slack|slack")).isEqualTo(DeliveryLog.State.ATTEMPTED);
    committed(
        new NotificationDelivered(
            "e1|slack|slack", "RollbackDecided", "slack", "slack", "HIGH", "t", 1));
    assertThat(log.state(APP, "e1|slack|slack")).isEqualTo(DeliveryLog.State.DELIVERED);
    committed(new NotificationAttempted("e1|slack|slack", "RollbackDecided", "slack", "slack"));
    assertThat(log.state(APP, "e1|slack|slack"))
        .as("an intent never undoes an outcome")
        .isEqualTo(DeliveryLog.State.DELIVERED);
  }

  @Test
  void whatThisInstanceWroteCountsAtOnceEvenBeforeItIsReadBack() {
    log.remember(
        APP,
        new NotificationsEnvelope(
            EventMetadata.newBuilder()
                .setEventId("x")
                .setOccurredAt(Instant.EPOCH)
                .setActor("a")
                .setSource("s")
                .build(),
            new NotificationAttempted("e2|email|team", "RollbackDecided", "email", "team")));
    assertThat(log.state(APP, "e2|email|team")).isEqualTo(DeliveryLog.State.ATTEMPTED);
  }

  @Test
  void aReleasedPartitionIsForgottenAndReadAgainFromTheTopicWhenOwnedAgain() {
    TopicPartition subject = new TopicPartition(Topics.ROLLBACKS.name(), P);
    log.assigned(List.of(subject));
    committed(
        new NotificationDelivered(
            "e3|slack|slack", "RollbackDecided", "slack", "slack", "HIGH", "t", 1));
    assertThat(log.state(APP, "e3|slack|slack")).isEqualTo(DeliveryLog.State.DELIVERED);
    log.revoked(List.of(subject));
    // read from the beginning again: the topic, not a memory, answers (MockConsumer hands out a
    // record once: the
    // topic still holding it is modelled by adding it again at its offset)
    next = 0;
    committed(
        new NotificationDelivered(
            "e3|slack|slack", "RollbackDecided", "slack", "slack", "HIGH", "t", 1));
    assertThat(log.state(APP, "e3|slack|slack")).isEqualTo(DeliveryLog.State.DELIVERED);
  }

  @Test
  void whatRetentionRemovedFromTheTopicIsNotKept() {
    committed(
        new NotificationDelivered(
            "e4|slack|slack", "RollbackDecided", "slack", "slack", "HIGH", "t", 1));
    committed(
        new NotificationDelivered(
            "e5|slack|slack", "RollbackDecided", "slack", "slack", "HIGH", "t", 1));
    assertThat(log.state(APP, "e4|slack|slack")).isEqualTo(DeliveryLog.State.DELIVERED);
    topic.updateBeginningOffsets(Map.of(TP, 1L));
    assertThat(log.state(APP, "e4|slack|slack")).isNull();
    assertThat(log.state(APP, "e5|slack|slack")).isEqualTo(DeliveryLog.State.DELIVERED);
  }

  @Test
  void aSubjectWithoutAKeyIsLookedUpInEveryPartition() {
    committed(
        new NotificationDelivered(
            "e6|slack|slack", "RollbackDecided", "slack", "slack", "HIGH", "t", 1));
    assertThat(log.state(null, "e6|slack|slack")).isEqualTo(DeliveryLog.State.DELIVERED);
    String elsewhere =
        IntStream.range(0, 100)
            .mapToObj(i -> "app-" + i)
            .filter(
                k ->
                    Utils.toPositive(Utils.murmur2(k.getBytes(StandardCharsets.UTF_8))) % PARTITIONS
                        != P)
            .findFirst()
            .orElseThrow();
    assertThat(log.state(elsewhere, "e6|slack|slack"))
        .as("a keyed subject is looked up in its own partition only")
        .isNull();
  }
}
