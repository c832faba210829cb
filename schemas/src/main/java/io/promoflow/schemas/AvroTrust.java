package io.promoflow.schemas;

import org.apache.avro.util.ClassSecurityValidator;

/**
 * Avro 1.12.2 refuses to instantiate classes outside a trusted list, also when copying a record
 * ({@code X.newBuilder(other)}): Promoflow's generated classes are trusted once, before any use.
 */
public final class AvroTrust {

  private static volatile boolean trusted;

  private AvroTrust() {}

  /** Trusts {@code io.promoflow.schemas.*}; idempotent. */
  public static synchronized void ensure() {
    if (!trusted) {
      ClassSecurityValidator.setGlobal(
          ClassSecurityValidator.composite(
              ClassSecurityValidator.getGlobal(),
              type -> type.getName().startsWith("io.promoflow.schemas.")));
      trusted = true;
    }
  }
}
