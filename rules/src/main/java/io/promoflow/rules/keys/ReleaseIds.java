package io.promoflow.rules.keys;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * The ids of platform releases (GitHub issue 18 point 1), one home: derived from names, so that the
 * same release version, and a replay of the coordinator, always yield the same ids.
 *
 * <ul>
 *   <li>release id: {@code rel-} + the name-UUID (RFC 4122 version 3) of the release version;
 *   <li>a component promotion of a release into a stage: the name-UUID of {@code
 *       release:<releaseId>|<stage>|<application>}; a release rollback uses the stage {@code
 *       rollback:<stage>} ({@link #rollbackId}). A release promotion retried into the same stage
 *       (attempt n ≥ 2: the n-th promotion of the release into that stage) adds {@code |<n>}, so
 *       the retry's component promotions are new promotions for promotion-service, not repeats of
 *       the failed ones; attempt 1 keeps the formula without it.
 * </ul>
 */
public final class ReleaseIds {

  /** Prefix of every release id. */
  public static final String PREFIX = "rel-";

  private ReleaseIds() {}

  /** The id of the release {@code version}. */
  public static String of(String version) {
    KeyFormat.free("ReleaseIds", "version", version);
    return PREFIX + UUID.nameUUIDFromBytes(version.getBytes(StandardCharsets.UTF_8));
  }

  /** Whether {@code id} has the shape of a release id ({@code rel-<UUID>}). */
  public static boolean valid(String id) {
    if (id == null || !id.startsWith(PREFIX)) {
      return false;
    }
    try {
      return UUID.fromString(id.substring(PREFIX.length()))
          .toString()
          .equals(id.substring(PREFIX.length()));
    } catch (IllegalArgumentException notUuid) {
      return false;
    }
  }

  /** The promotion id of {@code application}'s promotion into {@code stage} under the release. */
  public static String promotionId(String releaseId, String stage, String application) {
    return promotionId(releaseId, stage, application, 1);
  }

  /**
   * The promotion id of {@code application}'s promotion into {@code stage} under the release's
   * {@code attempt}-th promotion into that stage (1 for the first; a retry after a failure counts
   * on).
   *
   * @throws IllegalArgumentException if {@code attempt} is less than 1
   */
  public static String promotionId(
      String releaseId, String stage, String application, int attempt) {
    KeyFormat.fixed("ReleaseIds", "releaseId", releaseId);
    KeyFormat.fixed("ReleaseIds", "stage", stage);
    KeyFormat.fixed("ReleaseIds", "application", application);
    if (attempt < 1) {
      throw new IllegalArgumentException("ReleaseIds: attempt must be 1 or more, got " + attempt);
    }
    String name =
        attempt == 1
            ? KeyFormat.join(releaseId, stage, application)
            : KeyFormat.join(releaseId, stage, application, Integer.toString(attempt));
    return UUID.nameUUIDFromBytes(("release:" + name).getBytes(StandardCharsets.UTF_8)).toString();
  }

  /** The promotion id of the release rollback of {@code application} in {@code stage}. */
  public static String rollbackId(String releaseId, String stage, String application) {
    return rollbackId(releaseId, stage, application, 1);
  }

  /**
   * The promotion id of the release rollback of {@code application} in {@code stage} after the
   * release's {@code attempt}-th promotion into that stage failed.
   */
  public static String rollbackId(String releaseId, String stage, String application, int attempt) {
    return promotionId(releaseId, "rollback:" + stage, application, attempt);
  }
}
