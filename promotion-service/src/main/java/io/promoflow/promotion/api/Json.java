package io.promoflow.promotion.api;

import java.time.Instant;

/** Shapes shared by the read routes. */
final class Json {

  private Json() {}

  /** ISO-8601 UTC of epoch ms, or null. */
  static String time(Long epochMs) {
    return epochMs == null ? null : Instant.ofEpochMilli(epochMs).toString();
  }
}
