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
 * @param slack Slack: incoming webhook, or the Web API with Approve / Reject buttons
 * @param email recipients, sender and role addresses; the SMTP server is {@code
 *     spring.mail.host}/{@code spring.mail.port}
 * @param webhook generic JSON webhook for other tools, signed with HMAC-SHA256
 * @param cli how the CLI is invoked, shown in actionable messages
 * @param approvals where decisions taken in Slack are recorded (approval-service)
 */
@ConfigurationProperties("promoflow.notifications")
public record NotificationProperties(
    @DefaultValue Slack slack,
    @DefaultValue Email email,
    @DefaultValue Webhook webhook,
    @DefaultValue("./promoflow") String cli,
    @DefaultValue Approvals approvals) {

  public NotificationProperties {
    if (slack.webApi() && approvals.delegationToken() == null) {
      throw new IllegalArgumentException(
          "promoflow.notifications.approvals.delegation-token is required with a Slack bot token: a "
              + "decision taken in Slack is recorded by approval-service on behalf of the person, with "
              + "the credential set there as promoflow.approvals.delegation.token");
    }
  }

  /**
   * Slack: an incoming webhook by default; with a bot token and a signing secret the Web API
   * ({@code chat.postMessage} through the official SDK), whose approval requests carry Approve /
   * Reject buttons answered at {@code POST /api/v1/slack/interactions} (README "Slack approvals").
   *
   * @param webhookUrl incoming-webhook URL (a secret: never logged); not used with a bot token
   * @param timeout connect and read timeout of one call
   * @param botToken bot token ({@code xoxb-…}, scope {@code chat:write}; a secret: never logged)
   * @param signingSecret the Slack app's signing secret, which verifies every interaction (a
   *     secret: never logged); required with a bot token, and the other way round
   * @param channel the channel id messages are posted to ({@code chat.postMessage}); required with
   *     a bot token
   * @param apiUrl the Web API's base URL, {@code https://slack.com/api/} (a local stand-in in
   *     tests)
   */
  public record Slack(
      String webhookUrl,
      @DefaultValue("10s") Duration timeout,
      String botToken,
      String signingSecret,
      String channel,
      @DefaultValue("https://slack.com/api/") String apiUrl) {

    public Slack {
      botToken = blankToNull(botToken);
      signingSecret = blankToNull(signingSecret);
      if ((botToken == null) != (signingSecret == null)) {
        throw new IllegalArgumentException(
            "promoflow.notifications.slack."
                + (botToken == null ? "bot-token" : "signing-secret")
                + " is empty but promoflow.notifications.slack."
                + (botToken == null ? "signing-secret" : "bot-token")
                + " is set: approvals from Slack need both (the bot posts, the secret verifies each click); "
                + "set both or neither");
      }
      if (botToken != null && blankToNull(channel) == null) {
        throw new IllegalArgumentException(
            "promoflow.notifications.slack.channel is required with a bot token (the channel id "
                + "chat.postMessage posts to, e.g. C0123456789)");
      }
      apiUrl = apiUrl == null || apiUrl.isBlank() ? "https://slack.com/api/" : apiUrl;
      apiUrl = apiUrl.endsWith("/") ? apiUrl : apiUrl + "/";
    }

    /** True when an incoming webhook is set. */
    public boolean configured() {
      return webhookUrl != null && !webhookUrl.isBlank();
    }

    /** True when messages go through the Web API with Approve / Reject buttons. */
    public boolean webApi() {
      return botToken != null;
    }

    @Override
    public String toString() {
      return "Slack[configured="
          + configured()
          + ", webApi="
          + webApi()
          + ", channel="
          + channel
          + ", apiUrl="
          + apiUrl
          + ", timeout="
          + timeout
          + "]";
    }
  }

  /**
   * How a decision taken in Slack reaches approval-service, which applies it with its own rules.
   *
   * @param url approval-service's base URL
   * @param delegationToken the credential approval-service accepts for decisions on behalf of a
   *     person ({@code promoflow.approvals.delegation.token} there; a secret: never logged);
   *     required with a Slack bot token
   * @param timeout connect and read timeout of one call
   */
  public record Approvals(
      @DefaultValue("http://localhost:8084") String url,
      String delegationToken,
      @DefaultValue("5s") Duration timeout) {

    public Approvals {
      delegationToken = blankToNull(delegationToken);
    }

    @Override
    public String toString() {
      return "Approvals[url="
          + url
          + ", delegationToken="
          + (delegationToken == null ? "unset" : "set")
          + ", timeout="
          + timeout
          + "]";
    }
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
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
