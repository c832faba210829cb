package io.promoflow.platform.kafka;

import java.util.Map;
import org.apache.kafka.clients.producer.ProducerInterceptor;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * One writer per topic for every {@link KafkaTemplate} of a service, not only the {@link
 * Publisher}: the listeners' writes in their own transaction (executor attempts, notification
 * outcomes) and the listener error handler's dead letters go through the template too. {@link
 * KafkaTemplate} calls this interceptor itself, before the producer and outside Kafka's interceptor
 * chain (which would log and swallow the exception), so a record for a topic the service does not
 * own ({@link TopicOwnership}) fails the send at once and nothing is sent.
 */
public final class OwnTopicsOnly implements ProducerInterceptor<Object, Object> {

  private final String service;

  /**
   * @param service the sending service, its {@code spring.application.name}
   */
  public OwnTopicsOnly(String service) {
    this.service = service;
  }

  /** Installs the check on {@code template}. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  public static void install(KafkaTemplate<?, ?> template, String service) {
    ((KafkaTemplate) template).setProducerInterceptor(new OwnTopicsOnly(service));
  }

  /**
   * @throws TopicOwnership.WrongWriterException when the service may not write the record's topic
   */
  @Override
  public ProducerRecord<Object, Object> onSend(ProducerRecord<Object, Object> record) {
    TopicOwnership.requireWriter(service, record.topic());
    return record;
  }

  @Override
  public void onAcknowledgement(RecordMetadata metadata, Exception exception) {
    // nothing to check after the broker answered
  }

  @Override
  public void close() {
    // holds no resources
  }

  @Override
  public void configure(Map<String, ?> configs) {
    // configured by its constructor: KafkaTemplate installs it, not the producer's
    // interceptor.classes
  }
}
