package io.promoflow.platform.streams;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.WeakHashMap;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;

/**
 * Persistent, changelogged key-value stores with string keys and JSON values. The value class of every store added
 * here is remembered per builder, so that {@link StoreQueries} can read a value that another instance of the service
 * sends as JSON without every caller naming the class.
 */
public final class Stores {

  /**
   * Builder → store name → value class. Weak keys: a builder (one per Spring context) that is gone takes its entries
   * with it; {@link StreamsBuilder} does not override {@code equals}, so builders are told apart by identity.
   */
  private static final Map<StreamsBuilder, Map<String, Class<?>>> TYPES =
      Collections.synchronizedMap(new WeakHashMap<>());

  private Stores() {
  }

  /** Adds a store called {@code name} holding {@code type} values to {@code builder}; returns the name. */
  public static <T> String add(StreamsBuilder builder, String name, Class<T> type) {
    StoreBuilder<KeyValueStore<String, T>> store = org.apache.kafka.streams.state.Stores.keyValueStoreBuilder(
        org.apache.kafka.streams.state.Stores.persistentKeyValueStore(name), Serdes.String(), new JsonSerde<>(type));
    builder.addStateStore(store);
    TYPES.computeIfAbsent(builder, b -> Collections.synchronizedMap(new HashMap<>())).put(name, type);
    return name;
  }

  /** The value class of store {@code name} added to {@code builder} by {@link #add}, or empty. */
  public static Optional<Class<?>> typeOf(StreamsBuilder builder, String name) {
    Map<String, Class<?>> types = builder == null ? null : TYPES.get(builder);
    return Optional.ofNullable(types == null ? null : types.get(name));
  }
}
