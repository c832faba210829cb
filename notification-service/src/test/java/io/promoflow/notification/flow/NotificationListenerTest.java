package io.promoflow.notification.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;

import io.promoflow.notification.NotificationProperties;
import io.promoflow.notification.domain.Target;
import io.promoflow.notification.domain.UnknownEventKindException;
import io.promoflow.platform.testing.TopologyTests;
import io.promoflow.schemas.Topic;
import io.promoflow.schemas.Topics;
import io.promoflow.schemas.common.ArtifactRef;
import io.promoflow.schemas.common.EventMetadata;
import io.promoflow.schemas.notifications.NotificationDelivered;
import io.promoflow.schemas.rollbacks.RollbackUnavailable;
import io.promoflow.schemas.rollbacks.RollbacksEnvelope;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.annotation.KafkaListener;

class NotificationListenerTest {

  static final EventMetadata META =
      EventMetadata.newBuilder()
          .setEventId("e1")
          .setOccurredAt(Instant.EPOCH)
          .setActor("a")
          .setSource("s")
          .setPromotionId("p1")
          .setArtifact(new ArtifactRef("inventory", "1.4.2", "sha256:x"))
          .build();
  final DeliveryService deliveries = mock(DeliveryService.class);
  final NotificationListener listener =
      new NotificationListener(
          TopologyTests.policy("pipeline.yaml"),
          new NotificationProperties(
              new NotificationProperties.Slack(null, Duration.ofSeconds(1), null, null, null, null),
              new NotificationProperties.Email(
                  "promoflow@localhost", List.of("team@example.com"), Map.of()),
              new NotificationProperties.Webhook(null, null, Duration.ofSeconds(1)),
              "./promoflow",
              new NotificationProperties.Approvals(null, null, Duration.ofSeconds(1))),
          deliveries,
          mock(DeliveryLog.class));

  static ConsumerRecord<String, Object> record(Object envelope) {
    return new ConsumerRecord<>(Topics.ROLLBACKS.name(), 0, 7L, "inventory", envelope);
  }

  @Test
  void listensToExactlyTheTopicsThatNameThisServiceAsReaderButItsOwn()
      throws NoSuchMethodException {
    // the composer's table is checked against these topics' unions (NotificationComposerTest)
    KafkaListener annotation =
        NotificationListener.class
            .getMethod("onEvent", ConsumerRecord.class)
            .getAnnotation(KafkaListener.class);
    Pattern constant =
        Pattern.compile("T\\(io\\.promoflow\\.schemas\\.Topics\\)\\.(\\w+)\\.name\\(\\)");
    List<String> listened =
        Arrays.stream(annotation.topics())
            .map(
                expression -> {
                  Matcher m = constant.matcher(expression);
                  assertThat(m.find()).as(expression).isTrue();
                  try {
                    return ((Topic<?>) Topics.class.getField(m.group(1)).get(null)).name();
                  } catch (ReflectiveOperationException e) {
                    throw new AssertionError(expression, e);
                  }
                })
            .toList();
    assertThat(listened)
        .containsExactlyInAnyOrderElementsOf(
            Topics.ALL.stream()
                .filter(
                    t ->
                        t.readers().contains("notification-service")
                            && !t.writer().equals("notification-service"))
                .map(Topic::name)
                .toList());
  }

  @Test
  void anEventIsDeliveredToEveryRoutedTarget() {
    ConsumerRecord<String, Object> r =
        record(new RollbacksEnvelope(META, new RollbackUnavailable("PROD", "none")));
    listener.onEvent(r);
    // the shipped policy routes CRITICAL events to Slack (at least)
    verify(deliveries).deliver(eq(r), eq(META), any(), eq(new Target("slack", "slack")));
  }

  @Test
  void anUnknownKindReachesTheErrorHandlerAndNothingIsDelivered() {
    // the platform's error handler records what the listener throws on the topic's .dlt with the
    // message as reason
    ConsumerRecord<String, Object> r =
        record(
            new RollbacksEnvelope(
                META, new NotificationDelivered("k", "X", "slack", "slack", "LOW", "t", 1)));
    assertThatThrownBy(() -> listener.onEvent(r))
        .isInstanceOf(UnknownEventKindException.class)
        .hasMessageContaining("NotificationDelivered");
    verifyNoInteractions(deliveries);
  }
}
