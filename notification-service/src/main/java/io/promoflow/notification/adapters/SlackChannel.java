package io.promoflow.notification.adapters;

import io.promoflow.notification.domain.Notification;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

/**
 * Slack incoming webhook with a Block Kit message: header, facts as fields, the action, the event
 * id.
 */
public final class SlackChannel implements NotificationChannel {

  private final RestClient client;
  private final String webhookUrl;

  /**
   * @param timeout connect and read timeout of one call
   */
  public SlackChannel(String webhookUrl, Duration timeout) {
    this.webhookUrl = webhookUrl;
    this.client = client(timeout);
  }

  /** A JSON HTTP client with {@code timeout} for connecting and reading. */
  static RestClient client(Duration timeout) {
    JdkClientHttpRequestFactory factory =
        new JdkClientHttpRequestFactory(HttpClient.newBuilder().connectTimeout(timeout).build());
    factory.setReadTimeout(timeout);
    return RestClient.builder().requestFactory(factory).build();
  }

  @Override
  public String name() {
    return "slack";
  }

  @Override
  public void send(Notification n, String recipient) {
    client
        .post()
        .uri(webhookUrl)
        .contentType(MediaType.APPLICATION_JSON)
        .body(message(n))
        .retrieve()
        .toBodilessEntity();
  }

  /** The Block Kit payload of {@code n}. */
  public static Map<String, Object> message(Notification n) {
    List<Object> blocks = new ArrayList<>();
    blocks.add(
        Map.of(
            "type",
            "header",
            "text",
            Map.of("type", "plain_text", "text", truncate(n.title(), 150))));
    List<Object> fields = new ArrayList<>();
    n.facts()
        .forEach(
            (k, v) ->
                fields.add(
                    Map.of(
                        "type",
                        "mrkdwn",
                        "text",
                        // facts carry people's free text (comments, reasons): no ping, no link
                        "*"
                            + SlackBlocks.escape(k)
                            + "*\n"
                            + truncate(SlackBlocks.escape(v), 1900))));
    for (int i = 0; i < fields.size(); i += 10) {
      blocks.add(
          Map.of("type", "section", "fields", fields.subList(i, Math.min(fields.size(), i + 10))));
    }
    if (n.action() != null) {
      blocks.add(
          Map.of(
              "type", "section", "text", Map.of("type", "mrkdwn", "text", "`" + n.action() + "`")));
    }
    blocks.add(
        Map.of(
            "type",
            "context",
            "elements",
            List.of(
                Map.of(
                    "type",
                    "mrkdwn",
                    "text",
                    n.severity() + " · " + n.eventType() + " · event " + n.eventId()))));
    return Map.of("text", "[" + n.severity() + "] " + n.title(), "blocks", blocks);
  }

  private static String truncate(String s, int max) {
    return s == null ? "" : s.length() <= max ? s : s.substring(0, max - 1) + "…";
  }
}
