package io.promoflow.promotion.domain;

import java.util.List;
import org.apache.avro.specific.SpecificRecord;

/**
 * What one input did to a promotion: its new value and the events to publish, in order — or, when
 * the input cannot be decided yet because a fact it needs has not been read ({@link #awaiting()}),
 * nothing: the caller keeps the input and offers it again once the fact is there (issue 11 point 1,
 * decisions independent of arrival order).
 *
 * @param payloads payloads of {@code promoflow.promotions.v1} envelopes
 * @param awaiting the fact the input waits for, in words (e.g. {@code build inventory 1.4.2}); null
 *     when decided
 */
public record Step(Promotion promotion, List<SpecificRecord> payloads, String awaiting) {

  /** A decided step. */
  public Step(Promotion promotion, List<SpecificRecord> payloads) {
    this(promotion, payloads, null);
  }

  /** Nothing changed. */
  public static Step unchanged(Promotion p) {
    return new Step(p, List.of());
  }

  /** Not decided: {@code p} unchanged until {@code fact} is known. */
  public static Step awaiting(Promotion p, String fact) {
    return new Step(p, List.of(), fact);
  }

  /** True when the input waits for a fact and changed nothing. */
  public boolean waits() {
    return awaiting != null;
  }
}
