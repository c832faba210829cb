package io.promoflow.localstack;

import io.promoflow.approval.ApprovalApplication;
import io.promoflow.gate.GateApplication;
import io.promoflow.notification.NotificationApplication;
import io.promoflow.promotion.PromotionApplication;
import io.promoflow.rollback.RollbackApplication;
import io.promoflow.trigger.TriggerApplication;
import java.util.function.Supplier;
import org.springframework.boot.builder.SpringApplicationBuilder;

/** The six services with their default ports (DESIGN.md "HTTP"). */
public enum Service {
  TRIGGER("trigger", 8081, TriggerApplication::builder),
  GATE("gate", 8082, GateApplication::builder),
  PROMOTION("promotion", 8083, PromotionApplication::builder),
  APPROVAL("approval", 8084, ApprovalApplication::builder),
  ROLLBACK("rollback", 8085, RollbackApplication::builder),
  NOTIFICATION("notification", 8086, NotificationApplication::builder);

  private final String label;
  private final int defaultPort;
  private final Supplier<SpringApplicationBuilder> builder;

  Service(String label, int defaultPort, Supplier<SpringApplicationBuilder> builder) {
    this.label = label;
    this.defaultPort = defaultPort;
    this.builder = builder;
  }

  /** Short name: trigger, gate, promotion, approval, rollback, notification. */
  public String label() {
    return label;
  }

  public int defaultPort() {
    return defaultPort;
  }

  /** A new application builder with the service's own configuration file. */
  public SpringApplicationBuilder builder() {
    return builder.get();
  }
}
