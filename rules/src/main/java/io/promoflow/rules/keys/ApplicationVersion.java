package io.promoflow.rules.keys;

import java.util.List;

/**
 * Key of a recorded build: {@code <application>|<version>}. Used by the {@code builds} stores of
 * trigger-, gate- and promotion-service (and trigger-service's {@code github-deliveries} values),
 * and by {@code promoflow audit}. Neither component may contain {@code |} ({@link KeyFormat}).
 */
public record ApplicationVersion(String application, String version) {

  private static final String SHAPE = "<application>|<version>";

  public ApplicationVersion {
    KeyFormat.fixed("ApplicationVersion", "application", application);
    KeyFormat.fixed("ApplicationVersion", "version", version);
  }

  /** The key of {@code application} {@code version}. */
  public static ApplicationVersion of(String application, String version) {
    return new ApplicationVersion(application, version);
  }

  /**
   * True when {@code application} and {@code version} make a key: both present, neither containing
   * {@code |}.
   */
  public static boolean valid(String application, String version) {
    return application != null
        && version != null
        && application.indexOf(KeyFormat.SEPARATOR) < 0
        && version.indexOf(KeyFormat.SEPARATOR) < 0;
  }

  /**
   * Reads a key written by {@link #value()}; a malformed one throws {@link MalformedKeyException}.
   */
  public static ApplicationVersion parse(String key) {
    List<String> p = KeyFormat.split("ApplicationVersion", SHAPE, key, 2, -1);
    return new ApplicationVersion(p.get(0), p.get(1));
  }

  /** {@code <application>|<version>}. */
  public String value() {
    return KeyFormat.join(application, version);
  }

  @Override
  public String toString() {
    return value();
  }
}
