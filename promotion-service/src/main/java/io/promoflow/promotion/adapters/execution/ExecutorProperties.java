package io.promoflow.promotion.adapters.execution;

import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Secrets of the executors, kept out of the pipeline policy: the policy names a key ({@code
 * executor.signingKey}), configuration holds it ({@code promoflow.executors.keys.<name>}, e.g. env
 * {@code PROMOFLOW_EXECUTORS_KEYS_DEPLOY}).
 *
 * @param keys HMAC keys by name (secrets: never logged)
 */
@ConfigurationProperties("promoflow.executors")
public record ExecutorProperties(Map<String, String> keys) {

  public ExecutorProperties {
    keys = keys == null ? Map.of() : Map.copyOf(keys);
  }

  @Override
  public String toString() {
    return "ExecutorProperties[keys=" + keys.keySet() + "]";
  }
}
