package io.promoflow.notification.api;

import io.promoflow.notification.domain.Delivery;
import io.promoflow.notification.flow.DeliveryLog;
import io.promoflow.platform.web.Pagination;
import java.time.Instant;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/notifications?promotionId=&limit=&cursor=}: what was sent where and when,
 * oldest first (then by delivery key and status), one page ({@link Pagination}); {@code at} is
 * ISO-8601 UTC.
 */
@RestController
public class NotificationController {

  private final DeliveryLog deliveries;

  public NotificationController(DeliveryLog deliveries) {
    this.deliveries = deliveries;
  }

  @GetMapping("/api/v1/notifications")
  public ResponseEntity<List<Delivery>> notifications(
      @RequestParam(required = false) String promotionId,
      @RequestParam(required = false) Integer limit,
      @RequestParam(required = false) String cursor) {
    return Pagination.respond(
        deliveries.of(promotionId),
        d ->
            Pagination.ascending(
                Instant.parse(d.at()).toEpochMilli(), d.deliveryKey() + "|" + d.status()),
        limit,
        cursor);
  }
}
