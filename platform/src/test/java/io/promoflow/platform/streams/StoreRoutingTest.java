package io.promoflow.platform.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.Test;

/**
 * The routing decision of a state-store read across the instances of a service (issue 14 point 1).
 */
class StoreRoutingTest {

  static final HostInfo SELF = new HostInfo("localhost", 8083);
  static final HostInfo OTHER = new HostInfo("localhost", 9083);
  static final HostInfo THIRD = new HostInfo("node-3", 8083);

  static StreamsMetadata metadata(HostInfo host, int... partitions) {
    StreamsMetadata m = mock(StreamsMetadata.class);
    when(m.hostInfo()).thenReturn(host);
    Set<TopicPartition> owned = new java.util.HashSet<>();
    for (int p : partitions) {
      owned.add(new TopicPartition("in", p));
    }
    when(m.topicPartitions()).thenReturn(owned);
    return m;
  }

  @Test
  void aKeyOwnedHereIsReadHereOnItsPartition() {
    assertThat(StoreRouting.forKey(new KeyQueryMetadata(SELF, Set.of(OTHER), 2), SELF))
        .isEqualTo(new StoreRouting.Local(2));
  }

  @Test
  void aKeyOwnedElsewhereIsReadOnItsActiveOwnerNotOnAStandby() {
    assertThat(StoreRouting.forKey(new KeyQueryMetadata(OTHER, Set.of(SELF), 1), SELF))
        .isEqualTo(new StoreRouting.Remote(OTHER, 1));
  }

  @Test
  void noKnownOwnerIsUnavailableNeverNotFound() {
    assertThat(StoreRouting.forKey(KeyQueryMetadata.NOT_AVAILABLE, SELF))
        .isInstanceOf(StoreRouting.Unavailable.class);
    assertThat(StoreRouting.forKey(null, SELF)).isInstanceOf(StoreRouting.Unavailable.class);
    assertThat(StoreRouting.forKey(new KeyQueryMetadata(HostInfo.unavailable(), Set.of(), 0), SELF))
        .isInstanceOf(StoreRouting.Unavailable.class);
    assertThat(
            StoreRouting.forKey(
                new KeyQueryMetadata(new HostInfo("unknown", -1), Set.of(), 0), SELF))
        .isInstanceOf(StoreRouting.Unavailable.class);
  }

  @Test
  void othersAreTheInstancesWithActivePartitionsInAStableOrder() {
    List<StreamsMetadata> all =
        List.of(
            metadata(THIRD, 3),
            metadata(SELF, 0),
            metadata(OTHER, 1, 2),
            metadata(new HostInfo("idle", 1)));
    assertThat(StoreRouting.others(all, SELF)).containsExactly(OTHER, THIRD);
    assertThat(StoreRouting.others(List.of(all.get(2), all.get(0), all.get(1)), SELF))
        .containsExactly(OTHER, THIRD);
  }

  @Test
  void anInstanceWithPartitionsButNoAddressIsRefused() {
    assertThatThrownBy(
            () -> StoreRouting.others(List.of(metadata(HostInfo.unavailable(), 0)), SELF))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("application.server");
  }

  @Test
  void mergeKeepsEveryKeyOnceInKeyOrder() {
    Map<HostInfo, Map<String, String>> answers = new LinkedHashMap<>();
    answers.put(SELF, Map.of("b", "b-here", "d", "d-here"));
    answers.put(OTHER, Map.of("c", "c-there", "a", "a-there"));
    StoreRouting.Merged<String> merged =
        StoreRouting.merge(
            answers,
            key -> {
              throw new AssertionError(
                  "no key was answered twice: no owner needed, asked for " + key);
            });
    assertThat(((StoreRouting.Values<String>) merged).byKey())
        .containsExactly(
            Map.entry("a", "a-there"),
            Map.entry("b", "b-here"),
            Map.entry("c", "c-there"),
            Map.entry("d", "d-here"));
  }

  @Test
  void aKeyAnsweredTwiceTakesTheActiveOwnersValue() {
    Map<HostInfo, Map<String, String>> answers = new LinkedHashMap<>();
    answers.put(SELF, Map.of("a", "stale"));
    answers.put(OTHER, Map.of("a", "current"));
    StoreRouting.Merged<String> merged = StoreRouting.merge(answers, key -> OTHER);
    assertThat(((StoreRouting.Values<String>) merged).byKey())
        .containsExactly(Map.entry("a", "current"));
  }

  @Test
  void aKeyAnsweredTwiceByNeitherOwnerIsAmbiguousNotAGuess() {
    Map<HostInfo, Map<String, String>> answers = new LinkedHashMap<>();
    answers.put(SELF, Map.of("a", "one"));
    answers.put(OTHER, Map.of("a", "two"));
    StoreRouting.Merged<String> merged = StoreRouting.merge(answers, key -> THIRD);
    assertThat(merged)
        .isEqualTo(new StoreRouting.Ambiguous<String>("a", List.of(SELF, OTHER), THIRD));
    assertThat(StoreRouting.merge(answers, key -> HostInfo.unavailable()))
        .isInstanceOf(StoreRouting.Ambiguous.class);
  }
}
