package io.promoflow.platform.kafka;

import io.promoflow.platform.web.ProblemException;
import io.promoflow.schemas.Topic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;
import org.springframework.http.HttpStatus;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.support.SendResult;

/**
 * Publishes events from HTTP requests: in a Kafka transaction, waiting for the broker's
 * acknowledgement (acks=all) so that a 2xx answer means the event is durably on its topic.
 *
 * <p>Broker outage = prompt 503: the producer settings of {@code promoflow-platform.yml} ({@code
 * max.block.ms}, {@code delivery.timeout.ms}) end a publish within {@link #ACK_TIMEOUT}. After a
 * publish timed out, the broker counts as down for {@link #FAIL_FAST}: publishes in that time
 * answer 503 at once instead of each waiting the full bound (requests queued behind one another,
 * such as the trigger's grouped build intake, would otherwise wait one bound each). The first
 * publish after it tries the broker again, so the service recovers by itself when the broker
 * returns.
 *
 * <p>One writer per topic: the publisher knows its service ({@code spring.application.name}) and
 * refuses, before anything is sent, a topic whose writer is another service ({@link
 * TopicOwnership}); the broker's ACLs would refuse it too, but only on a secured broker and only at
 * run time.
 */
public class Publisher {

  /**
   * Longest wait for the acknowledgement; the producer's delivery timeout (5 s) normally ends it
   * first.
   */
  static final Duration ACK_TIMEOUT = Duration.ofSeconds(8);

  /** How long a timed-out broker counts as down. */
  static final Duration FAIL_FAST = Duration.ofSeconds(5);

  private final KafkaOperations<Object, Object> kafka;
  private final String service;
  private final Object lock = new Object();
  private boolean down;
  private long downUntil;

  /**
   * @param service the publishing service, its {@code spring.application.name} (the topic
   *     catalogue's writer name)
   * @throws IllegalArgumentException when {@code service} is blank: a publisher without an identity
   *     writes nothing
   */
  public Publisher(KafkaOperations<Object, Object> kafka, String service) {
    if (service == null || service.isBlank()) {
      throw new IllegalArgumentException(
          "a Publisher needs its service name (spring.application.name)");
    }
    this.kafka = kafka;
    this.service = service;
  }

  /**
   * One event of a group: {@code envelope} for {@code topic} under {@code key} (the application
   * name).
   */
  public record Event<V extends SpecificRecord>(Topic<V> topic, String key, V envelope) {}

  /**
   * Publishes {@code envelope} under {@code key} (the application name).
   *
   * @throws ProblemException 503 when the broker does not acknowledge in time; nothing is then
   *     visible to read_committed consumers
   * @throws TopicOwnership.WrongWriterException when this service is not {@code topic}'s writer;
   *     nothing is sent
   */
  public <V extends SpecificRecord> void publish(Topic<V> topic, String key, V envelope) {
    publishAll(List.of(new Event<>(topic, key, envelope)));
  }

  /**
   * Publishes {@code events} in order in ONE transaction (group commit, {@link GroupCommitter}):
   * all of them become visible to read_committed consumers, or none. Each event's acknowledgement
   * is waited for within {@link #ACK_TIMEOUT} of the group's start.
   *
   * @throws ProblemException 503 when the broker does not acknowledge in time; nothing of the group
   *     is then visible
   * @throws TopicOwnership.WrongWriterException when this service is not the writer of one of the
   *     topics; nothing is sent
   */
  public void publishAll(List<Event<?>> events) {
    events.forEach(e -> TopicOwnership.requireWriter(service, e.topic().name()));
    if (events.isEmpty()) {
      return;
    }
    synchronized (lock) {
      if (down && System.nanoTime() - downUntil < 0) {
        throw new ProblemException(
            HttpStatus.SERVICE_UNAVAILABLE,
            "Event not recorded",
            "the event broker is unavailable; nothing was recorded, retry later",
            null,
            null);
      }
      down = false;
    }
    String topics =
        events.stream().map(e -> e.topic().name()).distinct().collect(Collectors.joining(", "));
    try {
      kafka.executeInTransaction(
          ops -> {
            long until = System.nanoTime() + ACK_TIMEOUT.toNanos();
            List<CompletableFuture<SendResult<Object, Object>>> sent = new ArrayList<>();
            for (Event<?> e : events) {
              sent.add(ops.send(e.topic().name(), e.key(), e.envelope()));
            }
            try {
              for (CompletableFuture<SendResult<Object, Object>> ack : sent) {
                ack.get(Math.max(0, until - System.nanoTime()), TimeUnit.NANOSECONDS);
              }
              return null;
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              throw new IllegalStateException("interrupted while publishing to " + topics, e);
            } catch (ExecutionException | TimeoutException e) {
              throw new IllegalStateException(
                  "broker did not acknowledge " + topics + ": " + e.getMessage(), e);
            }
          });
    } catch (RuntimeException e) {
      if (timedOut(e)) {
        synchronized (lock) {
          down = true;
          downUntil = System.nanoTime() + FAIL_FAST.toNanos();
        }
      }
      throw new ProblemException(
          HttpStatus.SERVICE_UNAVAILABLE,
          "Event not recorded",
          "could not publish to " + topics + "; nothing was recorded, retry later",
          null,
          e);
    }
  }

  private static boolean timedOut(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof TimeoutException
          || t instanceof org.apache.kafka.common.errors.TimeoutException) {
        return true;
      }
    }
    return false;
  }
}
