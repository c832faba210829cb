package io.promoflow.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class KafkaCredentialsTest {

  @Test
  void noUserNameMeansPlaintext() {
    assertThat(KafkaCredentials.of(null, null, null)).isEmpty();
    assertThat(KafkaCredentials.of(" ", "secret", null)).isEmpty();
  }

  @Test
  void aUserWithoutAPasswordIsRefusedNotConnectedAnonymously() {
    assertThatThrownBy(() -> KafkaCredentials.of("gate-service", "", null))
        .hasMessageContaining("promoflow.kafka.password")
        .hasMessageContaining("gate-service");
    assertThatThrownBy(() -> KafkaCredentials.of("gate-service", "x", "GSSAPI"))
        .hasMessageContaining("promoflow.kafka.sasl-mechanism");
  }

  @Test
  void clientPropertiesUseScramAndQuoteTheSecret() {
    KafkaCredentials c = KafkaCredentials.of("gate-service", "a\"b\\c", null).orElseThrow();
    assertThat(c.clientProperties())
        .containsEntry("security.protocol", "SASL_PLAINTEXT")
        .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
        .containsEntry(
            "sasl.jaas.config",
            "org.apache.kafka.common.security.scram.ScramLoginModule required "
                + "username=\"gate-service\" password=\"a\\\"b\\\\c\";");
    assertThat(c.toString()).doesNotContain("a\"b").contains("password hidden");
  }
}
