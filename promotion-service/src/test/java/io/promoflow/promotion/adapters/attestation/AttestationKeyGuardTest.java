package io.promoflow.promotion.adapters.attestation;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

class AttestationKeyGuardTest {

  static MockEnvironment profiles(String... active) {
    MockEnvironment env = new MockEnvironment();
    env.setActiveProfiles(active);
    return env;
  }

  @Test
  void aMissingKeyStopsTheServiceOutsideTheLocalProfile() {
    assertThatThrownBy(
            () -> new AttestationKeyGuard(new AttestationProperties(null, "promoflow"), profiles()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("promoflow.attestation.key");
    assertThatThrownBy(
            () ->
                AttestationKeyGuard.check(
                    new AttestationProperties(" ", "promoflow"), profiles("prod")))
        .hasMessageContaining("PROMOFLOW_ATTESTATION_KEY");
  }

  @Test
  void theLocalProfileMayRunUnsignedAndAConfiguredKeyPasses() {
    assertThatCode(
            () ->
                AttestationKeyGuard.check(
                    new AttestationProperties(null, "promoflow"), profiles("local")))
        .doesNotThrowAnyException();
    assertThatCode(
            () ->
                AttestationKeyGuard.check(
                    new AttestationProperties("file:/etc/promoflow/attest.pem", "k"), profiles()))
        .doesNotThrowAnyException();
  }
}
