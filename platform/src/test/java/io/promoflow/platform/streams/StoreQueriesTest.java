package io.promoflow.platform.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.promoflow.platform.web.ProblemException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.http.HttpStatus;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;
import tools.jackson.databind.JsonNode;

/**
 * Where {@link StoreQueries} reads a key and how it lists a store, with Streams and the other
 * instance mocked.
 */
class StoreQueriesTest {

  record Thing(String name, int n) {}

  static final String STORE = "things";

  /** Keyed unlike its records (Stores.add): a key cannot be placed, every instance is asked. */
  static final String NOTES = "notes";

  static final HostInfo SELF = new HostInfo("localhost", 8083);
  static final HostInfo OTHER = new HostInfo("localhost", 9083);

  final StreamsBuilderFactoryBean factory = mock(StreamsBuilderFactoryBean.class);
  final KafkaStreams streams = mock(KafkaStreams.class);
  final RemoteStores remote = mock(RemoteStores.class);

  @SuppressWarnings("unchecked")
  final ReadOnlyKeyValueStore<String, Thing> local = mock(ReadOnlyKeyValueStore.class);

  final StreamsBuilder builder = new StreamsBuilder();
  final StoreQueries queries = new StoreQueries(factory, () -> builder, remote);

  StoreQueriesTest() {
    Stores.addByRecordKey(builder, STORE, Thing.class);
    Stores.add(builder, NOTES, Thing.class);
    when(factory.getKafkaStreams()).thenReturn(streams);
    when(streams.state()).thenReturn(KafkaStreams.State.RUNNING);
    when(streams.store(any())).thenAnswer(i -> local);
    advertise(SELF);
  }

  void advertise(HostInfo self) {
    Properties config = new Properties();
    if (self != null) {
      config.put("application.server", self.host() + ":" + self.port());
    }
    when(factory.getStreamsConfiguration()).thenReturn(config);
  }

  void owner(String key, HostInfo host, int partition) {
    when(streams.queryMetadataForKey(eq(STORE), eq(key), any(Serializer.class)))
        .thenReturn(new KeyQueryMetadata(host, Set.of(), partition));
  }

  static JsonNode json(Object value) {
    return JsonSerde.mapper().valueToTree(value);
  }

  static StreamsMetadata holds(HostInfo host, int partition) {
    StreamsMetadata m = mock(StreamsMetadata.class);
    when(m.hostInfo()).thenReturn(host);
    when(m.topicPartitions()).thenReturn(Set.of(new TopicPartition("in", partition)));
    return m;
  }

  @SuppressWarnings("unchecked")
  void localHolds(Map<String, Thing> values) {
    Iterator<Map.Entry<String, Thing>> it = new ArrayList<>(values.entrySet()).iterator();
    KeyValueIterator<String, Thing> kv = mock(KeyValueIterator.class);
    when(kv.hasNext()).thenAnswer(i -> it.hasNext());
    when(kv.next())
        .thenAnswer(
            i -> {
              Map.Entry<String, Thing> e = it.next();
              return KeyValue.pair(e.getKey(), e.getValue());
            });
    when(local.all()).thenReturn(kv);
  }

  static void is503(Runnable read) {
    assertThatThrownBy(read::run)
        .isInstanceOfSatisfying(
            ProblemException.class,
            p -> assertThat(p.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE));
  }

  @Test
  @SuppressWarnings("unchecked")
  void aKeyOwnedHereIsReadFromItsPartitionOnly() {
    owner("a", SELF, 2);
    when(local.get("a")).thenReturn(new Thing("a", 1));
    assertThat(queries.<Thing>get(STORE, "a")).contains(new Thing("a", 1));
    ArgumentCaptor<StoreQueryParameters<?>> parameters =
        ArgumentCaptor.forClass(StoreQueryParameters.class);
    verify(streams).store(parameters.capture());
    assertThat(parameters.getValue().partition()).isEqualTo(2);
    verify(remote, never()).get(any(), any(), any(), any());
  }

  @Test
  void aKeyOwnedElsewhereIsAskedOfItsOwnerAndReadAsTheStoresClass() {
    owner("b", OTHER, 1);
    when(remote.get(OTHER, STORE, "b", 1)).thenReturn(Optional.of(json(new Thing("b", 2))));
    Optional<Thing> read = queries.get(STORE, "b");
    assertThat(read).contains(new Thing("b", 2));
    verify(streams, never()).store(any());
  }

  @Test
  void aMissingKeyOnTheOwnerIsEmpty() {
    owner("none", OTHER, 0);
    when(remote.get(OTHER, STORE, "none", 0)).thenReturn(Optional.empty());
    assertThat(queries.get(STORE, "none", Thing.class)).isEmpty();
    owner("none-here", SELF, 0);
    assertThat(queries.get(STORE, "none-here", Thing.class)).isEmpty();
  }

  @Test
  void noOwnerYetOrNotRunningIs503NeverEmpty() {
    when(streams.queryMetadataForKey(eq(STORE), eq("c"), any(Serializer.class)))
        .thenReturn(KeyQueryMetadata.NOT_AVAILABLE);
    is503(() -> queries.get(STORE, "c"));
    when(streams.state()).thenReturn(KafkaStreams.State.REBALANCING);
    is503(() -> queries.get(STORE, "a"));
    is503(() -> queries.all(STORE));
    when(factory.getKafkaStreams()).thenReturn(null);
    is503(() -> queries.get(STORE, "a"));
  }

  @Test
  void anUnreachableOwnerIs503() {
    owner("d", OTHER, 3);
    when(remote.get(OTHER, STORE, "d", 3))
        .thenThrow(
            new ProblemException(
                HttpStatus.SERVICE_UNAVAILABLE, "State not ready", "unreachable", null, null));
    is503(() -> queries.get(STORE, "d"));
    StoreQueries withoutRemote = new StoreQueries(factory, () -> builder, null);
    is503(() -> withoutRemote.get(STORE, "d"));
  }

  @Test
  void withoutAnAdvertisedAddressEveryReadIsLocalAsBefore() {
    advertise(null);
    when(local.get("e")).thenReturn(new Thing("e", 5));
    assertThat(queries.<Thing>get(STORE, "e")).contains(new Thing("e", 5));
    verify(streams, never()).queryMetadataForKey(any(), any(), any(Serializer.class));
    localHolds(Map.of("z", new Thing("z", 0), "y", new Thing("y", 1)));
    assertThat(queries.<Thing>all(STORE)).extracting(Thing::name).containsExactly("y", "z");
  }

  @Test
  void allGathersEveryInstanceOncePerKeyInKeyOrder() {
    List<StreamsMetadata> metadata = List.of(holds(SELF, 0), holds(OTHER, 1));
    when(streams.streamsMetadataForStore(STORE)).thenReturn(metadata);
    localHolds(Map.of("m", new Thing("m", 1), "a", new Thing("a", 2)));
    when(remote.all(OTHER, STORE))
        .thenReturn(Map.of("k", json(new Thing("k", 3)), "b", json(new Thing("b", 4))));
    assertThat(queries.<Thing>all(STORE))
        .extracting(Thing::name)
        .containsExactly("a", "b", "k", "m");
    localHolds(Map.of("m", new Thing("m", 1), "a", new Thing("a", 2)));
    assertThat(queries.<Thing>allLocal(STORE))
        .as("a poller's share")
        .extracting(Thing::name)
        .containsExactly("a", "m");
  }

  @Test
  void allIs503WhenThePartitionsMovedWhileReading() {
    List<StreamsMetadata> before = List.of(holds(SELF, 0), holds(OTHER, 1));
    List<StreamsMetadata> after = List.of(holds(SELF, 0), holds(SELF, 1));
    when(streams.streamsMetadataForStore(STORE)).thenReturn(before, after);
    localHolds(Map.of("a", new Thing("a", 2)));
    when(remote.all(OTHER, STORE)).thenReturn(Map.of());
    is503(() -> queries.all(STORE));
  }

  @Test
  void allIs503WhenNoInstanceHoldsTheStoreYet() {
    when(streams.streamsMetadataForStore(STORE)).thenReturn(List.of());
    is503(() -> queries.all(STORE));
  }

  @Test
  void aStoreOfUnknownClassCannotBeReadRemotely() {
    List<StreamsMetadata> metadata = List.of(holds(SELF, 0), holds(OTHER, 1));
    when(streams.streamsMetadataForStore("untyped")).thenReturn(metadata);
    assertThatThrownBy(() -> queries.get("untyped", "x"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("Stores.add");
  }

  @Test
  void aKeyOfAStoreKeyedUnlikeItsRecordsIsFoundHereWithoutAskingOthers() {
    List<StreamsMetadata> metadata = List.of(holds(SELF, 0), holds(OTHER, 1));
    when(streams.streamsMetadataForStore(NOTES)).thenReturn(metadata);
    when(local.get("note-1")).thenReturn(new Thing("note-1", 1));
    assertThat(queries.<Thing>get(NOTES, "note-1")).contains(new Thing("note-1", 1));
    verify(remote, never()).get(any(), any(), any(), any());
    verify(streams, never()).queryMetadataForKey(any(), any(), any(Serializer.class));
  }

  @Test
  void aKeyOfAStoreKeyedUnlikeItsRecordsIsLookedForOnEveryOtherInstance() {
    HostInfo third = new HostInfo("node-3", 8083);
    List<StreamsMetadata> metadata = List.of(holds(SELF, 0), holds(third, 2), holds(OTHER, 1));
    when(streams.streamsMetadataForStore(NOTES)).thenReturn(metadata);
    when(remote.get(OTHER, NOTES, "note-2", null)).thenReturn(Optional.empty());
    when(remote.get(third, NOTES, "note-2", null))
        .thenReturn(Optional.of(json(new Thing("note-2", 2))));
    assertThat(queries.<Thing>get(NOTES, "note-2")).contains(new Thing("note-2", 2));
    when(remote.get(third, NOTES, "note-3", null)).thenReturn(Optional.empty());
    assertThat(queries.<Thing>get(NOTES, "note-3")).as("no instance has it").isEmpty();
  }

  @Test
  void aSearchIs503WhenAnInstanceCannotBeAskedOrThePartitionsMoved() {
    List<StreamsMetadata> before = List.of(holds(SELF, 0), holds(OTHER, 1));
    List<StreamsMetadata> after = List.of(holds(SELF, 0), holds(SELF, 1));
    when(streams.streamsMetadataForStore(NOTES)).thenReturn(before);
    when(remote.get(OTHER, NOTES, "note-4", null))
        .thenThrow(
            new ProblemException(
                HttpStatus.SERVICE_UNAVAILABLE, "State not ready", "unreachable", null, null));
    is503(() -> queries.get(NOTES, "note-4"));
    when(streams.streamsMetadataForStore(NOTES)).thenReturn(before, after);
    when(remote.get(OTHER, NOTES, "note-5", null)).thenReturn(Optional.empty());
    is503(() -> queries.get(NOTES, "note-5"));
  }

  @Test
  void theInternalReadAnswersOnlyForAKeyThisInstanceOwns() {
    owner("a", SELF, 0);
    when(local.get("a")).thenReturn(new Thing("a", 1));
    assertThat(queries.owned(STORE, "a", 0)).contains(new Thing("a", 1));
    is503(() -> queries.owned(STORE, "a", 1));
    owner("b", OTHER, 1);
    is503(() -> queries.owned(STORE, "b", 1));
    assertThat(queries.owned(STORE, "b", null)).as("any local partition: not here").isEmpty();
    advertise(null);
    is503(() -> queries.owned(STORE, "a", 0));
  }
}
