package io.promoflow.promotion.adapters.attestation;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The key that signs promotion attestations.
 *
 * @param key resource location of a PKCS#8 EC P-256 private key (PEM), e.g. {@code
 *     file:/etc/promoflow/attest.pem}; empty: promotions are not signed, allowed only under the
 *     {@code local} profile ({@link AttestationKeyGuard})
 * @param keyId identifier of the key in the DSSE envelope
 */
@ConfigurationProperties("promoflow.attestation")
public record AttestationProperties(String key, @DefaultValue("promoflow") String keyId) {

  @Override
  public String toString() {
    return "AttestationProperties[key="
        + (key == null || key.isBlank() ? "none" : "configured")
        + ", keyId="
        + keyId
        + "]";
  }
}
