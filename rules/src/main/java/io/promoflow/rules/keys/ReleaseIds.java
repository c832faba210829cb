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
 *       rollback:<stage>} ({@link #rollbackId}).
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
    KeyFormat.fixed("ReleaseIds", "releaseId", releaseId);
    KeyFormat.fixed("ReleaseIds", "stage", stage);
    KeyFormat.fixed("ReleaseIds", "application", application);
    return UUID.nameUUIDFromBytes(
            ("release:" + KeyFormat.join(releaseId, stage, application))
                .getBytes(StandardCharsets.UTF_8))
        .toString();
  }

  /** The promotion id of the release rollback of {@code application} in {@code stage}. */
  public static String rollbackId(String releaseId, String stage, String application) {
    return promotionId(releaseId, "rollback:" + stage, application);
  }
}
