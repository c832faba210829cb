package io.promoflow.notification;

import java.util.Locale;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Who a Slack user is in Promoflow: {@code
 * promoflow.security.slack-users.<slackUserId>=<principal>} (e.g. {@code
 * promoflow.security.slack-users.U024BE7LH=release-manager}). A click of an unmapped user is
 * refused in Slack; the principal's roles and e-mail are approval-service's to resolve.
 *
 * @param slackUsers Slack user id → Promoflow principal
 */
@ConfigurationProperties("promoflow.security")
public record SlackUserProperties(Map<String, String> slackUsers) {

  public SlackUserProperties {
    // Slack ids are upper case; an environment variable's key arrives lower-cased
    Map<String, String> byId = new java.util.HashMap<>();
    if (slackUsers != null) {
      slackUsers.forEach(
          (id, principal) -> byId.put(id.strip().toUpperCase(Locale.ROOT), principal));
    }
    slackUsers = Map.copyOf(byId);
  }

  /** The principal of {@code slackUserId}, or null when it is not mapped. */
  public String principalOf(String slackUserId) {
    String principal =
        slackUserId == null ? null : slackUsers.get(slackUserId.toUpperCase(Locale.ROOT));
    return principal == null || principal.isBlank() ? null : principal.strip();
  }
}
