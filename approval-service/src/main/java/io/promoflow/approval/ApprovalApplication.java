package io.promoflow.approval;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.kafka.annotation.EnableKafkaStreams;

/** Approval workflow: who must approve, quorum, self-approval ban, expiry. Port 8084. */
@SpringBootApplication
@EnableKafkaStreams
public class ApprovalApplication {

  /** The application with its own configuration file ({@code approval-service.yml}). */
  public static SpringApplicationBuilder builder() {
    return new SpringApplicationBuilder(ApprovalApplication.class)
        .properties("spring.config.name=approval-service");
  }

  public static void main(String[] args) {
    builder().run(args);
  }
}
