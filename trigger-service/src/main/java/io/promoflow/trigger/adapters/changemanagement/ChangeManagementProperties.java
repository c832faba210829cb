package io.promoflow.trigger.adapters.changemanagement;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where change requests are verified ({@code promoflow.change-management.*}).
 *
 * @param url base URL; a request's id is checked with {@code GET <url>/<id>}; empty: ids are not
 *     verified (only required where the policy says so)
 * @param token bearer token sent to it; empty: none. Never logged.
 * @param timeout time limit of the call, connect and answer
 */
@ConfigurationProperties("promoflow.change-management")
public record ChangeManagementProperties(
    String url, String token, @DefaultValue("5s") Duration timeout) {

  public ChangeManagementProperties {
    timeout = timeout == null ? Duration.ofSeconds(5) : timeout;
  }

  /** True when a change management system is configured. */
  public boolean configured() {
    return url != null && !url.isBlank();
  }

  @Override
  public String toString() {
    return "ChangeManagementProperties[url=" + url + ", timeout=" + timeout + "]";
  }
}
