package io.promoflow.promotion.domain;

import java.util.List;
import org.apache.avro.specific.SpecificRecord;

/**
 * What one input did to a promotion: its new value and the events to publish, in order.
 *
 * @param payloads payloads of {@code promoflow.promotions.v1} envelopes
 */
public record Step(Promotion promotion, List<SpecificRecord> payloads) {

  /** Nothing changed. */
  public static Step unchanged(Promotion p) {
    return new Step(p, List.of());
  }
}
