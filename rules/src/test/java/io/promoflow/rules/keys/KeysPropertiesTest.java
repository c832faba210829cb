package io.promoflow.rules.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * For arbitrary components: every key reads back as itself and equals the legacy concatenation with
 * {@code |}; a component that contains the separator where it may not is refused, so two different
 * keys never share a string.
 */
class KeysPropertiesTest {

  @Provide
  Arbitrary<String> component() {
    return Arbitraries.strings()
        .all()
        .ofMaxLength(12)
        .filter(s -> s.indexOf(KeyFormat.SEPARATOR) < 0);
  }

  /**
   * Any string, often with separators: random text, or pieces such as {@code a}, {@code |} and
   * {@code decide}.
   */
  @Provide
  Arbitrary<String> any() {
    return Arbitraries.oneOf(
        Arbitraries.strings().all().ofMaxLength(12),
        Arbitraries.of("", "a", "|", "||", "decide", "withdraw")
            .list()
            .ofMaxSize(6)
            .map(l -> String.join("", l)));
  }

  @Provide
  Arbitrary<String> withSeparator() {
    return Arbitraries.strings().all().ofMaxLength(6).tuple2().map(t -> t.get1() + "|" + t.get2());
  }

  @Property
  void fixedComponentsRoundTrip(
      @ForAll("component") String a, @ForAll("component") String b, @ForAll("component") String c) {
    assertThat(ApplicationVersion.parse(ApplicationVersion.of(a, b).value()))
        .isEqualTo(ApplicationVersion.of(a, b));
    assertThat(ApplicationVersion.of(a, b).value()).isEqualTo(a + "|" + b);
    assertThat(ApplicationStage.parse(ApplicationStage.of(a, b).value()))
        .isEqualTo(ApplicationStage.of(a, b));
    assertThat(ApplicationPromotion.parse(ApplicationPromotion.of(a, b).value()))
        .isEqualTo(ApplicationPromotion.of(a, b));
    assertThat(ApplicationPromotion.of(a, b).value()).startsWith(ApplicationPromotion.prefix(a));
    assertThat(ApprovalEvent.parse(ApprovalEvent.of(a, b).value()))
        .isEqualTo(ApprovalEvent.of(a, b));
    ApplicationStageVersion asv = ApplicationStageVersion.of(a, b, c);
    assertThat(asv.value()).isEqualTo(a + "|" + b + "|" + c);
    assertThat(ApplicationStageVersion.parse(asv.value())).isEqualTo(asv);
  }

  @Property
  void freeComponentsRoundTripEvenWithTheSeparator(
      @ForAll("component") String id,
      @ForAll("component") String channel,
      @ForAll("any") String free,
      @ForAll boolean withdraw) {
    DeliveryKey d = DeliveryKey.of(id, channel, free);
    assertThat(d.value()).isEqualTo(id + "|" + channel + "|" + free);
    assertThat(DeliveryKey.parse(d.value())).isEqualTo(d);
    ApproverDecision a = ApproverDecision.of(id, free, withdraw);
    assertThat(ApproverDecision.parse(a.value())).isEqualTo(a);
    DeliveryStatus s = DeliveryStatus.of(free, channel);
    assertThat(s.value()).isEqualTo(free + "|" + channel);
    assertThat(DeliveryStatus.parse(s.value())).isEqualTo(s);
  }

  @Property
  void aFixedComponentWithTheSeparatorIsRefused(
      @ForAll("withSeparator") String bad, @ForAll("component") String ok) {
    assertThatThrownBy(() -> ApplicationVersion.of(bad, ok))
        .isInstanceOf(MalformedKeyException.class);
    assertThatThrownBy(() -> ApplicationVersion.of(ok, bad))
        .isInstanceOf(MalformedKeyException.class);
    assertThatThrownBy(() -> ApplicationStage.of(ok, bad))
        .isInstanceOf(MalformedKeyException.class);
    assertThatThrownBy(() -> ApplicationStageVersion.of(ok, bad, ok))
        .isInstanceOf(MalformedKeyException.class);
    assertThatThrownBy(() -> ApplicationPromotion.prefix(bad))
        .isInstanceOf(MalformedKeyException.class);
    assertThatThrownBy(() -> ApprovalEvent.of(ok, bad)).isInstanceOf(MalformedKeyException.class);
    assertThatThrownBy(() -> ApproverDecision.of(bad, ok, false))
        .isInstanceOf(MalformedKeyException.class);
    assertThatThrownBy(() -> DeliveryKey.of(ok, bad, ok)).isInstanceOf(MalformedKeyException.class);
    assertThatThrownBy(() -> DeliveryStatus.of(ok, bad)).isInstanceOf(MalformedKeyException.class);
  }

  @Property
  void parseReadsExactlyTheKeysItsTypeWrites(@ForAll("any") String key) {
    // whatever a store holds is either read as the very key that writes it, or refused
    boolean threeFixed = key.chars().filter(ch -> ch == '|').count() == 2;
    assertThat(parsed(() -> ApplicationStageVersion.parse(key).value()))
        .isEqualTo(threeFixed ? key : null);
    boolean decision = key.matches("(?s)[^|]*\\|.*\\|(decide|withdraw)");
    assertThat(parsed(() -> ApproverDecision.parse(key).value())).isEqualTo(decision ? key : null);
  }

  /** What {@code read} gives, or null when the key was refused. */
  private static String parsed(java.util.function.Supplier<String> read) {
    try {
      return read.get();
    } catch (MalformedKeyException refused) {
      return null;
    }
  }
}
