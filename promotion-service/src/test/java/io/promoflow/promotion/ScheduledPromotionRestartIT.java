package io.promoflow.promotion;

import static org.assertj.core.api.Assertions.assertThat;

import io.promoflow.platform.testing.Http;
import io.promoflow.platform.testing.TopicProbe;
import io.promoflow.schemas.promotions.PromotionScheduled;
import io.promoflow.schemas.promotions.StagePromoted;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.junit.jupiter.SpringJUnitConfig;

/**
 * A promotion into a frozen stage waits SCHEDULED across a restart of promotion-service and runs by
 * itself, once, when the freeze ends (pipeline policy {@code stages[].freezes}).
 */
@SpringJUnitConfig
@EmbeddedKafka(partitions = 1)
class ScheduledPromotionRestartIT {

  @Autowired EmbeddedKafkaBroker broker;

  @Test
  void aScheduledPromotionSurvivesARestartAndRunsWhenTheFreezeEnds() throws IOException {
    // long enough for one start, the schedule, a stop and a second start on a slow machine
    Instant freezeEnd = Instant.now().plusSeconds(30).truncatedTo(ChronoUnit.SECONDS);
    String local = Files.readString(Path.of("../config/pipeline-local.yaml"));
    String yaml =
        local.replace(
            "  - name: DEV\n",
            "  - name: DEV\n    freezes:\n      - {from: '"
                + freezeEnd.minus(1, ChronoUnit.HOURS)
                + "', to: '"
                + freezeEnd
                + "', reason: test freeze}\n");
    assertThat(yaml).contains("test freeze");
    Files.createDirectories(Path.of("target"));
    Path policy =
        Files.writeString(Path.of("target", "freeze-policy-" + UUID.randomUUID() + ".yaml"), yaml);
    Path state = Path.of("target", "state", "freeze-" + UUID.randomUUID());

    try (TopicProbe probe = new TopicProbe(broker.getBrokersAsString())) {
      try (ConfigurableApplicationContext first =
          PromotionExecutionIT.start(broker, policy, state)) {
        PromotionExecutionIT.promote(probe, "p-frozen", null, "DEV");
        PromotionScheduled scheduled =
            (PromotionScheduled)
                PromotionExecutionIT.payloadsOf(
                        probe,
                        "p-frozen",
                        p -> p.stream().anyMatch(PromotionScheduled.class::isInstance))
                    .stream()
                    .filter(PromotionScheduled.class::isInstance)
                    .findFirst()
                    .orElseThrow();
        assertThat(scheduled.getNotBefore()).isEqualTo(freezeEnd);
        assertThat(scheduled.getReason()).contains("test freeze");
      }
      try (ConfigurableApplicationContext second =
          PromotionExecutionIT.start(broker, policy, state)) {
        String base =
            "http://localhost:" + ((WebServerApplicationContext) second).getWebServer().getPort();
        // the store answers once restored from its changelog (503 until then)
        Http.Response[] waiting = new Http.Response[1];
        org.awaitility.Awaitility.await()
            .atMost(PromotionExecutionIT.WAIT)
            .until(
                () ->
                    (waiting[0] = Http.get(base + "/api/v1/promotions/p-frozen")).status() == 200);
        if (Instant.now().isBefore(freezeEnd.minusSeconds(1))) {
          assertThat(waiting[0].json().get("state").asString()).isEqualTo("SCHEDULED");
        }
        List<Object> ended =
            PromotionExecutionIT.payloadsOf(probe, "p-frozen", PromotionExecutionIT::ended);
        assertThat(Instant.now()).isAfterOrEqualTo(freezeEnd);
        assertThat(ended).filteredOn(StagePromoted.class::isInstance).hasSize(1);
        assertThat(ended).filteredOn(PromotionScheduled.class::isInstance).hasSize(1);
      }
    }
  }
}
