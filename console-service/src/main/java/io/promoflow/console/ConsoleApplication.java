package io.promoflow.console;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * Console: the one address a person needs (port 8080). Serves the board (applications × stages,
 * promotions, approvals inbox, DORA metrics), proxies {@code /api/v1/**} to the six services and
 * computes the DORA metrics from the event log. It reads topics only; it writes none.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class ConsoleApplication {

  /** The application with its own configuration file ({@code console-service.yml}). */
  public static SpringApplicationBuilder builder() {
    return new SpringApplicationBuilder(ConsoleApplication.class)
        .properties("spring.config.name=console-service");
  }

  public static void main(String[] args) {
    builder().run(args);
  }
}
