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
 */
public class Publisher {

  private static final Duration ACK_TIMEOUT = Duration.ofSeconds(15);
  private final KafkaOperations<Object, Object> kafka;

  public Publisher(KafkaOperations<Object, Object> kafka) {
    this.kafka = kafka;
  }

  /**
   * Publishes {@code envelope} under {@code key} (the application name).
   *
   * @throws ProblemException 503 when the broker does not acknowledge in time; nothing is then visible to
   *     read_committed consumers
   */
  public <V extends SpecificRecord> void publish(Topic<V> topic, String key, V envelope) {
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
      throw new ProblemException(HttpStatus.SERVICE_UNAVAILABLE, "Event not recorded",
          "could not publish to " + topic.name() + "; nothing was recorded, retry later", null, e);
    }
  }
}
