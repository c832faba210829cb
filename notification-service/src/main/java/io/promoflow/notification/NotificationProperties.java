package io.promoflow.notification;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Channels of the notification service. A channel without its setting is not used; routes to it are logged instead.
 *
 * @param slack Slack incoming webhook
 * @param email recipients and sender; the SMTP server is {@code spring.mail.host}/{@code spring.mail.port}
 * @param cli how the CLI is invoked, shown in actionable messages
 */
@ConfigurationProperties("promoflow.notifications")
public record NotificationProperties(@DefaultValue Slack slack, @DefaultValue Email email,
    @DefaultValue("./promoflow") String cli) {

  /** @param webhookUrl incoming-webhook URL (a secret: never logged) */
  public record Slack(String webhookUrl) {

    public boolean configured() {
      return webhookUrl != null && !webhookUrl.isBlank();
    }

    @Override
    public String toString() {
      return "Slack[configured=" + configured() + "]";
    }
  }

  /** @param to recipients of routed e-mail */
  public record Email(@DefaultValue("promoflow@localhost") String from, List<String> to) {

    public Email {
      to = to == null ? List.of() : to.stream().filter(s -> !s.isBlank()).toList();
    }
  }
}
