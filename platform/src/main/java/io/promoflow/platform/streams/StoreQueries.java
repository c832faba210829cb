package io.promoflow.platform.streams;

import io.promoflow.platform.web.ProblemException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.springframework.http.HttpStatus;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Reads a service's state stores for its HTTP routes, whichever instance of the service holds the
 * key. Each instance advertises its HTTP address as Kafka Streams' {@code application.server}
 * ({@link AdvertisedServer}). A key of a store keyed like its records ({@link
 * Stores#addByRecordKey}) is read where Streams says its partition is active ({@link
 * StoreRouting}): here, or on the owning instance over {@code GET /internal/stores/{store}?key=}
 * ({@link RemoteStores}). A key of any other store ({@link Stores#add}: a promotion id in a store
 * filled from a topic keyed by application) cannot be placed, so it is looked for here, then on
 * every other instance holding part of the store. {@link #all} gathers this instance's values and
 * every other instance's, one per key, in key order.
 *
 * <p>Fail closed: while the topology is starting or rebalancing, or an instance that may hold the
 * key cannot be asked, reads answer 503 with a problem body (retry), never a wrong "not found" or a
 * partial list. Without an advertised address (no HTTP server) every read is local, as before
 * routing existed.
 */
public class StoreQueries {

  private final StreamsBuilderFactoryBean factory;
  private final Supplier<StreamsBuilder> builder;
  private final RemoteStores remote;

  /**
   * Local reads only: for a context that never runs as several instances (no routing, no remote
   * calls).
   */
  public StoreQueries(StreamsBuilderFactoryBean factory) {
    this(factory, null, null);
  }

  /**
   * @param factory the service's Streams client
   * @param builder its topology's builder, where {@link Stores#add} recorded the stores' value
   *     classes; null: the factory's product (not reachable through a lazy proxy of the factory:
   *     {@code getObject} is final)
   * @param remote how other instances are asked; null: never (a key another instance owns answers
   *     503)
   */
  public StoreQueries(
      StreamsBuilderFactoryBean factory, Supplier<StreamsBuilder> builder, RemoteStores remote) {
    this.factory = factory;
    this.builder = builder;
    this.remote = remote;
  }

  /**
   * The value under {@code key}, or empty; the value class is the one the store was added with
   * ({@link Stores#add}).
   *
   * @throws ProblemException 503 while the owner of the key is not known or cannot be asked
   */
  public <T> Optional<T> get(String store, String key) {
    return get(store, key, null);
  }

  /**
   * The value under {@code key} read as {@code type} (null: the class the store was added with), or
   * empty.
   *
   * @throws ProblemException 503 while the owner of the key is not known or cannot be asked
   */
  public <T> Optional<T> get(String store, String key, Class<T> type) {
    KafkaStreams streams = running(store);
    HostInfo self = self();
    if (self == null) {
      return Optional.ofNullable(this.<T>local(streams, store, null).get(key));
    }
    if (Stores.keyedByRecordKey(topology(store), store)) {
      return owner(streams, store, key, self, type);
    }
    return search(streams, store, key, self, type);
  }

  /** A store keyed like its records: the one instance whose partition holds the key answers. */
  private <T> Optional<T> owner(
      KafkaStreams streams, String store, String key, HostInfo self, Class<T> type) {
    StoreRouting.Route route = StoreRouting.forKey(metadata(streams, store, key), self);
    if (route instanceof StoreRouting.Local local) {
      return Optional.ofNullable(this.<T>local(streams, store, local.partition()).get(key));
    }
    if (route instanceof StoreRouting.Remote owner) {
      Class<T> valueType = valueType(store, type);
      return remote(owner.host(), store)
          .get(owner.host(), store, key, owner.partition())
          .map(json -> read(json, valueType, store));
    }
    throw unavailable(store, ((StoreRouting.Unavailable) route).reason(), null);
  }

  /**
   * A store whose keys are not its records' keys, so no instance can tell which partition holds a
   * key: this instance's active partitions first, then every other instance's in a stable order.
   * "Not found" only when every instance holding part of the store said so and none of its
   * partitions moved meanwhile.
   */
  private <T> Optional<T> search(
      KafkaStreams streams, String store, String key, HostInfo self, Class<T> type) {
    Collection<StreamsMetadata> before = storeMetadata(streams, store);
    T here = this.<T>local(streams, store, null).get(key);
    if (here != null) {
      return Optional.of(here);
    }
    List<HostInfo> others = others(before, self, store);
    if (!others.isEmpty()) {
      Class<T> valueType = valueType(store, type);
      for (HostInfo host : others) {
        Optional<JsonNode> there = remote(host, store).get(host, store, key, null);
        if (there.isPresent()) {
          return Optional.of(read(there.get(), valueType, store));
        }
      }
    }
    unchanged(streams, store, before);
    return Optional.empty();
  }

  /**
   * Every value of {@code store} on every instance, one per key, in key order; the value class is
   * the one the store was added with.
   *
   * @throws ProblemException 503 while a rebalance is in progress or an instance holding part of it
   *     cannot be asked
   */
  public <T> List<T> all(String store) {
    return all(store, null);
  }

  /**
   * Every value of {@code store} read as {@code type} (null: the class the store was added with),
   * one per key, in key order.
   *
   * @throws ProblemException 503 while a rebalance is in progress or an instance holding part of it
   *     cannot be asked
   */
  public <T> List<T> all(String store, Class<T> type) {
    KafkaStreams streams = running(store);
    HostInfo self = self();
    if (self == null) {
      return new ArrayList<>(new TreeMap<>(this.<T>localEntries(streams, store)).values());
    }
    // who holds what, before anything is read: compared again after, so that no partition moves
    // unseen in between
    Collection<StreamsMetadata> before = storeMetadata(streams, store);
    Map<HostInfo, Map<String, T>> answers = new LinkedHashMap<>();
    answers.put(self, localEntries(streams, store));
    List<HostInfo> others = others(before, self, store);
    if (!others.isEmpty()) {
      Class<T> valueType = valueType(store, type);
      for (HostInfo host : others) {
        Map<String, T> theirs = new LinkedHashMap<>();
        remote(host, store)
            .all(host, store)
            .forEach((k, json) -> theirs.put(k, read(json, valueType, store)));
        answers.put(host, theirs);
      }
    }
    unchanged(streams, store, before);
    StoreRouting.Merged<T> merged =
        StoreRouting.merge(answers, key -> metadata(streams, store, key).activeHost());
    if (merged instanceof StoreRouting.Ambiguous<T> ambiguous) {
      throw unavailable(
          store,
          "key "
              + ambiguous.key()
              + " is held by "
              + ambiguous.hosts()
              + ", none its owner "
              + ambiguous.owner(),
          null);
    }
    return new ArrayList<>(((StoreRouting.Values<T>) merged).byKey().values());
  }

  /**
   * What this instance holds under {@code key}, for another instance that routed the read here.
   * With a {@code partition} (a store keyed like its records), only while this instance holds the
   * active copy of that partition, else 503, so that the caller never takes "not here" for "does
   * not exist"; without one, from every active partition this instance holds (empty: not here).
   */
  Optional<Object> owned(String store, String key, Integer partition) {
    KafkaStreams streams = running(store);
    if (partition == null) {
      return Optional.ofNullable(this.local(streams, store, null).get(key));
    }
    HostInfo self = self();
    if (self == null) {
      throw unavailable(store, "this instance advertises no application.server", null);
    }
    StoreRouting.Route route = StoreRouting.forKey(metadata(streams, store, key), self);
    if (!(route instanceof StoreRouting.Local local) || local.partition() != partition) {
      throw unavailable(
          store,
          "this instance does not hold the active copy of partition "
              + partition
              + " ("
              + route
              + ")",
          null);
    }
    return Optional.ofNullable(this.local(streams, store, partition).get(key));
  }

  /**
   * The values of the active partitions of {@code store} that this instance holds, in key order:
   * for work each instance does for the keys it owns (a scheduled poller), so that N instances do
   * it once, not N times. A read for a caller wants {@link #all}.
   *
   * @throws ProblemException 503 while the topology is starting or rebalancing
   */
  public <T> List<T> allLocal(String store) {
    return new ArrayList<>(new TreeMap<>(this.<T>localEntries(running(store), store)).values());
  }

  /**
   * Every key → value of the active partitions of {@code store} this instance holds, in key order.
   */
  Map<String, Object> localAll(String store) {
    return new TreeMap<>(localEntries(running(store), store));
  }

  /** This instance's {@code application.server}, or null when it advertises none. */
  HostInfo self() {
    Properties config = factory.getStreamsConfiguration();
    Object server = config == null ? null : config.get(StreamsConfig.APPLICATION_SERVER_CONFIG);
    if (server == null || server.toString().isBlank()) {
      return null;
    }
    return HostInfo.buildFromEndpoint(server.toString());
  }

  private <T> Map<String, T> localEntries(KafkaStreams streams, String store) {
    Map<String, T> values = new LinkedHashMap<>();
    try (KeyValueIterator<String, T> it = this.<T>local(streams, store, null).all()) {
      while (it.hasNext()) {
        KeyValue<String, T> kv = it.next();
        values.put(kv.key, kv.value);
      }
    } catch (InvalidStateStoreException e) {
      throw unavailable(store, "it is starting or rebalancing", e);
    }
    return values;
  }

  private static List<HostInfo> others(
      Collection<StreamsMetadata> metadata, HostInfo self, String store) {
    try {
      return StoreRouting.others(metadata, self);
    } catch (IllegalArgumentException e) {
      throw unavailable(store, e.getMessage(), e);
    }
  }

  /**
   * A partition that moved while the instances were asked may be missing from every answer: 503,
   * ask again.
   */
  private void unchanged(KafkaStreams streams, String store, Collection<StreamsMetadata> before) {
    if (running(store) != streams || !before.equals(storeMetadata(streams, store))) {
      throw unavailable(store, "the instances holding it changed while it was read", null);
    }
  }

  private KafkaStreams running(String store) {
    KafkaStreams streams = factory.getKafkaStreams();
    if (streams == null || streams.state() != KafkaStreams.State.RUNNING) {
      throw unavailable(store, "it is starting or rebalancing", null);
    }
    return streams;
  }

  private static KeyQueryMetadata metadata(KafkaStreams streams, String store, String key) {
    try {
      return streams.queryMetadataForKey(store, key, Serdes.String().serializer());
    } catch (IllegalStateException e) {
      // thrown while the client is not (or no longer) running
      throw unavailable(store, "it is starting or rebalancing", e);
    }
  }

  private static Collection<StreamsMetadata> storeMetadata(KafkaStreams streams, String store) {
    try {
      Collection<StreamsMetadata> metadata = streams.streamsMetadataForStore(store);
      if (metadata.isEmpty()) {
        throw unavailable(store, "no instance holds it yet (rebalance in progress)", null);
      }
      return metadata;
    } catch (IllegalStateException e) {
      throw unavailable(store, "it is starting or rebalancing", e);
    }
  }

  private <T> ReadOnlyKeyValueStore<String, T> local(
      KafkaStreams streams, String name, Integer partition) {
    StoreQueryParameters<ReadOnlyKeyValueStore<String, T>> parameters =
        StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.<String, T>keyValueStore());
    try {
      return streams.store(partition == null ? parameters : parameters.withPartition(partition));
    } catch (InvalidStateStoreException e) {
      throw unavailable(name, "it is starting or rebalancing", e);
    }
  }

  private RemoteStores remote(HostInfo host, String store) {
    if (remote == null) {
      throw unavailable(
          store,
          "instance " + host + " holds part of it and this instance does not ask others",
          null);
    }
    return remote;
  }

  @SuppressWarnings("unchecked")
  private <T> Class<T> valueType(String store, Class<T> type) {
    if (type != null) {
      return type;
    }
    return (Class<T>)
        Stores.typeOf(topology(store), store)
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "the value "
                            + "class of store "
                            + store
                            + " is unknown: add the store with Stores.add or pass the class to StoreQueries"));
  }

  private StreamsBuilder topology(String store) {
    try {
      return builder != null ? builder.get() : factory.getObject();
    } catch (Exception e) {
      throw new IllegalStateException(
          "the StreamsBuilder of store " + store + " is not available", e);
    }
  }

  private static <T> T read(JsonNode json, Class<T> type, String store) {
    try {
      return JsonSerde.mapper().treeToValue(json, type);
    } catch (JacksonException e) {
      throw new ProblemException(
          HttpStatus.SERVICE_UNAVAILABLE,
          "State not ready",
          "another instance sent a value "
              + "of state store "
              + store
              + " that is not a "
              + type.getSimpleName()
              + " (instances of different "
              + "versions?); retry in a few seconds",
          null,
          e);
    }
  }

  private static ProblemException unavailable(String store, String why, Exception cause) {
    return new ProblemException(
        HttpStatus.SERVICE_UNAVAILABLE,
        "State not ready",
        "state store " + store + " cannot be read: " + why + "; retry in a few seconds",
        null,
        cause);
  }
}
