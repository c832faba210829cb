package io.promoflow.promotion.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.promoflow.platform.events.Events;
import io.promoflow.platform.kafka.Publisher;
import io.promoflow.platform.policy.PolicyProperties;
import io.promoflow.platform.web.ProblemException;
import io.promoflow.rules.policy.PipelinePolicy;
import io.promoflow.rules.policy.PolicyLoader;
import io.promoflow.schemas.Topic;
import io.promoflow.schemas.policies.PoliciesEnvelope;
import io.promoflow.schemas.policies.PolicyActivated;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Status;
import org.springframework.http.HttpStatus;

class PolicyAnnouncerTest {

  @Test
  void aBrokerAwayAtStartIsRetriedAndTheServiceIsNotReadyUntilThePolicyIsRecorded()
      throws Exception {
    PipelinePolicy policy =
        PolicyLoader.load("p", Files.readString(Path.of("../config/pipeline.yaml")));
    AtomicInteger failuresLeft = new AtomicInteger(2);
    List<PolicyActivated> written = new CopyOnWriteArrayList<>();
    Publisher publisher =
        new Publisher(null, "promotion-service") {
          @Override
          public <V extends SpecificRecord> void publish(Topic<V> topic, String key, V envelope) {
            if (failuresLeft.getAndDecrement() > 0) {
              throw new ProblemException(
                  HttpStatus.SERVICE_UNAVAILABLE,
                  "Event not recorded",
                  "Timeout expired after 4000ms while awaiting InitProducerId",
                  null,
                  null);
            }
            written.add((PolicyActivated) ((PoliciesEnvelope) envelope).getPayload());
          }
        };
    PolicyAnnouncer announcer =
        new PolicyAnnouncer(
            policy,
            new PolicyProperties("file:config/pipeline.yaml"),
            publisher,
            new Events(Clock.systemUTC(), "promotion-service", policy));
    try {
      announcer.announce();

      assertThat(announcer.health().getStatus()).isEqualTo(Status.DOWN);
      await().atMost(Duration.ofSeconds(20)).until(announcer::announced);
      assertThat(announcer.health().getStatus()).isEqualTo(Status.UP);
      assertThat(written)
          .singleElement()
          .satisfies(p -> assertThat(p.getDigest()).isEqualTo(policy.digest()));
    } finally {
      announcer.destroy();
    }
  }
}
