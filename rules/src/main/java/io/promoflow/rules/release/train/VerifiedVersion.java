package io.promoflow.rules.release.train;

import java.util.Comparator;
import java.util.Map;
import java.util.TreeMap;

/**
 * One version of an application verified in a train's source stage, as the coordinator's platform
 * view records it: the input of {@link TrainCollection}.
 *
 * @param version the application version
 * @param digest its digest as recorded at build time (immutable)
 * @param verifiedAt when its verification in the source stage passed (epoch ms, the {@code
 *     VerificationPassed} event's time)
 * @param requires application → SemVer range, from the build's {@code dependencies-json} evidence;
 *     null: none
 */
public record VerifiedVersion(
    String version, String digest, long verifiedAt, Map<String, String> requires) {

  /**
   * The total order {@link TrainCollection} takes the newest by: {@code verifiedAt}, then the
   * version string, then the digest (plain string order, not SemVer: two verifications at the same
   * millisecond are rare and only need a tie-break that does not depend on arrival order).
   */
  public static final Comparator<VerifiedVersion> NEWEST_LAST =
      Comparator.comparingLong(VerifiedVersion::verifiedAt)
          .thenComparing(VerifiedVersion::version)
          .thenComparing(VerifiedVersion::digest);

  /**
   * @throws IllegalArgumentException if the version or digest is missing: a version without its
   *     recorded digest cannot be released (fail closed)
   */
  public VerifiedVersion {
    if (version == null || version.isBlank()) {
      throw new IllegalArgumentException("version: required");
    }
    if (digest == null || digest.isBlank()) {
      throw new IllegalArgumentException("digest: required (version " + version + ")");
    }
    requires =
        requires == null
            ? Map.of()
            : java.util.Collections.unmodifiableMap(new TreeMap<>(requires));
  }
}
