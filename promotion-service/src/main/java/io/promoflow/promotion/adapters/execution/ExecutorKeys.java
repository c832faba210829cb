package io.promoflow.promotion.adapters.execution;

import io.promoflow.rules.policy.ExecutorPolicy;
import io.promoflow.rules.policy.PipelinePolicy;
import io.promoflow.rules.policy.TransitionPolicy;
import java.util.ArrayList;
import java.util.List;

/**
 * The executors' signing keys, fail closed (GitHub issue 12, "Authority"): an executor whose {@code
 * signingKey} names a key that {@code promoflow.executors.keys} does not hold (or holds empty)
 * stops promotion-service at start, naming the key; it is never called unsigned instead.
 */
public final class ExecutorKeys {

  private ExecutorKeys() {}

  /**
   * Checks every transition's executor against the configured keys.
   *
   * @throws IllegalStateException naming each missing key and the transition that needs it
   */
  public static void check(PipelinePolicy policy, ExecutorProperties properties) {
    List<String> missing = new ArrayList<>();
    for (TransitionPolicy t : policy.transitions()) {
      String name = t.executor().signingKey();
      if (name != null && !present(properties, name)) {
        missing.add(
            "transitions["
                + t.key()
                + "].executor.signingKey names key '"
                + name
                + "', but promoflow.executors.keys."
                + name
                + " (env PROMOFLOW_EXECUTORS_KEYS_"
                + name.toUpperCase().replace('-', '_')
                + ") is not configured");
      }
    }
    if (!missing.isEmpty()) {
      throw new IllegalStateException(
          "executor signing keys missing: " + String.join("; ", missing));
    }
  }

  /**
   * The HMAC key of {@code executor}: null when the policy names none (unsigned).
   *
   * @throws IllegalStateException when the policy names a key that is not configured
   */
  public static String keyFor(ExecutorPolicy executor, ExecutorProperties properties) {
    String name = executor.signingKey();
    if (name == null) {
      return null;
    }
    if (!present(properties, name)) {
      throw new IllegalStateException(
          "executor signing key '"
              + name
              + "' (promoflow.executors.keys."
              + name
              + ") is not configured: the promotion is not sent unsigned");
    }
    return properties.keys().get(name);
  }

  private static boolean present(ExecutorProperties properties, String name) {
    String key = properties.keys().get(name);
    return key != null && !key.isBlank();
  }
}
