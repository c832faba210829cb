package io.promoflow.notification.adapters;

import io.promoflow.notification.domain.Notification;
import io.promoflow.schemas.Hmac;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * A generic JSON webhook for other tools. The body is signed: {@code X-Promoflow-Signature-256:
 * sha256=<hex HMAC-SHA256 of the body with the shared secret>}; {@code X-Promoflow-Delivery}
 * carries the event id, the same on every retry, so a receiver can drop duplicates.
 */
public final class WebhookChannel implements NotificationChannel {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private final RestClient client;
  private final String url;
  private final byte[] secret;

  /**
   * @param secret the shared secret that signs every body
   * @throws IllegalStateException when the secret is empty: the service does not start (a receiver
   *     could not tell our messages from anyone's), naming the key to set
   */
  public WebhookChannel(String url, String secret, Duration timeout) {
    if (secret == null || secret.isBlank()) {
      throw new IllegalStateException(
          "promoflow.notifications.webhook.secret (PROMOFLOW_NOTIFICATIONS_WEBHOOK_SECRET) is "
              + "empty but promoflow.notifications.webhook.url is set: notification webhooks are always signed; set the "
              + "secret or unset the URL");
    }
    this.url = url;
    this.secret = secret.getBytes(StandardCharsets.UTF_8);
    this.client = SlackChannel.client(timeout);
  }

  @Override
  public String name() {
    return "webhook";
  }

  @Override
  public void send(Notification n, String recipient) {
    byte[] body = JSON.writeValueAsBytes(body(n));
    client
        .post()
        .uri(url)
        .contentType(MediaType.APPLICATION_JSON)
        .header("X-Promoflow-Event", n.eventType())
        .header("X-Promoflow-Delivery", n.eventId())
        .header("X-Promoflow-Signature-256", sign(secret, body))
        .body(body)
        .retrieve()
        .toBodilessEntity();
  }

  static Map<String, Object> body(Notification n) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("eventId", n.eventId());
    body.put("eventType", n.eventType());
    body.put("severity", n.severity().name());
    body.put("application", n.application());
    body.put("promotionId", n.promotionId());
    body.put("stage", n.stage());
    body.put("title", n.title());
    body.put("facts", n.facts());
    body.put("action", n.action());
    return body;
  }

  /**
   * {@code sha256=<hex>} HMAC of {@code body} with {@code secret} ({@link Hmac}).
   *
   * @throws IllegalArgumentException for an empty secret
   */
  public static String sign(byte[] secret, byte[] body) {
    return Hmac.sha256Signature(secret, body);
  }
}
