package io.promoflow.console.flow;

import static org.assertj.core.api.Assertions.assertThat;

import io.promoflow.console.DoraEvents;
import io.promoflow.console.DoraProperties;
import io.promoflow.console.domain.dora.DoraFigures;
import io.promoflow.console.domain.dora.DoraFormulas;
import io.promoflow.console.domain.dora.DoraHistory;
import io.promoflow.platform.testing.TopologyTests;
import io.promoflow.schemas.Topic;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;

class DoraTopologyTest {

  static final Instant END = Instant.parse("2026-06-30T00:00:00Z");
  static final DoraProperties PROPERTIES =
      new DoraProperties(Duration.ofDays(30), Duration.ofDays(90), Duration.ofSeconds(30), 100);

  static TopologyTestDriver driver() {
    return TopologyTests.driver(
        "console-service", builder -> new DoraTopology(PROPERTIES).define(builder));
  }

  @SuppressWarnings("unchecked")
  static void pipe(TopologyTestDriver driver, List<DoraEvents.Event> events) {
    for (DoraEvents.Event e : events) {
      TopologyTests.input(driver, (Topic<SpecificRecord>) e.topic()).pipeInput(e.key(), e.value());
    }
  }

  static DoraHistory history(TopologyTestDriver driver, String application) {
    KeyValueStore<String, DoraHistory> store = driver.getKeyValueStore(DoraTopology.HISTORIES);
    return store.get(application);
  }

  @Test
  void aBuildTimeCiSetsInTheFutureCountsAsWhenTheBuildWasRecorded() {
    Instant recorded = Instant.parse("2026-11-01T10:00:00Z");
    var envelope =
        (io.promoflow.schemas.builds.BuildsEnvelope)
            new DoraEvents("inventory").built("1.0.0", recorded).events().get(0).value();
    ((io.promoflow.schemas.builds.BuildCompleted) envelope.getPayload())
        .setBuildFinishedAt(Instant.parse("2099-01-01T00:00:00Z"));
    assertThat(DoraTopology.fact(envelope).orElseThrow().at()).isEqualTo(recorded.toEpochMilli());
  }

  @Test
  void theEventLogGivesTheHandComputedFigures() {
    try (TopologyTestDriver driver = driver()) {
      pipe(driver, DoraEvents.standard("inventory", END).events());
      DoraFigures f =
          DoraFormulas.figures(
              List.of(history(driver, "inventory")),
              "PROD",
              DoraFormulas.Window.ending(END, Duration.ofDays(30)));
      long h = Duration.ofHours(1).toMillis();
      assertThat(f.promotions()).isEqualTo(2);
      assertThat(f.deploymentFrequencyPerDay()).isEqualTo(2 / 30.0);
      assertThat(f.leadTimeForChangesP50Ms()).isEqualTo(2 * h);
      assertThat(f.leadTimeForChangesP90Ms()).isEqualTo(4 * h);
      assertThat(f.changeFailureRate()).isEqualTo(0.5);
      assertThat(f.timeToRestoreP50Ms()).isEqualTo(h);
      assertThat(f.approvalWaitP50Ms()).isEqualTo(Duration.ofMinutes(30).toMillis());
      assertThat(f.promotionSuccessRate()).isEqualTo(2 / 3.0);
    }
  }

  @Test
  void aReplayInAnotherTopicOrderRebuildsTheSameState() {
    List<DoraEvents.Event> events = DoraEvents.standard("inventory", END).events();
    DoraHistory first;
    try (TopologyTestDriver driver = driver()) {
      pipe(driver, events);
      pipe(driver, events); // read twice (a replay after a lost offset commit): no double count
      first = history(driver, "inventory");
    }
    List<DoraEvents.Event> reordered = new ArrayList<>(events);
    Collections.reverse(reordered);
    try (TopologyTestDriver driver = driver()) {
      pipe(driver, reordered);
      assertThat(history(driver, "inventory")).isEqualTo(first);
    }
    assertThat(first.facts()).hasSize(events.size());
  }

  @Test
  void eventsOlderThanTheRetentionAreDropped() {
    try (TopologyTestDriver driver = driver()) {
      pipe(
          driver,
          new DoraEvents("inventory")
              .built("0", END.minus(Duration.ofDays(200)))
              .built("1", END.minus(Duration.ofDays(1)))
              .events());
      assertThat(history(driver, "inventory").facts())
          .singleElement()
          .satisfies(f -> assertThat(f.version()).isEqualTo("1"));
    }
  }
}
