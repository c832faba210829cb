package io.promoflow.rules.keys;

import java.util.List;

/**
 * Key of one promotion of an application: {@code <application>|<promotionId>}, so that a prefix
 * scan with {@link #prefix(String)} finds every promotion of one application. Used by
 * gate-service's requests waiting for their facts and promotion-service's held inputs. Neither
 * component may contain {@code |} ({@link KeyFormat}): an application {@code a} must never
 * prefix-match the keys of an application {@code a|b}.
 */
public record ApplicationPromotion(String application, String promotionId) {

  private static final String SHAPE = "<application>|<promotionId>";

  public ApplicationPromotion {
    KeyFormat.fixed("ApplicationPromotion", "application", application);
    KeyFormat.fixed("ApplicationPromotion", "promotionId", promotionId);
  }

  /** The key of {@code promotionId} of {@code application}. */
  public static ApplicationPromotion of(String application, String promotionId) {
    return new ApplicationPromotion(application, promotionId);
  }

  /**
   * The prefix every key of {@code application} starts with (and no other application's): {@code
   * <application>|}.
   */
  public static String prefix(String application) {
    return KeyFormat.fixed("ApplicationPromotion", "application", application)
        + KeyFormat.SEPARATOR;
  }

  /**
   * Reads a key written by {@link #value()}; a malformed one throws {@link MalformedKeyException}.
   */
  public static ApplicationPromotion parse(String key) {
    List<String> p = KeyFormat.split("ApplicationPromotion", SHAPE, key, 2, -1);
    return new ApplicationPromotion(p.get(0), p.get(1));
  }

  /** {@code <application>|<promotionId>}. */
  public String value() {
    return KeyFormat.join(application, promotionId);
  }

  @Override
  public String toString() {
    return value();
  }
}
