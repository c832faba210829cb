package io.promoflow.platform.streams;

import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.WeakHashMap;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;

/**
 * Persistent, changelogged key-value stores with string keys and JSON values. The value class of
 * every store added here is remembered per builder, so that {@link StoreQueries} can read a value
 * that another instance of the service sends as JSON without every caller naming the class; so is
 * whether the store's key is the key its records are partitioned by ({@link #addByRecordKey}),
 * which lets a read go straight to the instance that owns the key.
 */
public final class Stores {

  /**
   * Builder → store name → value class. Weak keys: a builder (one per Spring context) that is gone
   * takes its entries with it; {@link StreamsBuilder} does not override {@code equals}, so builders
   * are told apart by identity.
   */
  private static final Map<StreamsBuilder, Map<String, Class<?>>> TYPES =
      Collections.synchronizedMap(new WeakHashMap<>());

  /** Builder → names of the stores added by {@link #addByRecordKey}. */
  private static final Map<StreamsBuilder, Set<String>> BY_RECORD_KEY =
      Collections.synchronizedMap(new WeakHashMap<>());

  private Stores() {}

  /**
   * Adds a store called {@code name} holding {@code type} values to {@code builder}; returns the
   * name. Its keys may differ from the keys of the records that fill it (a promotion id in a store
   * filled from a topic keyed by application), so a read of another instance's key asks every
   * instance ({@link StoreQueries#get}).
   */
  public static <T> String add(StreamsBuilder builder, String name, Class<T> type) {
    StoreBuilder<KeyValueStore<String, T>> store =
        org.apache.kafka.streams.state.Stores.keyValueStoreBuilder(
            org.apache.kafka.streams.state.Stores.persistentKeyValueStore(name),
            Serdes.String(),
            new JsonSerde<>(type));
    builder.addStateStore(store);
    TYPES
        .computeIfAbsent(builder, b -> Collections.synchronizedMap(new HashMap<>()))
        .put(name, type);
    return name;
  }

  /**
   * Adds a store as {@link #add} does, whose every key is the key of the records that write it (the
   * key their topic is partitioned by, e.g. the application on every contract topic): Kafka Streams
   * then knows which instance owns a key, and a read goes to that instance alone. Only for such
   * stores: a read of any other key would be answered by the wrong partition.
   */
  public static <T> String addByRecordKey(StreamsBuilder builder, String name, Class<T> type) {
    add(builder, name, type);
    BY_RECORD_KEY
        .computeIfAbsent(builder, b -> Collections.synchronizedSet(new HashSet<>()))
        .add(name);
    return name;
  }

  /** True when store {@code name} of {@code builder} was added by {@link #addByRecordKey}. */
  public static boolean keyedByRecordKey(StreamsBuilder builder, String name) {
    Set<String> names = builder == null ? null : BY_RECORD_KEY.get(builder);
    return names != null && names.contains(name);
  }

  /** The value class of store {@code name} added to {@code builder} by {@link #add}, or empty. */
  public static Optional<Class<?>> typeOf(StreamsBuilder builder, String name) {
    Map<String, Class<?>> types = builder == null ? null : TYPES.get(builder);
    return Optional.ofNullable(types == null ? null : types.get(name));
  }
}
