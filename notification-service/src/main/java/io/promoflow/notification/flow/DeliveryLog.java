package io.promoflow.notification.flow;

import io.promoflow.notification.domain.Delivery;
import io.promoflow.platform.web.ProblemException;
import io.promoflow.rules.keys.DeliveryStatus;
import io.promoflow.schemas.Topics;
import io.promoflow.schemas.notifications.NotificationAttempted;
import io.promoflow.schemas.notifications.NotificationDelivered;
import io.promoflow.schemas.notifications.NotificationFailed;
import io.promoflow.schemas.notifications.NotificationsEnvelope;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.http.HttpStatus;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.stereotype.Component;

/**
 * The state of every delivery recorded on {@code promoflow.notifications.v1} (key {@code
 * eventId|channel|recipient}): ATTEMPTED (intent recorded, no outcome yet), DELIVERED or FAILED,
 * read from the topic itself, so that restarts and other instances never send twice (issue 14,
 * point 1: the memory is the topic, not this JVM).
 *
 * <p>A notification is written under its subject event's record key (the application), and every
 * contract topic has the same partition count, so the deliveries of a subject partition all live in
 * the notifications partition of the same number, which only the instance owning that subject
 * partition writes. Before each decision ({@link #state}) this instance reads that notifications
 * partition up to its end as of now (read_committed): every intent and outcome a previous owner
 * committed, before a rebalance or a crash, is seen. It keeps only the partitions of the subject
 * partitions it owns ({@link #assigned}, {@link #revoked}), and drops what the topic's retention
 * removed, so the memory is bounded by this instance's share of the topic's retention.
 *
 * <p>The listing for the HTTP route ({@link #of}) reads the topic afresh on each call, so that any
 * instance lists every delivery (not only its own partitions' ones), without keeping the whole
 * topic in memory.
 */
@Component
public class DeliveryLog implements DisposableBean {

  /** Where a delivery stands. */
  public enum State {
    ATTEMPTED,
    DELIVERED,
    FAILED
  }

  /**
   * Marks a state this instance wrote and has not read back yet: kept until read back or released.
   */
  private static final long NOT_READ_BACK = Long.MAX_VALUE;

  private static final Logger log = LoggerFactory.getLogger(DeliveryLog.class);
  private static final Duration METADATA_TIMEOUT = Duration.ofSeconds(30);

  /**
   * The longest one partition is read before a decision; beyond it the decision fails (retried),
   * never guesses.
   */
  private static final Duration CATCH_UP_TIMEOUT = Duration.ofSeconds(30);

  private final ConsumerFactory<String, Object> consumers;
  private final String topic = Topics.NOTIFICATIONS.name();

  /**
   * Per notifications partition this instance reads: delivery key to its state and the offset that
   * recorded it.
   */
  private final Map<Integer, Map<String, Recorded>> partitions = new HashMap<>();

  /**
   * Notifications partitions read since this instance last (re)gained them: the others start at the
   * beginning.
   */
  private final Set<Integer> loaded = new HashSet<>();

  /**
   * Subject partitions this instance's listener owns: a notifications partition is kept while one
   * has its number.
   */
  private final Set<TopicPartition> owned = new HashSet<>();

  private Consumer<String, Object> reader;
  private int partitionCount;

  private record Recorded(State state, long offset) {}

  public DeliveryLog(ConsumerFactory<String, Object> consumers) {
    this.consumers = consumers;
  }

  /**
   * The state of delivery {@code key}, whose subject record was keyed {@code recordKey}, after
   * reading the notifications partition of {@code recordKey} up to its end; null when nothing was
   * recorded for it.
   *
   * @param recordKey the subject record's key; null (a record produced without a key, whose
   *     partition cannot be computed): every partition is read
   */
  public synchronized State state(String recordKey, String key) {
    for (int p : partitionsOf(recordKey)) {
      catchUp(p);
      Recorded r = partitions.get(p).get(key);
      if (r != null) {
        return r.state;
      }
    }
    return null;
  }

  /**
   * Records {@code envelope}, written by this instance under {@code recordKey}; repeats change
   * nothing.
   */
  public synchronized void remember(String recordKey, NotificationsEnvelope envelope) {
    for (int p : partitionsOf(recordKey)) {
      apply(partitions.computeIfAbsent(p, x -> new HashMap<>()), envelope, NOT_READ_BACK);
    }
  }

  /**
   * The listener was given {@code assigned} subject partitions: their notifications partitions are
   * read anew.
   */
  public synchronized void assigned(Collection<TopicPartition> assigned) {
    owned.addAll(assigned);
  }

  /**
   * The listener lost {@code revoked}: notifications partitions no owned subject partition maps to
   * are dropped.
   */
  public synchronized void revoked(Collection<TopicPartition> revoked) {
    owned.removeAll(revoked);
    Set<Integer> kept = new HashSet<>();
    owned.forEach(tp -> kept.add(tp.partition()));
    partitions.keySet().removeIf(p -> !kept.contains(p));
    loaded.removeIf(p -> !kept.contains(p));
  }

  /**
   * Delivery records of a promotion (all when {@code promotionId} is null), oldest first, read from
   * the topic.
   */
  public List<Delivery> of(String promotionId) {
    Map<String, Delivery> found = new LinkedHashMap<>();
    try (Consumer<String, Object> consumer = newConsumer("delivery-log-list")) {
      List<TopicPartition> all =
          IntStream.range(0, consumer.partitionsFor(topic, METADATA_TIMEOUT).size())
              .mapToObj(p -> new TopicPartition(topic, p))
              .toList();
      consumer.assign(all);
      consumer.seekToBeginning(all);
      Map<TopicPartition, Long> end = consumer.endOffsets(all);
      long until = System.nanoTime() + CATCH_UP_TIMEOUT.toNanos();
      while (all.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
        if (System.nanoTime() - until > 0) {
          throw new ProblemException(
              HttpStatus.SERVICE_UNAVAILABLE,
              "Deliveries not readable",
              topic + " was not read to its end within " + CATCH_UP_TIMEOUT + "; retry later",
              null,
              null);
        }
        for (ConsumerRecord<String, Object> r : consumer.poll(Duration.ofMillis(200))) {
          if (r.value() instanceof NotificationsEnvelope envelope
              && (promotionId == null || promotionId.equals(envelope.getMeta().getPromotionId()))) {
            Delivery d = delivery(envelope);
            if (d != null) {
              found.putIfAbsent(DeliveryStatus.of(d.deliveryKey(), d.status()).value(), d);
            }
          }
        }
      }
    }
    return found.values().stream()
        .sorted(Comparator.comparing(d -> Instant.parse(d.at())))
        .toList();
  }

  /** Reads notifications partition {@code p} from where this instance stopped up to its end now. */
  private void catchUp(int p) {
    Consumer<String, Object> consumer = reader();
    TopicPartition tp = new TopicPartition(topic, p);
    long start = consumer.beginningOffsets(List.of(tp)).get(tp);
    Map<String, Recorded> states = partitions.computeIfAbsent(p, x -> new HashMap<>());
    if (loaded.add(p)) {
      // not read since this instance (re)gained it: from the beginning, so nothing a previous owner
      // wrote is missed
      consumer.seek(tp, start);
    }
    // retention: what the topic no longer holds is not kept here either
    states.values().removeIf(r -> r.offset < start);
    if (consumer.position(tp) < start) {
      consumer.seek(tp, start);
    }
    long end = consumer.endOffsets(List.of(tp)).get(tp);
    consumer.pause(consumer.assignment());
    consumer.resume(List.of(tp));
    long until = System.nanoTime() + CATCH_UP_TIMEOUT.toNanos();
    try {
      while (consumer.position(tp) < end) {
        if (System.nanoTime() - until > 0) {
          // fail closed: no decision on a partial read (the listener's error handling retries the
          // record)
          partitions.remove(p);
          loaded.remove(p);
          throw new IllegalStateException(
              tp
                  + " not read up to offset "
                  + end
                  + " within "
                  + CATCH_UP_TIMEOUT
                  + ": no delivery is decided on a partial log");
        }
        for (ConsumerRecord<String, Object> r : consumer.poll(Duration.ofMillis(200))) {
          if (r.partition() == p && r.value() instanceof NotificationsEnvelope envelope) {
            apply(states, envelope, r.offset());
          }
        }
      }
    } finally {
      consumer.pause(List.of(tp));
    }
  }

  /**
   * The reading consumer, assigned every notifications partition, all paused: each is read only
   * when asked for.
   */
  private Consumer<String, Object> reader() {
    if (reader == null) {
      Consumer<String, Object> created = newConsumer("delivery-log");
      int count = created.partitionsFor(topic, METADATA_TIMEOUT).size();
      if (count == 0) {
        created.close();
        throw new IllegalStateException(
            topic + " has no partitions yet: no delivery can be decided");
      }
      List<TopicPartition> all =
          IntStream.range(0, count).mapToObj(p -> new TopicPartition(topic, p)).toList();
      created.assign(all);
      created.pause(all);
      reader = created;
      partitionCount = count;
    }
    return reader;
  }

  /**
   * The notifications partitions a record keyed {@code recordKey} may be in: the producer's keyed
   * partitioning.
   */
  private int[] partitionsOf(String recordKey) {
    reader();
    if (recordKey == null) {
      return IntStream.range(0, partitionCount).toArray();
    }
    return new int[] {
      Utils.toPositive(Utils.murmur2(recordKey.getBytes(StandardCharsets.UTF_8))) % partitionCount
    };
  }

  private Consumer<String, Object> newConsumer(String clientId) {
    Properties props = new Properties();
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    return consumers.createConsumer(null, clientId, null, props);
  }

  /**
   * An intent is kept unless an outcome is known; an outcome replaces what was known (the last one
   * read wins). A state this instance wrote takes its offset once read back.
   */
  private static void apply(
      Map<String, Recorded> states, NotificationsEnvelope envelope, long offset) {
    Object p = envelope.getPayload();
    if (p instanceof NotificationAttempted a) {
      Recorded before = states.get(a.getDeliveryKey());
      if (before == null || before.state == State.ATTEMPTED) {
        states.put(
            a.getDeliveryKey(),
            new Recorded(
                State.ATTEMPTED, before == null ? offset : Math.min(offset, before.offset)));
      }
    } else if (p instanceof NotificationDelivered ok) {
      states.put(ok.getDeliveryKey(), new Recorded(State.DELIVERED, offset));
    } else if (p instanceof NotificationFailed f) {
      states.put(f.getDeliveryKey(), new Recorded(State.FAILED, offset));
    }
  }

  private static Delivery delivery(NotificationsEnvelope envelope) {
    Object p = envelope.getPayload();
    String promotionId = envelope.getMeta().getPromotionId();
    String app =
        envelope.getMeta().getArtifact() == null
            ? null
            : envelope.getMeta().getArtifact().getApplication();
    String at = envelope.getMeta().getOccurredAt().toString();
    if (p instanceof NotificationAttempted a) {
      return new Delivery(
          a.getDeliveryKey(),
          promotionId,
          app,
          a.getSubjectEventType(),
          a.getChannel(),
          a.getRecipient(),
          null,
          "ATTEMPTED",
          null,
          0,
          at);
    } else if (p instanceof NotificationDelivered ok) {
      return new Delivery(
          ok.getDeliveryKey(),
          promotionId,
          app,
          ok.getSubjectEventType(),
          ok.getChannel(),
          ok.getRecipient(),
          ok.getSeverity(),
          "DELIVERED",
          ok.getSummary(),
          ok.getAttempts(),
          at);
    } else if (p instanceof NotificationFailed f) {
      return new Delivery(
          f.getDeliveryKey(),
          promotionId,
          app,
          f.getSubjectEventType(),
          f.getChannel(),
          f.getRecipient(),
          f.getSeverity(),
          "FAILED",
          f.getError(),
          f.getAttempts(),
          at);
    }
    return null;
  }

  @Override
  public synchronized void destroy() {
    if (reader != null) {
      reader.close();
      reader = null;
    }
    log.debug("delivery log closed");
  }
}
