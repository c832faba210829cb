package io.promoflow.notification.channel;

import io.promoflow.notification.NotificationProperties;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.stereotype.Component;

/**
 * The channel behind each routed name: Slack when {@code promoflow.notifications.slack.webhook-url} is set, e-mail
 * when {@code spring.mail.host} and {@code promoflow.notifications.email.to} are; otherwise the log.
 */
@Component
public class Channels {

  private final Map<String, NotificationChannel> byName;

  public Channels(NotificationProperties properties, ObjectProvider<JavaMailSender> mail) {
    JavaMailSender sender = mail.getIfAvailable();
    NotificationChannel slack = properties.slack().configured()
        ? new SlackChannel(properties.slack().webhookUrl()) : new LogChannel("slack");
    NotificationChannel email = sender != null && !properties.email().to().isEmpty()
        ? new EmailChannel(sender, properties.email().from(), properties.email().to()) : new LogChannel("email");
    this.byName = Map.of("slack", slack, "email", email, "log", new LogChannel("log"));
  }

  /** The channel for a routed name. */
  public NotificationChannel get(String routedName) {
    return byName.get(routedName);
  }
}
