package io.promoflow.notification.channel;

import io.promoflow.notification.domain.Notification;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * A generic JSON webhook for other tools. The body is signed: {@code X-Promoflow-Signature-256: sha256=<hex HMAC-SHA256
 * of the body with the shared secret>}; {@code X-Promoflow-Delivery} carries the event id, the same on every retry,
 * so a receiver can drop duplicates.
 */
public final class WebhookChannel implements NotificationChannel {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private final RestClient client;
  private final String url;
  private final byte[] secret;

  public WebhookChannel(String url, String secret, Duration timeout) {
    this.url = url;
    this.secret = (secret == null ? "" : secret).getBytes(StandardCharsets.UTF_8);
    this.client = SlackChannel.client(timeout);
  }

  @Override
  public String name() {
    return "webhook";
  }

  @Override
  public void send(Notification n, String recipient) {
    byte[] body = JSON.writeValueAsBytes(body(n));
    client.post().uri(url).contentType(MediaType.APPLICATION_JSON)
        .header("X-Promoflow-Event", n.eventType())
        .header("X-Promoflow-Delivery", n.eventId())
        .header("X-Promoflow-Signature-256", sign(secret, body))
        .body(body).retrieve().toBodilessEntity();
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

  /** {@code sha256=<hex>} HMAC of {@code body} with {@code secret}. */
  public static String sign(byte[] secret, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.length == 0 ? new byte[1] : secret, "HmacSHA256"));
      return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is required by the JVM specification", e);
    }
  }
}
