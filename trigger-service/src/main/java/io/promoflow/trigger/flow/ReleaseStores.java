package io.promoflow.trigger.flow;

import io.promoflow.rules.release.ApplicationStages;
import io.promoflow.rules.release.ReleaseState;

/**
 * Names of the release coordinator's state stores ({@link ReleaseTopology}), read by the release
 * routes through {@code StoreQueries} from any instance.
 */
public final class ReleaseStores {

  /** Every release: {@link ReleaseState} by release id. */
  public static final String RELEASES = "releases";

  /** The platform stage view: {@link ApplicationStages} by application. */
  public static final String PLATFORM_STAGES = "platform-stages";

  /**
   * The coordinator's indexes: {@code promotion:<promotionId>} → release id of a component
   * promotion; {@code waiting:<releaseId>} → release id while a promotion waits for facts; {@code
   * train:<releaseId>} → release id while a train has phases to enter.
   */
  public static final String INDEX = "release-index";

  private ReleaseStores() {}
}
