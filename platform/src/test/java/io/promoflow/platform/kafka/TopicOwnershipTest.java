package io.promoflow.platform.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verifyNoInteractions;

import io.promoflow.schemas.Topics;
import io.promoflow.schemas.builds.BuildsEnvelope;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serializer;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.mock.env.MockEnvironment;

/**
 * One writer per topic, checked in the code: the catalogue's writer, and the readers for dead
 * letters.
 */
class TopicOwnershipTest {

  @Test
  void onlyTheCataloguesWriterWritesATopic() {
    assertThat(TopicOwnership.mayWrite("trigger-service", Topics.BUILDS.name())).isTrue();
    assertThat(TopicOwnership.mayWrite("gate-service", Topics.BUILDS.name())).isFalse();
    assertThat(TopicOwnership.mayWrite("approval-service", Topics.APPROVALS.name())).isTrue();
    assertThat(TopicOwnership.mayWrite("promotion-service", Topics.APPROVALS.name())).isFalse();
  }

  @Test
  void aDeadLetterTopicIsWrittenByTheTopicsReadersAndItsWriterOnly() {
    // gate-service reads builds, so it dead-letters into builds.dlt; approval-service does not read
    // builds
    assertThat(TopicOwnership.mayWrite("gate-service", Topics.BUILDS.deadLetterName())).isTrue();
    assertThat(TopicOwnership.mayWrite("approval-service", Topics.BUILDS.deadLetterName()))
        .isFalse();
    // the writer dead-letters a result it could not write (oversized) although it does not read its
    // topic
    assertThat(Topics.GATE_RESULTS.readers()).doesNotContain("gate-service");
    assertThat(TopicOwnership.mayWrite("gate-service", Topics.GATE_RESULTS.deadLetterName()))
        .isTrue();
    assertThat(TopicOwnership.mayWrite("trigger-service", Topics.GATE_RESULTS.deadLetterName()))
        .isFalse();
  }

  @Test
  void unknownTopicsAndServicesWriteNothing() {
    assertThat(TopicOwnership.mayWrite("trigger-service", "promoflow.builds.v2")).isFalse();
    assertThat(TopicOwnership.mayWrite("trigger-service", null)).isFalse();
    assertThat(TopicOwnership.mayWrite("", Topics.BUILDS.name())).isFalse();
    assertThat(TopicOwnership.mayWrite(null, Topics.BUILDS.name())).isFalse();
    assertThat(TopicOwnership.writable("secured")).isEmpty();
  }

  @Test
  void writableListsOwnTopicsAndTheDeadLettersOfWhatItReads() {
    assertThat(TopicOwnership.writable("notification-service"))
        .containsExactly(
            "promoflow.approvals.v1.dlt",
            "promoflow.notifications.v1",
            "promoflow.notifications.v1.dlt",
            "promoflow.promotions.v1.dlt",
            "promoflow.rollbacks.v1.dlt",
            "promoflow.verifications.v1.dlt");
    // the release coordinator (issue 18): trigger-service writes the releases and the requests
    assertThat(TopicOwnership.writable("trigger-service"))
        .contains(
            "promoflow.releases.v1",
            "promoflow.promotion-requests.v1",
            "promoflow.promotions.v1.dlt");
  }

  @Test
  void aWrongWriterIsRefusedNamingTheRealWriter() {
    assertThatThrownBy(() -> TopicOwnership.requireWriter("gate-service", Topics.PROMOTIONS.name()))
        .isInstanceOf(TopicOwnership.WrongWriterException.class)
        .hasMessageContaining("gate-service")
        .hasMessageContaining("its only writer is promotion-service");
  }

  @SuppressWarnings("unchecked")
  @Test
  void thePublisherRefusesATopicOfAnotherServiceBeforeSendingAnything() {
    KafkaOperations<Object, Object> kafka = mock(KafkaOperations.class);
    Publisher publisher = new Publisher(kafka, "gate-service");
    assertThatThrownBy(() -> publisher.publish(Topics.BUILDS, "inventory", new BuildsEnvelope()))
        .isInstanceOf(TopicOwnership.WrongWriterException.class)
        .hasMessageContaining("promoflow.builds.v1")
        .hasMessageContaining("trigger-service");
    verifyNoInteractions(kafka);
  }

  @SuppressWarnings("unchecked")
  @Test
  void aPublisherWithoutAServiceNameDoesNotStart() {
    KafkaOperations<Object, Object> kafka = mock(KafkaOperations.class);
    assertThatThrownBy(() -> new Publisher(kafka, " "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("spring.application.name");
  }

  /**
   * Records sent by templates over {@link MockProducer}s; the template closes its producer after
   * each send, so each send gets a new one.
   */
  static final class Sent {
    final List<MockProducer<Object, Object>> producers = new ArrayList<>();

    KafkaTemplate<Object, Object> template() {
      Serializer<Object> text =
          (topic, value) -> String.valueOf(value).getBytes(StandardCharsets.UTF_8);
      return new KafkaTemplate<>(
          () -> {
            MockProducer<Object, Object> producer = new MockProducer<>(true, null, text, text);
            producers.add(producer);
            return producer;
          });
    }

    List<String> topics() {
      return producers.stream()
          .flatMap(p -> p.history().stream())
          .map(ProducerRecord::topic)
          .toList();
    }
  }

  @Test
  void everyTemplateSendToAnotherServicesTopicFailsBeforeTheProducer() {
    Sent sent = new Sent();
    KafkaTemplate<Object, Object> template = sent.template();
    OwnTopicsOnly.install(template, "promotion-service");
    assertThatThrownBy(() -> template.send(Topics.APPROVALS.name(), "inventory", "forged"))
        .isInstanceOf(TopicOwnership.WrongWriterException.class)
        .hasMessageContaining("approval-service");
    assertThat(sent.topics()).isEmpty();

    template.send(Topics.PROMOTIONS.name(), "inventory", "attempted");
    template.send(Topics.APPROVALS.deadLetterName(), "inventory", "unreadable approval");
    assertThat(sent.topics())
        .containsExactly(Topics.PROMOTIONS.name(), Topics.APPROVALS.deadLetterName());
  }

  @Test
  void theSpringContextInstallsTheCheckOnEveryTemplate() {
    Sent sent = new Sent();
    KafkaTemplate<Object, Object> template = sent.template();
    MockEnvironment environment =
        new MockEnvironment().withProperty("spring.application.name", "gate-service");
    KafkaPlatformConfiguration.promoflowOwnTopicsOnly(environment)
        .postProcessAfterInitialization(template, "t");
    assertThatThrownBy(() -> template.send(Topics.BUILDS.name(), "inventory", "x"))
        .isInstanceOf(TopicOwnership.WrongWriterException.class);
    KafkaTemplate<Object, Object> nameless = sent.template();
    KafkaPlatformConfiguration.promoflowOwnTopicsOnly(new MockEnvironment())
        .postProcessAfterInitialization(nameless, "t");
    assertThatThrownBy(() -> nameless.send(Topics.GATE_RESULTS.name(), "inventory", "x"))
        .as("a service without a name writes nothing")
        .isInstanceOf(TopicOwnership.WrongWriterException.class);
    assertThat(sent.topics()).isEmpty();
  }
}
