package io.promoflow.platform.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.promoflow.platform.streams.multi.ThingsApplication;
import io.promoflow.platform.streams.multi.ThingsApplication.Thing;
import io.promoflow.platform.testing.Http;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsMetadata;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;

/**
 * Issue 14 point 1: two instances of one service (same application id, same {@code
 * promoflow.state-dir}, instance ids 1 and 2, HTTP on random ports) share a store filled from a
 * topic of four partitions. Each instance answers every key, whichever instance owns its partition,
 * of a store keyed like its records and of one keyed unlike them; {@code all} lists every key
 * exactly once on both; a missing key is empty (404 on the route), not an error; the internal
 * routes refuse everyone but the other instance.
 */
@EmbeddedKafka(partitions = 4, topics = ThingsApplication.TOPIC)
class MultiInstanceStoreIT {

  static final Duration WAIT = Duration.ofSeconds(90);
  static final int KEYS = 24;
  final Path state = Path.of("target", "state", "multi-" + UUID.randomUUID()).toAbsolutePath();

  ConfigurableApplicationContext start(EmbeddedKafkaBroker broker, String instanceId) {
    return ThingsApplication.builder()
        .run(
            "--spring.kafka.bootstrap-servers=" + broker.getBrokersAsString(),
            "--server.port=0",
            "--promoflow.instance-id=" + instanceId,
            "--promoflow.state-dir=" + state,
            "--promoflow.policy.location=file:../config/pipeline-local.yaml",
            "--promoflow.kafka.topics.partitions=1");
  }

  static String base(ConfigurableApplicationContext ctx) {
    return "http://localhost:" + ((WebServerApplicationContext) ctx).getWebServer().getPort();
  }

  static KafkaStreams streams(ConfigurableApplicationContext ctx) {
    return ctx.getBean(StreamsBuilderFactoryBean.class).getKafkaStreams();
  }

  static List<String> keys() {
    return IntStream.range(0, KEYS).mapToObj(i -> "thing-" + (char) ('a' + i)).toList();
  }

  @Test
  void everyInstanceAnswersEveryKeyAndListsEveryKeyOnce(EmbeddedKafkaBroker broker)
      throws Exception {
    ConfigurableApplicationContext one = start(broker, "1");
    ConfigurableApplicationContext two = null;
    try {
      two = start(broker, "2");
      List<ConfigurableApplicationContext> instances = List.of(one, two);
      // the same promoflow.state-dir, one Streams state directory (lock, process id) per instance
      assertThat(state.resolve("iq-test").resolve("1")).isDirectory();
      assertThat(state.resolve("iq-test").resolve("2")).isDirectory();

      try (KafkaProducer<String, String> producer =
          new KafkaProducer<>(
              Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString()),
              new StringSerializer(),
              new StringSerializer())) {
        for (String key : keys()) {
          producer.send(new ProducerRecord<>(ThingsApplication.TOPIC, key, "note of " + key)).get();
        }
      }

      // the group has settled with both instances holding partitions of the store (else nothing is
      // routed)
      Awaitility.await()
          .atMost(WAIT)
          .ignoreExceptions()
          .until(
              () ->
                  instances.stream()
                      .allMatch(
                          i ->
                              streams(i).state() == KafkaStreams.State.RUNNING
                                  && streams(i)
                                          .streamsMetadataForStore(ThingsApplication.STORE)
                                          .stream()
                                          .filter(m -> !m.topicPartitions().isEmpty())
                                          .map(StreamsMetadata::hostInfo)
                                          .distinct()
                                          .count()
                                      == 2));

      StoreQueries queriesOne = one.getBean(StoreQueries.class);
      StoreQueries queriesTwo = two.getBean(StoreQueries.class);
      int remoteOnOne = 0;
      for (String key : keys()) {
        Thing expected = new Thing(key, "note of " + key, ("note of " + key).length());
        for (StoreQueries queries : List.of(queriesOne, queriesTwo)) {
          for (String[] read :
              List.of(
                  new String[] {ThingsApplication.STORE, key},
                  new String[] {ThingsApplication.NOTES, "note-" + key})) {
            Optional<Thing>[] value = new Optional[1];
            // a 503 while the last writes are committed or the group settles is a retry, never an
            // answer
            Awaitility.await()
                .atMost(WAIT)
                .ignoreExceptions()
                .until(() -> (value[0] = queries.<Thing>get(read[0], read[1])).isPresent());
            assertThat(value[0])
                .as("%s of %s on every instance", read[1], read[0])
                .contains(expected);
          }
        }
        if (!(StoreRouting.forKey(
                streams(one)
                    .queryMetadataForKey(
                        ThingsApplication.STORE,
                        key,
                        org.apache.kafka.common.serialization.Serdes.String().serializer()),
                queriesOne.self())
            instanceof StoreRouting.Local)) {
          remoteOnOne++;
        }
      }
      assertThat(remoteOnOne)
          .as("keys instance 1 had to ask instance 2 for")
          .isBetween(1, KEYS - 1);

      List<String> sorted = new ArrayList<>(keys());
      sorted.sort(null);
      for (StoreQueries queries : List.of(queriesOne, queriesTwo)) {
        List<Thing> all =
            Awaitility.await()
                .atMost(WAIT)
                .ignoreExceptions()
                .until(() -> queries.<Thing>all(ThingsApplication.STORE), l -> l.size() == KEYS);
        assertThat(all)
            .extracting(Thing::name)
            .as("every key exactly once, in key order")
            .isEqualTo(sorted);
        assertThat(queries.<Thing>get(ThingsApplication.STORE, "no-such-thing"))
            .as("missing key")
            .isEmpty();
        assertThat(queries.<Thing>get(ThingsApplication.NOTES, "note-none"))
            .as("missing, every instance asked")
            .isEmpty();
        assertThat(queries.<Thing>all(ThingsApplication.NOTES)).hasSize(KEYS);
        assertThat(queries.get(ThingsApplication.STORE, "thing-a", Thing.class))
            .get()
            .extracting(Thing::note)
            .isEqualTo("note of thing-a");
      }

      for (ConfigurableApplicationContext instance : instances) {
        String base = base(instance);
        Http.Response list = Http.get(base + "/api/v1/things");
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.json().size()).isEqualTo(KEYS);
        for (String key : keys()) {
          Http.Response one1 = Http.get(base + "/api/v1/things/" + key);
          assertThat(one1.status()).as("%s from %s", key, base).isEqualTo(200);
          assertThat(one1.json().path("name").asString()).isEqualTo(key);
        }
        for (String key : keys()) {
          assertThat(Http.get(base + "/api/v1/notes/note-" + key).status())
              .as("note of %s", key)
              .isEqualTo(200);
        }
        for (String path : List.of("/api/v1/things/no-such-thing", "/api/v1/notes/note-none")) {
          Http.Response missing = Http.get(base + path);
          assertThat(missing.status()).as(path).isEqualTo(404);
          assertThat(missing.contentType()).startsWith("application/problem+json");
        }

        // internal routes: only the instances' own token; a user's token or none is refused
        String internal = base + InternalStoreController.PATH + "/" + ThingsApplication.STORE;
        assertThat(Http.get(internal, null).status()).isEqualTo(401);
        assertThat(Http.get(internal, Http.VIEWER).status()).isEqualTo(401);
        assertThat(Http.get(internal, "local-admin").status()).isEqualTo(401);
        Http.Response peer = Http.get(internal, "local-internal-iq-test");
        assertThat(peer.status()).isEqualTo(200);
        assertThat(peer.json().path("entries").size()).isBetween(1, KEYS - 1);
        // and the internal token opens no public route
        assertThat(Http.get(base + "/api/v1/things", "local-internal-iq-test").status())
            .isEqualTo(401);
      }
    } finally {
      if (two != null) {
        two.close();
      }
      one.close();
    }
    assertThat(Files.exists(state)).isTrue();
  }
}
