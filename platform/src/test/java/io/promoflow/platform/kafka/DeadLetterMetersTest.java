package io.promoflow.platform.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.promoflow.schemas.Topics;
import org.junit.jupiter.api.Test;

class DeadLetterMetersTest {

  @Test
  void eachDeadLetterIsCountedForItsServiceAndSourceTopicAndEveryTopicStartsAtZero() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    DeadLetterMeters.register("meters-test-service", registry);
    assertThat(registry.find(DeadLetterMeters.NAME).counters()).hasSize(Topics.ALL.size());
    DeadLetters.headers(
        null,
        new IllegalStateException("boom"),
        Topics.PROMOTIONS.name() + "-2@17",
        "meters-test-service");
    DeadLetters.headers(
        null, new IllegalStateException("boom"), "promoflow.builds.v1-0@1", "other");
    assertThat(
            registry
                .get(DeadLetterMeters.NAME)
                .tag("service", "meters-test-service")
                .tag("topic", Topics.PROMOTIONS.name())
                .counter()
                .count())
        .isEqualTo(1.0);
    assertThat(
            registry
                .get(DeadLetterMeters.NAME)
                .tag("topic", Topics.BUILDS.name())
                .counter()
                .count())
        .as("another service's dead letter is not this one's")
        .isZero();
  }

  @Test
  void theTopicIsReadFromTheOrigin() {
    assertThat(DeadLetterMeters.topicOf("promoflow.gate-results.v1-10@3"))
        .isEqualTo("promoflow.gate-results.v1");
    assertThat(DeadLetterMeters.topicOf("promoflow.builds.v1")).isEqualTo("promoflow.builds.v1");
  }
}
