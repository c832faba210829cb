package io.promoflow.platform.kafka;

import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka Streams handler for records that cannot be decoded or processed: the raw record goes to
 * {@code <topic>.dlt} with the reason in headers, inside the same exactly-once transaction, and the
 * topology moves on. Configured once in {@code promoflow-platform.yml}.
 */
public class StreamsDeadLetterHandler implements DeserializationExceptionHandler, ProcessingExceptionHandler {

  private static final Logger log = LoggerFactory.getLogger(StreamsDeadLetterHandler.class);
  private String service = "kafka-streams";

  @Override
  public void configure(Map<String, ?> configs) {
    Object id = configs.get(StreamsConfig.APPLICATION_ID_CONFIG);
    if (id != null) {
      service = id.toString();
    }
  }

  @Override
  public DeserializationExceptionHandler.Response handleError(ErrorHandlerContext context,
      ConsumerRecord<byte[], byte[]> record, Exception exception) {
    log.warn("{}: undecodable record {}-{}@{} sent to {}: {}", service, record.topic(), record.partition(),
        record.offset(), DeadLetters.topicFor(record.topic()), exception.getMessage());
    return DeserializationExceptionHandler.Response.resume(List.of(deadLetter(context.topic(), record.key(),
        record.value(), context, exception)));
  }

  @Override
  public ProcessingExceptionHandler.Response handleError(ErrorHandlerContext context, Record<?, ?> record,
      Exception exception) {
    log.warn("{}: record {}-{}@{} failed in {} and was sent to {}", service, context.topic(), context.partition(),
        context.offset(), context.processorNodeId(), DeadLetters.topicFor(context.topic()), exception);
    return ProcessingExceptionHandler.Response.resume(List.of(deadLetter(context.topic(), context.sourceRawKey(),
        context.sourceRawValue(), context, exception)));
  }

  private ProducerRecord<byte[], byte[]> deadLetter(String topic, byte[] key, byte[] value, ErrorHandlerContext context,
      Exception exception) {
    String origin = context.topic() + "-" + context.partition() + "@" + context.offset();
    return new ProducerRecord<>(DeadLetters.topicFor(topic), null, key, value,
        DeadLetters.headers(context.headers(), exception, origin, service));
  }
}
