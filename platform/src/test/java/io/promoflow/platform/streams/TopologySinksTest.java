package io.promoflow.platform.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promoflow.platform.kafka.TopicOwnership;
import io.promoflow.schemas.Topics;
import io.promoflow.schemas.requests.PromotionRequestsEnvelope;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.Produced;
import org.junit.jupiter.api.Test;

/** A topology writes only the topics its service owns; otherwise the service does not start. */
class TopologySinksTest {

  /** builds in, promotion requests out: trigger-service's shape. */
  static Topology requestsFromBuilds() {
    StreamsBuilder builder = new StreamsBuilder();
    Topologies.stream(builder, Topics.BUILDS)
        .mapValues(b -> new PromotionRequestsEnvelope())
        .to(Topics.PROMOTION_REQUESTS.name(), Topologies.to(Topics.PROMOTION_REQUESTS));
    return builder.build();
  }

  @Test
  void theWriterOfEverySinkStarts() {
    assertThat(TopologySinks.of(requestsFromBuilds().describe()))
        .containsExactly(Topics.PROMOTION_REQUESTS.name());
    assertThatNoException()
        .isThrownBy(
            () -> TopologySinks.check("trigger-service").configureTopology(requestsFromBuilds()));
  }

  @Test
  void aTopologyWritingAnotherServicesTopicDoesNotStart() {
    assertThatThrownBy(
            () -> TopologySinks.check("gate-service").configureTopology(requestsFromBuilds()))
        .isInstanceOf(TopicOwnership.WrongWriterException.class)
        .hasMessageContaining("gate-service")
        .hasMessageContaining(Topics.PROMOTION_REQUESTS.name());
  }

  @Test
  void deadLettersOfAReadTopicAreAllowedOthersAreNot() {
    StreamsBuilder builder = new StreamsBuilder();
    Topologies.stream(builder, Topics.BUILDS)
        .to(Topics.BUILDS.deadLetterName(), Topologies.to(Topics.BUILDS));
    Topology topology = builder.build();
    assertThat(TopologySinks.foreign("gate-service", topology.describe())).isEmpty();
    assertThat(TopologySinks.foreign("approval-service", topology.describe()))
        .containsExactly(Topics.BUILDS.deadLetterName());
  }

  @Test
  void ownRepartitionTopicsAreAllowedAndPerRecordTopicsAreRefused() {
    StreamsBuilder builder = new StreamsBuilder();
    Topologies.stream(builder, Topics.BUILDS)
        .groupBy(
            (k, v) -> v.getMeta().getArtifact().getVersion(),
            Grouped.with(Serdes.String(), Topics.BUILDS.serde()).withName("by-version"))
        .count()
        .toStream()
        .to((k, v, ctx) -> "somewhere-" + k, Produced.with(Serdes.String(), Serdes.Long()));
    Topology topology = builder.build();
    assertThat(TopologySinks.of(topology.describe())).anyMatch(s -> s.endsWith("-repartition"));
    assertThat(TopologySinks.foreign("trigger-service", topology.describe()))
        .singleElement()
        .satisfies(s -> assertThat(s).startsWith("<dynamic: "));
  }

  @Test
  void anUnknownServiceWritesNothing() {
    assertThat(TopologySinks.foreign("secured", requestsFromBuilds().describe()))
        .containsExactly(Topics.PROMOTION_REQUESTS.name());
  }
}
