package io.promoflow.notification;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Channels of the notification service. A channel without its setting is not called; routes to it
 * are written to the log instead (the local stack). Retries and circuit breakers per channel are
 * {@code resilience4j.retry.instances.*} and {@code resilience4j.circuitbreaker.instances.*}
 * (slack, email, webhook).
 *
 * @param slack Slack incoming webhook
 * @param email recipients, sender and role addresses; the SMTP server is {@code
 *     spring.mail.host}/{@code spring.mail.port}
 * @param webhook generic JSON webhook for other tools, signed with HMAC-SHA256
 * @param cli how the CLI is invoked, shown in actionable messages
 */
@ConfigurationProperties("promoflow.notifications")
public record NotificationProperties(
    @DefaultValue Slack slack,
    @DefaultValue Email email,
    @DefaultValue Webhook webhook,
    @DefaultValue("./promoflow") String cli) {

  /**
   * @param webhookUrl incoming-webhook URL (a secret: never logged)
   * @param timeout connect and read timeout of one call
   */
  public record Slack(String webhookUrl, @DefaultValue("10s") Duration timeout) {

    public boolean configured() {
      return webhookUrl != null && !webhookUrl.isBlank();
    }

    @Override
    public String toString() {
      return "Slack[configured=" + configured() + ", timeout=" + timeout + "]";
    }
  }

  /**
   * @param from sender address
   * @param to recipients of routes that name none
   * @param roles addresses of the people holding each role, for routes with {@code approvers: true}
   */
  public record Email(
      @DefaultValue("promoflow@localhost") String from,
      List<String> to,
      Map<String, List<String>> roles) {

    public Email {
      to = to == null ? List.of() : to.stream().filter(s -> !s.isBlank()).toList();
      roles = roles == null ? Map.of() : Map.copyOf(roles);
    }
  }

  /**
   * @param url where JSON notifications are POSTed; empty: no webhook
   * @param secret HMAC-SHA256 key of the {@code X-Promoflow-Signature-256} header (a secret: never
   *     logged)
   * @param timeout connect and read timeout of one call
   */
  public record Webhook(String url, String secret, @DefaultValue("10s") Duration timeout) {

    public boolean configured() {
      return url != null && !url.isBlank();
    }

    @Override
    public String toString() {
      return "Webhook[configured=" + configured() + "]";
    }
  }
}
