package io.promoflow.promotion;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.kafka.annotation.EnableKafkaStreams;

/**
 * Promotion manager: each promotion's state machine, the stage state, queries and audit. Port 8083.
 */
@SpringBootApplication
@EnableKafkaStreams
@org.springframework.boot.context.properties.ConfigurationPropertiesScan
public class PromotionApplication {

  /** The application with its own configuration file ({@code promotion-service.yml}). */
  public static SpringApplicationBuilder builder() {
    return new SpringApplicationBuilder(PromotionApplication.class)
        .properties("spring.config.name=promotion-service");
  }

  public static void main(String[] args) {
    builder().run(args);
  }
}
