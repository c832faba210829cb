package io.promoflow.platform.streams;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Where a read of a state store is answered when a service runs as several instances (pure: no
 * I/O). Every instance advertises its HTTP address as Kafka Streams' {@code application.server};
 * Streams then tells which instance holds the active copy of each partition ({@code
 * queryMetadataForKey}, {@code streamsMetadataForStore}). Fails closed: an owner that is not known
 * (rebalance in progress, not yet assigned) is never read as "no such key".
 */
public final class StoreRouting {

  private StoreRouting() {}

  /** Where one key is read. */
  public sealed interface Route {}

  /** On this instance, which holds the active copy of {@code partition}. */
  public record Local(int partition) implements Route {}

  /** On the instance at {@code host}, which holds the active copy of {@code partition}. */
  public record Remote(HostInfo host, int partition) implements Route {}

  /** Nowhere right now (503): {@code reason} says why. */
  public record Unavailable(String reason) implements Route {}

  /**
   * The route of one key.
   *
   * @param metadata Streams' answer to {@code queryMetadataForKey}; null or {@link
   *     KeyQueryMetadata#NOT_AVAILABLE} while the client is not running or a rebalance has not
   *     assigned the partition
   * @param self this instance's {@code application.server}
   */
  public static Route forKey(KeyQueryMetadata metadata, HostInfo self) {
    Objects.requireNonNull(self, "self");
    if (metadata == null
        || metadata.activeHost() == null
        || !available(metadata.activeHost())
        || metadata.partition() < 0) {
      return new Unavailable(
          "the partition of the key has no active owner yet (rebalance in progress)");
    }
    if (metadata.activeHost().equals(self)) {
      return new Local(metadata.partition());
    }
    return new Remote(metadata.activeHost(), metadata.partition());
  }

  /**
   * The other instances that hold active partitions of a store, in a stable order (host, then
   * port).
   *
   * @param metadata Streams' answer to {@code streamsMetadataForStore}
   * @param self this instance, left out
   * @throws IllegalArgumentException naming the host when an instance advertises no usable address
   */
  public static List<HostInfo> others(Collection<StreamsMetadata> metadata, HostInfo self) {
    TreeSet<HostInfo> hosts =
        new TreeSet<>(Comparator.comparing(HostInfo::host).thenComparingInt(HostInfo::port));
    for (StreamsMetadata m : metadata) {
      if (m.topicPartitions().isEmpty() || m.hostInfo().equals(self)) {
        continue;
      }
      if (!available(m.hostInfo())) {
        throw new IllegalArgumentException(
            "an instance without a usable application.server holds partitions "
                + m.topicPartitions()
                + ": "
                + m.hostInfo());
      }
      hosts.add(m.hostInfo());
    }
    return new ArrayList<>(hosts);
  }

  /**
   * One value per key out of what each instance answered, ordered by key. A key answered by one
   * instance only takes that value. A key answered by several (a partition moved while they were
   * asked) takes the value of the instance {@code owner} names; when that instance is not among
   * them the result is {@link Ambiguous}, never a guess.
   *
   * @param answers instance → its local key → value pairs
   * @param owner the active host of a key, asked only for keys answered more than once
   */
  public static <T> Merged<T> merge(
      Map<HostInfo, Map<String, T>> answers, Function<String, HostInfo> owner) {
    TreeMap<String, List<Map.Entry<HostInfo, T>>> byKey = new TreeMap<>();
    answers.forEach(
        (host, values) ->
            values.forEach(
                (key, value) ->
                    byKey
                        .computeIfAbsent(key, k -> new ArrayList<>())
                        .add(Map.entry(host, value))));
    TreeMap<String, T> merged = new TreeMap<>();
    for (var entry : byKey.entrySet()) {
      List<Map.Entry<HostInfo, T>> candidates = entry.getValue();
      if (candidates.size() == 1) {
        merged.put(entry.getKey(), candidates.get(0).getValue());
        continue;
      }
      HostInfo active = owner.apply(entry.getKey());
      T chosen = null;
      boolean found = false;
      for (Map.Entry<HostInfo, T> c : candidates) {
        if (c.getKey().equals(active)) {
          chosen = c.getValue();
          found = true;
        }
      }
      if (!found) {
        return new Ambiguous<>(
            entry.getKey(), candidates.stream().map(Map.Entry::getKey).toList(), active);
      }
      merged.put(entry.getKey(), chosen);
    }
    return new Values<>(merged);
  }

  /** The outcome of {@link #merge}. */
  public sealed interface Merged<T> {}

  /** One value per key, in key order. */
  public record Values<T>(TreeMap<String, T> byKey) implements Merged<T> {}

  /**
   * {@code key} was answered by {@code hosts}, none of them its active owner {@code owner} (null:
   * unknown).
   */
  public record Ambiguous<T>(String key, List<HostInfo> hosts, HostInfo owner)
      implements Merged<T> {}

  /**
   * False for the placeholders Streams uses for "no address" ({@code unavailable:-1}, {@code
   * unknown:-1}).
   */
  static boolean available(HostInfo host) {
    return host.port() > 0 && !host.equals(HostInfo.unavailable());
  }
}
