package io.promoflow.platform.streams;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;

/** Persistent, changelogged key-value stores with string keys and JSON values. */
public final class Stores {

  private Stores() {
  }

  /** Adds a store called {@code name} holding {@code type} values to {@code builder}; returns the name. */
  public static <T> String add(StreamsBuilder builder, String name, Class<T> type) {
    StoreBuilder<KeyValueStore<String, T>> store = org.apache.kafka.streams.state.Stores.keyValueStoreBuilder(
        org.apache.kafka.streams.state.Stores.persistentKeyValueStore(name), Serdes.String(), new JsonSerde<>(type));
    builder.addStateStore(store);
    return name;
  }
}
