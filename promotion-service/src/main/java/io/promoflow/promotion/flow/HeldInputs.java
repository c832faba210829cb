package io.promoflow.promotion.flow;

import io.promoflow.rules.keys.ApplicationPromotion;
import io.promoflow.schemas.Topic;
import io.promoflow.schemas.Topics;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Inputs that could not be decided yet because a fact they need has not been read (store {@value
 * PromotionTopology#HELD}, key {@code <application>|<promotionId>}): kept in arrival order, each
 * promotion's later inputs queued behind them, and offered again when the fact may have arrived
 * (issue 11 point 1). Kafka orders no two input topics against each other, so this is what makes a
 * decision independent of arrival order.
 */
final class HeldInputs {

  /**
   * {@link Input#topic()} of a scheduled promotion's resumption (no record: the punctuator asked).
   */
  static final String RESUME = "resume";

  /**
   * The held inputs of one promotion.
   *
   * @param awaiting the fact waited for, in words (e.g. {@code build inventory 1.4.2})
   * @param heldAt epoch ms (service clock) when the first of them was held
   * @param deadline epoch ms after which they are decided with what is known ({@code
   *     gates.factsTimeout} after {@code heldAt})
   * @param inputs oldest first
   */
  public record Held(
      String application,
      String promotionId,
      String version,
      String awaiting,
      long heldAt,
      long deadline,
      List<Input> inputs) {

    public Held {
      inputs = inputs == null ? List.of() : List.copyOf(inputs);
    }

    /** {@code kept} of these inputs, now waiting for {@code fact}, same deadline. */
    Held keep(List<Input> kept, String fact) {
      return new Held(application, promotionId, version, fact, heldAt, deadline, kept);
    }

    /** True when later inputs of the promotion wait behind these ({@link #blocking(String)}). */
    boolean blocks() {
      return blocking(awaiting);
    }
  }

  /**
   * One held input.
   *
   * @param topic the input topic's name, or {@link #RESUME}
   * @param value the envelope, Avro single-object encoded; null for {@link #RESUME}
   * @param timestamp the record's timestamp, epoch ms
   */
  public record Input(String topic, byte[] value, long timestamp) {

    /** {@code envelope}, read from its topic, as held. */
    static Input of(SpecificRecord envelope, long timestamp) {
      @SuppressWarnings("unchecked")
      Topic<SpecificRecord> topic =
          (Topic<SpecificRecord>)
              Topics.byType(envelope.getClass())
                  .orElseThrow(
                      () ->
                          new IllegalArgumentException(
                              "no topic carries " + envelope.getClass().getName()));
      return new Input(topic.name(), topic.serde().encode(envelope), timestamp);
    }

    /** The envelope; null for {@link #RESUME}. */
    SpecificRecord envelope() {
      return value == null ? null : Topics.byName(topic).orElseThrow().serde().decode(value);
    }
  }

  private final KeyValueStore<String, Held> store;

  HeldInputs(KeyValueStore<String, Held> store) {
    this.store = store;
  }

  /**
   * True when {@code fact} holds back every later input of its promotion too: its build, which
   * comes from outside. A wait for the promotion itself (not read yet, not in its stage yet) does
   * not: later inputs are what bring it.
   */
  static boolean blocking(String fact) {
    return fact != null && fact.startsWith("build ");
  }

  static String key(String application, String promotionId) {
    return ApplicationPromotion.of(application, promotionId).value();
  }

  /** The inputs held for {@code promotionId}, or null. */
  Held of(String application, String promotionId) {
    return store.get(key(application, promotionId));
  }

  /**
   * Holds {@code input} after the inputs already held for its promotion (they then wait for {@code
   * fact} when it is {@link #blocking(String)}), or as the first one, waiting for {@code fact}
   * until {@code now + timeoutMs}.
   *
   * @param fact what the input waits for; null for an input queued behind a blocking wait
   */
  void hold(
      String application,
      String promotionId,
      String version,
      String fact,
      Input input,
      long now,
      long timeoutMs) {
    Held known = of(application, promotionId);
    List<Input> inputs = new ArrayList<>(known == null ? List.of() : known.inputs());
    inputs.add(input);
    if (known == null || blocking(fact) && !known.blocks()) {
      // a wait for the build gets the whole timeout, also behind inputs that waited for their
      // promotion before
      store.put(
          key(application, promotionId),
          new Held(
              application,
              promotionId,
              known == null ? version : known.version(),
              fact,
              now,
              now + timeoutMs,
              inputs));
    } else {
      store.put(key(application, promotionId), known.keep(inputs, known.awaiting()));
    }
  }

  void put(Held held) {
    store.put(key(held.application(), held.promotionId()), held);
  }

  void delete(Held held) {
    store.delete(key(held.application(), held.promotionId()));
  }

  /** Every held promotion of {@code application}, or of all applications when null. */
  List<Held> all(String application) {
    List<Held> found = new ArrayList<>();
    try (KeyValueIterator<String, Held> it =
        application == null
            ? store.all()
            : store.prefixScan(ApplicationPromotion.prefix(application), new StringSerializer())) {
      it.forEachRemaining((KeyValue<String, Held> kv) -> found.add(kv.value));
    }
    return found;
  }
}
