package io.promoflow.trigger;

import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Trigger-service settings (evidence limits: {@link EvidenceLimits}).
 *
 * @param evidenceDir where raw evidence documents are kept, content-addressed
 * @param github GitHub webhook settings
 */
@ConfigurationProperties("promoflow.trigger")
public record TriggerProperties(
    @DefaultValue(".promoflow/evidence") String evidenceDir, @DefaultValue Github github) {

  /**
   * @param webhookSecret shared secret of the webhook's HMAC-SHA256 signature; empty refuses every
   *     delivery
   * @param applications repository full name (owner/name) to application name; unmapped
   *     repositories use their name
   */
  public record Github(String webhookSecret, Map<String, String> applications) {

    public Github {
      applications = applications == null ? Map.of() : Map.copyOf(applications);
    }

    @Override
    public String toString() {
      return "Github[applications=" + applications + "]";
    }
  }
}
