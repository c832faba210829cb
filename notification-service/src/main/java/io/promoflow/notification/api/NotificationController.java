package io.promoflow.notification.api;

import io.promoflow.notification.domain.Delivery;
import io.promoflow.notification.flow.DeliveryLog;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/v1/notifications?promotionId=}: what was sent where and when. */
@RestController
public class NotificationController {

  private final DeliveryLog deliveries;

  public NotificationController(DeliveryLog deliveries) {
    this.deliveries = deliveries;
  }

  @GetMapping("/api/v1/notifications")
  public List<Delivery> notifications(@RequestParam(required = false) String promotionId) {
    return deliveries.of(promotionId);
  }
}
