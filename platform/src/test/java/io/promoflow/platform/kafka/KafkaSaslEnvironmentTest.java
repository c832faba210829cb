package io.promoflow.platform.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.mock.env.MockEnvironment;

/**
 * The Spring side of {@code KafkaCredentials} (schemas): the credentials become {@code
 * spring.kafka.*} settings.
 */
class KafkaSaslEnvironmentTest {

  @Test
  void theEnvironmentGetsSaslSettingsOnlyWithAUserName() {
    MockEnvironment plain = new MockEnvironment();
    new KafkaSaslEnvironment().postProcessEnvironment(plain, new SpringApplication());
    assertThat(plain.getProperty("spring.kafka.security.protocol")).isNull();

    MockEnvironment sasl =
        new MockEnvironment()
            .withProperty("promoflow.kafka.username", "gate-service")
            .withProperty("promoflow.kafka.password", "local-gate-service");
    new KafkaSaslEnvironment().postProcessEnvironment(sasl, new SpringApplication());
    assertThat(sasl.getProperty("spring.kafka.security.protocol")).isEqualTo("SASL_PLAINTEXT");
    assertThat(sasl.getProperty("spring.kafka.properties.sasl.mechanism"))
        .isEqualTo("SCRAM-SHA-512");
    assertThat(sasl.getProperty("spring.kafka.properties.sasl.jaas.config"))
        .contains("username=\"gate-service\"");

    // an explicit setting wins over the derived one
    MockEnvironment explicit =
        new MockEnvironment()
            .withProperty("promoflow.kafka.username", "gate-service")
            .withProperty("promoflow.kafka.password", "p")
            .withProperty("spring.kafka.security.protocol", "SASL_SSL");
    new KafkaSaslEnvironment().postProcessEnvironment(explicit, new SpringApplication());
    assertThat(explicit.getProperty("spring.kafka.security.protocol")).isEqualTo("SASL_SSL");
  }
}
