package io.promoflow.promotion.adapters.attestation;

import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.springframework.stereotype.Component;

/**
 * Fail closed on a missing attestation key (GitHub issue 12, "Authority"): outside the {@code
 * local} profile every promotion must be signed, so promotion-service does not start without {@code
 * promoflow.attestation.key}. The local profile (demo identities, tests) may run unsigned.
 */
@Component
public class AttestationKeyGuard {

  /**
   * @throws IllegalStateException naming the key when it is missing outside the local profile
   */
  public AttestationKeyGuard(AttestationProperties properties, Environment environment) {
    check(properties, environment);
  }

  /**
   * Checks that an attestation key is configured unless the {@code local} profile is active.
   *
   * @throws IllegalStateException naming {@code promoflow.attestation.key} when it is missing
   */
  public static void check(AttestationProperties properties, Environment environment) {
    boolean missing = properties.key() == null || properties.key().isBlank();
    if (missing && !environment.acceptsProfiles(Profiles.of("local"))) {
      throw new IllegalStateException(
          "promoflow.attestation.key (env PROMOFLOW_ATTESTATION_KEY) is not set: outside the "
              + "local profile every promotion is signed; set it to the PKCS#8 EC P-256 private key, e.g. "
              + "file:/etc/promoflow/attest.pem");
    }
  }
}
