package io.promoflow.rules.keys;

/**
 * Key of one hash chain on {@code promoflow.audit.v1} (the Kafka record key there, and the key of
 * promotion-service's {@code audit-chains} store): the application name for an application's chain,
 * {@code policy:<name>} for the activations of a pipeline policy, {@code release:<releaseId>} for
 * the events of a platform release ({@code promoflow.releases.v1}, RELEASES.md point 6).
 * Unambiguous because an application name never contains {@code :} (trigger-service accepts {@code
 * [a-z0-9][a-z0-9._-]{0,99}}): an application named with a colon is refused with {@link
 * MalformedKeyException}, so it can never write into a policy's or a release's chain. A release id
 * ({@code rel-<UUID>}) with {@code :} or {@code |} is refused likewise, so no record can name a
 * release id that reads as another chain or another composite key.
 *
 * @param kind whose chain it is
 * @param name the application name, the policy name or the release id
 */
public record AuditChainKey(Kind kind, String name) {

  /** Whose events a chain holds. */
  public enum Kind {
    APPLICATION,
    POLICY,
    RELEASE
  }

  /** Prefix of the chain key of a pipeline policy's activations. */
  public static final String POLICY_PREFIX = "policy:";

  /** Prefix of the chain key of a platform release's events. */
  public static final String RELEASE_PREFIX = "release:";

  public AuditChainKey {
    if (kind == null) {
      throw new MalformedKeyException("AuditChainKey.kind is required (was null)");
    }
    switch (kind) {
      case APPLICATION -> {
        KeyFormat.free("AuditChainKey", "application", name);
        if (name.indexOf(':') >= 0) {
          throw new MalformedKeyException(
              "AuditChainKey.application must not contain ':' (was \"" + name + "\")");
        }
      }
      case POLICY -> KeyFormat.free("AuditChainKey", "policy", name);
      case RELEASE -> {
        KeyFormat.fixed("AuditChainKey", "release", name);
        if (name.indexOf(':') >= 0) {
          throw new MalformedKeyException(
              "AuditChainKey.release must not contain ':' (was \"" + name + "\")");
        }
      }
    }
  }

  /** The chain of {@code application}. */
  public static AuditChainKey application(String application) {
    return new AuditChainKey(Kind.APPLICATION, application);
  }

  /** The chain of the activations of the pipeline policy {@code name}. */
  public static AuditChainKey policy(String name) {
    return new AuditChainKey(Kind.POLICY, name);
  }

  /** The chain of the events of the platform release {@code releaseId}. */
  public static AuditChainKey release(String releaseId) {
    return new AuditChainKey(Kind.RELEASE, releaseId);
  }

  /**
   * Reads a key written by {@link #value()}; a malformed one throws {@link MalformedKeyException}.
   */
  public static AuditChainKey parse(String key) {
    if (key == null) {
      throw new MalformedKeyException(
          "malformed AuditChainKey key: null, expected <application>, policy:<name> or"
              + " release:<releaseId>");
    }
    if (key.startsWith(POLICY_PREFIX)) {
      return policy(key.substring(POLICY_PREFIX.length()));
    }
    if (key.startsWith(RELEASE_PREFIX)) {
      return release(key.substring(RELEASE_PREFIX.length()));
    }
    return application(key);
  }

  /** The application name, {@code policy:<name>} or {@code release:<releaseId>}. */
  public String value() {
    return switch (kind) {
      case APPLICATION -> name;
      case POLICY -> POLICY_PREFIX + name;
      case RELEASE -> RELEASE_PREFIX + name;
    };
  }

  @Override
  public String toString() {
    return value();
  }
}
