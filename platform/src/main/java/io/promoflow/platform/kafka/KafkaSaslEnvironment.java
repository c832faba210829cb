package io.promoflow.platform.kafka;

import io.promoflow.schemas.KafkaCredentials;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Turns {@code promoflow.kafka.username}/{@code password} (env {@code
 * PROMOFLOW_KAFKA_USERNAME}/{@code PASSWORD}) into the SASL settings of every Kafka client Spring
 * Boot makes: {@code spring.kafka.security.protocol} and {@code spring.kafka.properties.sasl.*},
 * which Boot applies to producers, consumers, the admin client and Streams. Without a user name
 * nothing is added and clients stay plaintext. The settings are added last, so an explicit {@code
 * spring.kafka.*} value (e.g. {@code SASL_SSL}) wins. The password reaches only {@code
 * sasl.jaas.config}, a Kafka PASSWORD-type setting that Kafka logs as {@code [hidden]}.
 */
public class KafkaSaslEnvironment implements EnvironmentPostProcessor, Ordered {

  static final String SOURCE = "promoflowKafkaSasl";

  @Override
  public void postProcessEnvironment(
      ConfigurableEnvironment environment, SpringApplication application) {
    KafkaCredentials.of(
            environment.getProperty("promoflow.kafka.username"),
            environment.getProperty("promoflow.kafka.password"),
            environment.getProperty("promoflow.kafka.sasl-mechanism"))
        .ifPresent(
            credentials -> {
              Map<String, Object> props = new LinkedHashMap<>();
              props.put("spring.kafka.security.protocol", "SASL_PLAINTEXT");
              credentials
                  .clientProperties()
                  .forEach(
                      (k, v) -> {
                        if (!k.equals("security.protocol")) {
                          props.put("spring.kafka.properties." + k, v);
                        }
                      });
              environment.getPropertySources().addLast(new MapPropertySource(SOURCE, props));
            });
  }

  /** After the configuration files are read, so a user name in a service's YAML counts too. */
  @Override
  public int getOrder() {
    return ConfigDataEnvironmentPostProcessor.ORDER + 1;
  }
}
