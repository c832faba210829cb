package io.promoflow.notification;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Notification manager: Slack and e-mail by the policy's routes, delivered once. Port 8086. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class NotificationApplication {

  /** The application with its own configuration file ({@code notification-service.yml}). */
  public static SpringApplicationBuilder builder() {
    return new SpringApplicationBuilder(NotificationApplication.class)
        .properties("spring.config.name=notification-service");
  }

  public static void main(String[] args) {
    builder().run(args);
  }
}
