package io.promoflow.notification.adapters;

import io.promoflow.notification.NotificationProperties;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.stereotype.Component;

/**
 * The channel behind each routed name: Slack through the Web API with Approve / Reject buttons when
 * {@code promoflow.notifications.slack.bot-token} is set, else its incoming webhook when {@code
 * promoflow.notifications.slack.webhook-url} is, e-mail when {@code spring.mail.host} is, the
 * webhook when {@code promoflow.notifications.webhook.url} is; otherwise the log stands in for it.
 */
@Component
public class Channels {

  private final Map<String, NotificationChannel> byName;

  /**
   * @param consoleUrl {@code promoflow.console.url}: approval e-mails link to its approval page
   *     when set
   */
  public Channels(
      NotificationProperties properties,
      ObjectProvider<JavaMailSender> mail,
      SlackWebApi slackWebApi,
      @Value("${promoflow.console.url:}") String consoleUrl) {
    JavaMailSender sender = mail.getIfAvailable();
    this.byName =
        Map.of(
            "slack",
                properties.slack().webApi()
                    ? new SlackApiChannel(slackWebApi, properties.slack().channel())
                    : properties.slack().configured()
                        ? new SlackChannel(
                            properties.slack().webhookUrl(), properties.slack().timeout())
                        : new LogChannel("slack"),
            "email",
                sender != null
                    ? new EmailChannel(sender, properties.email().from(), consoleUrl)
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
