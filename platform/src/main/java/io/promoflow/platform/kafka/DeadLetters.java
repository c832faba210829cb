package io.promoflow.platform.kafka;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/** Names and headers of dead-letter records, the same for listeners and Kafka Streams. */
public final class DeadLetters {

  /** Why the record could not be decoded or processed. */
  public static final String REASON = "promoflow-dlt-reason";

  /** Class of the exception. */
  public static final String EXCEPTION = "promoflow-dlt-exception";

  /** topic-partition@offset the record came from. */
  public static final String ORIGIN = "promoflow-dlt-origin";

  /** Service that gave up on the record. */
  public static final String SERVICE = "promoflow-dlt-service";

  private DeadLetters() {}

  /** {@code <topic>.dlt}. */
  public static String topicFor(String topic) {
    return topic + ".dlt";
  }

  /**
   * Headers describing the failure, added to the original headers. Called once per dead-letter
   * record, which it counts ({@link DeadLetterMeters}).
   */
  public static Headers headers(Headers original, Throwable error, String origin, String service) {
    DeadLetterMeters.count(service, origin);
    RecordHeaders headers =
        new RecordHeaders(original == null ? new RecordHeaders().toArray() : original.toArray());
    Throwable root = error;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String reason =
        error == root
            ? String.valueOf(error.getMessage())
            : error.getMessage() + " (cause: " + root.getMessage() + ")";
    headers.add(REASON, reason.getBytes(StandardCharsets.UTF_8));
    headers.add(EXCEPTION, root.getClass().getName().getBytes(StandardCharsets.UTF_8));
    headers.add(ORIGIN, origin.getBytes(StandardCharsets.UTF_8));
    headers.add(SERVICE, service.getBytes(StandardCharsets.UTF_8));
    return headers;
  }
}
