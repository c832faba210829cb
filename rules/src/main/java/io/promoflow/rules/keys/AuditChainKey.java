package io.promoflow.rules.keys;

/**
 * Key of one hash chain on {@code promoflow.audit.v1} (the Kafka record key there, and the key of
 * promotion-service's {@code audit-chains} store): the application name for an application's chain,
 * {@code policy:<name>} for the activations of a pipeline policy. Unambiguous because an
 * application name never contains {@code :} (trigger-service accepts {@code
 * [a-z0-9][a-z0-9._-]{0,99}}): an application named with a colon is refused with {@link
 * MalformedKeyException}, so it can never write into a policy's chain.
 *
 * @param policy true for a pipeline policy's chain
 * @param name the application or policy name
 */
public record AuditChainKey(boolean policy, String name) {

  /** Prefix of the chain key of a pipeline policy's activations. */
  public static final String POLICY_PREFIX = "policy:";

  public AuditChainKey {
    KeyFormat.free("AuditChainKey", policy ? "policy" : "application", name);
    if (!policy && name.indexOf(':') >= 0) {
      throw new MalformedKeyException(
          "AuditChainKey.application must not contain ':' (was \"" + name + "\")");
    }
  }

  /** The chain of {@code application}. */
  public static AuditChainKey application(String application) {
    return new AuditChainKey(false, application);
  }

  /** The chain of the activations of the pipeline policy {@code name}. */
  public static AuditChainKey policy(String name) {
    return new AuditChainKey(true, name);
  }

  /**
   * Reads a key written by {@link #value()}; a malformed one throws {@link MalformedKeyException}.
   */
  public static AuditChainKey parse(String key) {
    if (key == null) {
      throw new MalformedKeyException(
          "malformed AuditChainKey key: null, expected <application> or policy:<name>");
    }
    return key.startsWith(POLICY_PREFIX)
        ? policy(key.substring(POLICY_PREFIX.length()))
        : application(key);
  }

  /** The application name, or {@code policy:<name>}. */
  public String value() {
    return policy ? POLICY_PREFIX + name : name;
  }

  @Override
  public String toString() {
    return value();
  }
}
