package io.promoflow.platform.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.mock.env.MockEnvironment;

class KafkaCredentialsTest {

  @Test
  void noUserNameMeansPlaintext() {
    assertThat(KafkaCredentials.of(null, null, null)).isEmpty();
    assertThat(KafkaCredentials.of(" ", "secret", null)).isEmpty();
  }

  @Test
  void aUserWithoutAPasswordIsRefusedNotConnectedAnonymously() {
    assertThatThrownBy(() -> KafkaCredentials.of("gate-service", "", null))
        .hasMessageContaining("promoflow.kafka.password").hasMessageContaining("gate-service");
    assertThatThrownBy(() -> KafkaCredentials.of("gate-service", "x", "GSSAPI"))
        .hasMessageContaining("promoflow.kafka.sasl-mechanism");
  }

  @Test
  void clientPropertiesUseScramAndQuoteTheSecret() {
    KafkaCredentials c = KafkaCredentials.of("gate-service", "a\"b\\c", null).orElseThrow();
    assertThat(c.clientProperties()).containsEntry("security.protocol", "SASL_PLAINTEXT")
        .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
        .containsEntry("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required "
            + "username=\"gate-service\" password=\"a\\\"b\\\\c\";");
    assertThat(c.toString()).doesNotContain("a\"b").contains("password hidden");
  }

  @Test
  void theEnvironmentGetsSaslSettingsOnlyWithAUserName() {
    MockEnvironment plain = new MockEnvironment();
    new KafkaSaslEnvironment().postProcessEnvironment(plain, new SpringApplication());
    assertThat(plain.getProperty("spring.kafka.security.protocol")).isNull();

    MockEnvironment sasl = new MockEnvironment().withProperty("promoflow.kafka.username", "gate-service")
        .withProperty("promoflow.kafka.password", "local-gate-service");
    new KafkaSaslEnvironment().postProcessEnvironment(sasl, new SpringApplication());
    assertThat(sasl.getProperty("spring.kafka.security.protocol")).isEqualTo("SASL_PLAINTEXT");
    assertThat(sasl.getProperty("spring.kafka.properties.sasl.mechanism")).isEqualTo("SCRAM-SHA-512");
    assertThat(sasl.getProperty("spring.kafka.properties.sasl.jaas.config")).contains("username=\"gate-service\"");

    // an explicit setting wins over the derived one
    MockEnvironment explicit = new MockEnvironment().withProperty("promoflow.kafka.username", "gate-service")
        .withProperty("promoflow.kafka.password", "p").withProperty("spring.kafka.security.protocol", "SASL_SSL");
    new KafkaSaslEnvironment().postProcessEnvironment(explicit, new SpringApplication());
    assertThat(explicit.getProperty("spring.kafka.security.protocol")).isEqualTo("SASL_SSL");
  }
}
