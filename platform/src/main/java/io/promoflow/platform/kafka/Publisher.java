package io.promoflow.platform.kafka;

import io.promoflow.platform.web.ProblemException;
import io.promoflow.schemas.Topic;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.avro.specific.SpecificRecord;
import org.springframework.http.HttpStatus;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.support.SendResult;

/**
 * Publishes events from HTTP requests: in a Kafka transaction, waiting for the broker's acknowledgement
 * (acks=all) so that a 2xx answer means the event is durably on its topic.
 *
 * <p>Broker outage = prompt 503: the producer settings of {@code promoflow-platform.yml} ({@code max.block.ms},
 * {@code delivery.timeout.ms}) end a publish within {@link #ACK_TIMEOUT}. After a publish timed out, the broker counts as
 * down for {@link #FAIL_FAST}: publishes in that time answer 503 at once instead of each waiting the full bound (requests
 * queued behind a lock, such as the trigger's build intake, would otherwise wait one bound each). The first publish
 * after it tries the broker again, so the service recovers by itself when the broker returns.
 *
 * <p>One writer per topic: the publisher knows its service ({@code spring.application.name}) and refuses, before
 * anything is sent, a topic whose writer is another service ({@link TopicOwnership}); the broker's ACLs would refuse
 * it too, but only on a secured broker and only at run time.
 */
public class Publisher {

  /** Longest wait for the acknowledgement; the producer's delivery timeout (5 s) normally ends it first. */
  static final Duration ACK_TIMEOUT = Duration.ofSeconds(8);
  /** How long a timed-out broker counts as down. */
  static final Duration FAIL_FAST = Duration.ofSeconds(5);
  private final KafkaOperations<Object, Object> kafka;
  private final String service;
  private final Object lock = new Object();
  private boolean down;
  private long downUntil;

  /**
   * @param service the publishing service, its {@code spring.application.name} (the topic catalogue's writer name)
   * @throws IllegalArgumentException when {@code service} is blank: a publisher without an identity writes nothing
   */
  public Publisher(KafkaOperations<Object, Object> kafka, String service) {
    if (service == null || service.isBlank()) {
      throw new IllegalArgumentException("a Publisher needs its service name (spring.application.name)");
    }
    this.kafka = kafka;
    this.service = service;
  }

  /**
   * Publishes {@code envelope} under {@code key} (the application name).
   *
   * @throws ProblemException 503 when the broker does not acknowledge in time; nothing is then visible to
   *     read_committed consumers
   * @throws TopicOwnership.WrongWriterException when this service is not {@code topic}'s writer; nothing is sent
   */
  public <V extends SpecificRecord> void publish(Topic<V> topic, String key, V envelope) {
    TopicOwnership.requireWriter(service, topic.name());
    synchronized (lock) {
      if (down && System.nanoTime() - downUntil < 0) {
        throw new ProblemException(HttpStatus.SERVICE_UNAVAILABLE, "Event not recorded",
            "the event broker is unavailable; nothing was recorded, retry later", null, null);
      }
      down = false;
    }
    try {
      SendResult<Object, Object> ignored = kafka.executeInTransaction(ops -> {
        try {
          return ops.send(topic.name(), key, envelope).get(ACK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while publishing to " + topic.name(), e);
        } catch (ExecutionException | TimeoutException e) {
          throw new IllegalStateException("broker did not acknowledge " + topic.name() + ": " + e.getMessage(), e);
        }
      });
    } catch (RuntimeException e) {
      if (timedOut(e)) {
        synchronized (lock) {
          down = true;
          downUntil = System.nanoTime() + FAIL_FAST.toNanos();
        }
      }
      throw new ProblemException(HttpStatus.SERVICE_UNAVAILABLE, "Event not recorded",
          "could not publish to " + topic.name() + "; nothing was recorded, retry later", null, e);
    }
  }

  private static boolean timedOut(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof TimeoutException || t instanceof org.apache.kafka.common.errors.TimeoutException) {
        return true;
      }
    }
    return false;
  }
}
