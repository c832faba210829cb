package io.promoflow.gate;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.kafka.annotation.EnableKafkaStreams;

/** Validation engine and quality gate framework. Port 8082. */
@SpringBootApplication
@org.springframework.boot.context.properties.ConfigurationPropertiesScan
@EnableKafkaStreams
public class GateApplication {

  /** The application with its own configuration file ({@code gate-service.yml}). */
  public static SpringApplicationBuilder builder() {
    return new SpringApplicationBuilder(GateApplication.class)
        .properties("spring.config.name=gate-service");
  }

  public static void main(String[] args) {
    builder().run(args);
  }
}
