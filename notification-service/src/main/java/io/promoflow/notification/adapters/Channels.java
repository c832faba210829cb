package io.promoflow.notification.adapters;

import io.promoflow.notification.NotificationProperties;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.stereotype.Component;

/**
 * The channel behind each routed name: Slack when {@code promoflow.notifications.slack.webhook-url}
 * is set, e-mail when {@code spring.mail.host} is, the webhook when {@code
 * promoflow.notifications.webhook.url} is; otherwise the log stands in for it.
 */
@Component
public class Channels {

  private final Map<String, NotificationChannel> byName;

  public Channels(NotificationProperties properties, ObjectProvider<JavaMailSender> mail) {
    JavaMailSender sender = mail.getIfAvailable();
    this.byName =
        Map.of(
            "slack",
                properties.slack().configured()
                    ? new SlackChannel(
                        properties.slack().webhookUrl(), properties.slack().timeout())
                    : new LogChannel("slack"),
            "email",
                sender != null
                    ? new EmailChannel(sender, properties.email().from())
                    : new LogChannel("email"),
            "webhook",
                properties.webhook().configured()
                    ? new WebhookChannel(
                        properties.webhook().url(),
                        properties.webhook().secret(),
                        properties.webhook().timeout())
                    : new LogChannel("webhook"),
            "log", new LogChannel("log"));
  }

  /** The channel for a routed name. */
  public NotificationChannel get(String routedName) {
    return byName.get(routedName);
  }
}
