package io.promoflow.rules.keys;

import java.util.List;

/**
 * Key of one version of an application in one stage: {@code <application>|<stage>|<version>}. Used
 * by rollback-service for signals held until their monitoring window opens and for the Prometheus
 * poll times. No component may contain {@code |} ({@link KeyFormat}).
 */
public record ApplicationStageVersion(String application, String stage, String version) {

  private static final String SHAPE = "<application>|<stage>|<version>";

  public ApplicationStageVersion {
    KeyFormat.fixed("ApplicationStageVersion", "application", application);
    KeyFormat.fixed("ApplicationStageVersion", "stage", stage);
    KeyFormat.fixed("ApplicationStageVersion", "version", version);
  }

  /** The key of {@code application} {@code version} in {@code stage}. */
  public static ApplicationStageVersion of(String application, String stage, String version) {
    return new ApplicationStageVersion(application, stage, version);
  }

  /**
   * Reads a key written by {@link #value()}; a malformed one throws {@link MalformedKeyException}.
   */
  public static ApplicationStageVersion parse(String key) {
    List<String> p = KeyFormat.split("ApplicationStageVersion", SHAPE, key, 3, -1);
    return new ApplicationStageVersion(p.get(0), p.get(1), p.get(2));
  }

  /** {@code <application>|<stage>|<version>}. */
  public String value() {
    return KeyFormat.join(application, stage, version);
  }

  @Override
  public String toString() {
    return value();
  }
}
