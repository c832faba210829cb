package io.promoflow.platform.kafka;

import io.promoflow.schemas.Digests;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * Kafka Streams handler for records that cannot be decoded, processed or produced: the raw record
 * goes to {@code <topic>.dlt} with the reason in headers, inside the same exactly-once transaction,
 * and the topology moves on. A result that cannot be written (it cannot be serialized, is larger
 * than {@link io.promoflow.platform.streams.Topologies#MAX_RECORD_BYTES}, or the broker refuses it
 * for good) goes to {@code <output topic>.dlt} as a short JSON summary (size, SHA-256, reason) that
 * always fits; a retriable send error is retried. Configured once in {@code
 * promoflow-platform.yml}.
 */
public class StreamsDeadLetterHandler
    implements DeserializationExceptionHandler,
        ProcessingExceptionHandler,
        ProductionExceptionHandler {

  private static final Logger log = LoggerFactory.getLogger(StreamsDeadLetterHandler.class);
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private String service = "kafka-streams";

  @Override
  public void configure(Map<String, ?> configs) {
    Object id = configs.get(StreamsConfig.APPLICATION_ID_CONFIG);
    if (id != null) {
      service = id.toString();
    }
  }

  @Override
  public DeserializationExceptionHandler.Response handleError(
      ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
    log.warn(
        "{}: undecodable record {}-{}@{} sent to {}: {}",
        service,
        record.topic(),
        record.partition(),
        record.offset(),
        DeadLetters.topicFor(record.topic()),
        exception.getMessage());
    return DeserializationExceptionHandler.Response.resume(
        List.of(deadLetter(context.topic(), record.key(), record.value(), context, exception)));
  }

  @Override
  public ProcessingExceptionHandler.Response handleError(
      ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
    log.warn(
        "{}: record {}-{}@{} failed in {} and was sent to {}",
        service,
        context.topic(),
        context.partition(),
        context.offset(),
        context.processorNodeId(),
        DeadLetters.topicFor(context.topic()),
        exception);
    return ProcessingExceptionHandler.Response.resume(
        List.of(
            deadLetter(
                context.topic(),
                context.sourceRawKey(),
                context.sourceRawValue(),
                context,
                exception)));
  }

  @Override
  public ProductionExceptionHandler.Response handleError(
      ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record, Exception exception) {
    if (exception instanceof RetriableException) {
      return ProductionExceptionHandler.Response.retry();
    }
    log.warn(
        "{}: result for {} (from {}-{}@{}) was refused and sent to {} as a summary: {}",
        service,
        record.topic(),
        context.topic(),
        context.partition(),
        context.offset(),
        DeadLetters.topicFor(record.topic()),
        exception.toString());
    return ProductionExceptionHandler.Response.resume(
        List.of(
            summary(
                record.topic(),
                record.key(),
                record.value() == null ? 0 : record.value().length,
                digest(record.value()),
                context,
                exception)));
  }

  @Override
  public ProductionExceptionHandler.Response handleSerializationError(
      ErrorHandlerContext context,
      ProducerRecord record,
      Exception exception,
      SerializationExceptionOrigin origin) {
    log.warn(
        "{}: result for {} (from {}-{}@{}) could not be written ({}) and was sent to {} as a summary: {}",
        service,
        record.topic(),
        context.topic(),
        context.partition(),
        context.offset(),
        origin,
        DeadLetters.topicFor(record.topic()),
        exception.toString());
    byte[] key =
        record.key() == null ? null : String.valueOf(record.key()).getBytes(StandardCharsets.UTF_8);
    return ProductionExceptionHandler.Response.resume(
        List.of(summary(record.topic(), key, -1, null, context, exception)));
  }

  /**
   * A dead letter that always fits: the original key, and the size, digest and reason instead of
   * the value.
   */
  private ProducerRecord<byte[], byte[]> summary(
      String topic,
      byte[] key,
      int size,
      String sha256,
      ErrorHandlerContext context,
      Exception exception) {
    String reason = String.valueOf(exception.getMessage());
    reason = reason.length() > 1000 ? reason.substring(0, 1000) + "…" : reason;
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("topic", topic);
    summary.put("valueBytes", size);
    summary.put("sha256", sha256);
    summary.put("reason", reason);
    byte[] json = JSON.writeValueAsBytes(summary);
    String origin = context.topic() + "-" + context.partition() + "@" + context.offset();
    return new ProducerRecord<>(
        DeadLetters.topicFor(topic),
        null,
        key != null && key.length > 1000 ? null : key,
        json,
        DeadLetters.headers(null, exception, origin, service));
  }

  private static String digest(byte[] value) {
    return value == null ? null : Digests.sha256Hex(value);
  }

  private ProducerRecord<byte[], byte[]> deadLetter(
      String topic, byte[] key, byte[] value, ErrorHandlerContext context, Exception exception) {
    String origin = context.topic() + "-" + context.partition() + "@" + context.offset();
    return new ProducerRecord<>(
        DeadLetters.topicFor(topic),
        null,
        key,
        value,
        DeadLetters.headers(context.headers(), exception, origin, service));
  }
}
