package io.promoflow.rules.keys;

import java.util.List;

/**
 * Key of what one application has in one stage: {@code <application>|<stage>}. Used by
 * rollback-service's monitoring windows ({@code monitoring-windows}) and trigger-service's soaking
 * promotions. Neither component may contain {@code |} ({@link KeyFormat}).
 */
public record ApplicationStage(String application, String stage) {

  private static final String SHAPE = "<application>|<stage>";

  public ApplicationStage {
    KeyFormat.fixed("ApplicationStage", "application", application);
    KeyFormat.fixed("ApplicationStage", "stage", stage);
  }

  /** The key of {@code application} in {@code stage}. */
  public static ApplicationStage of(String application, String stage) {
    return new ApplicationStage(application, stage);
  }

  /**
   * Reads a key written by {@link #value()}; a malformed one throws {@link MalformedKeyException}.
   */
  public static ApplicationStage parse(String key) {
    List<String> p = KeyFormat.split("ApplicationStage", SHAPE, key, 2, -1);
    return new ApplicationStage(p.get(0), p.get(1));
  }

  /** {@code <application>|<stage>}. */
  public String value() {
    return KeyFormat.join(application, stage);
  }

  @Override
  public String toString() {
    return value();
  }
}
