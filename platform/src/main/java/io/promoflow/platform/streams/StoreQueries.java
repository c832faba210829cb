package io.promoflow.platform.streams;

import io.promoflow.platform.web.ProblemException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.springframework.http.HttpStatus;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;

/**
 * Reads a service's own state stores for its HTTP routes (interactive queries over every local partition).
 * While the topology is starting or rebalancing the routes answer 503 with a problem body.
 */
public class StoreQueries {

  private final StreamsBuilderFactoryBean factory;

  public StoreQueries(StreamsBuilderFactoryBean factory) {
    this.factory = factory;
  }

  /** The value under {@code key}, or empty. */
  public <T> Optional<T> get(String store, String key) {
    return Optional.ofNullable(this.<T>store(store).get(key));
  }

  /** Every value of {@code store}. */
  public <T> List<T> all(String store) {
    List<T> values = new ArrayList<>();
    try (KeyValueIterator<String, T> it = this.<T>store(store).all()) {
      while (it.hasNext()) {
        KeyValue<String, T> kv = it.next();
        values.add(kv.value);
      }
    }
    return values;
  }

  private <T> ReadOnlyKeyValueStore<String, T> store(String name) {
    KafkaStreams streams = factory.getKafkaStreams();
    if (streams == null || streams.state() != KafkaStreams.State.RUNNING) {
      throw unavailable(name, null);
    }
    try {
      return streams.store(StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.<String, T>keyValueStore()));
    } catch (InvalidStateStoreException e) {
      throw unavailable(name, e);
    }
  }

  private static ProblemException unavailable(String store, Exception cause) {
    return new ProblemException(HttpStatus.SERVICE_UNAVAILABLE, "State not ready",
        "state store " + store + " is starting or rebalancing; retry in a few seconds", null, cause);
  }
}
