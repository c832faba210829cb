package io.promoflow.trigger;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.kafka.annotation.EnableKafkaStreams;

/** Trigger manager: ingests CI builds and starts promotions. Port 8081. */
@SpringBootApplication
@EnableKafkaStreams
@org.springframework.boot.context.properties.ConfigurationPropertiesScan
public class TriggerApplication {

  /** The application with its own configuration file ({@code trigger-service.yml}). */
  public static SpringApplicationBuilder builder() {
    return new SpringApplicationBuilder(TriggerApplication.class)
        .properties("spring.config.name=trigger-service");
  }

  public static void main(String[] args) {
    builder().run(args);
  }
}
