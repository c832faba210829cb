package io.promoflow.rollback;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.kafka.annotation.EnableKafkaStreams;

/** Monitoring manager and rollback manager. Port 8085. */
@SpringBootApplication
@EnableKafkaStreams
@org.springframework.scheduling.annotation.EnableScheduling
@org.springframework.boot.context.properties.ConfigurationPropertiesScan
public class RollbackApplication {

  /** The application with its own configuration file ({@code rollback-service.yml}). */
  public static SpringApplicationBuilder builder() {
    return new SpringApplicationBuilder(RollbackApplication.class)
        .properties("spring.config.name=rollback-service");
  }

  public static void main(String[] args) {
    builder().run(args);
  }
}
