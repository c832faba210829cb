package io.promoflow.rules.release.train;

import java.util.Map;

/**
 * A component a train collected: the newest version of {@code application} verified in the source
 * stage before the cutoff (maps onto the Avro {@code ReleaseComponent}; {@code verifiedAt} is kept
 * for the report).
 *
 * @param application the application
 * @param version its collected version
 * @param digest the version's recorded digest
 * @param verifiedAt when it was verified in the source stage (epoch ms)
 * @param requires application → SemVer range from the build's {@code dependencies-json} evidence
 */
public record TrainComponent(
    String application,
    String version,
    String digest,
    long verifiedAt,
    Map<String, String> requires) {

  public TrainComponent {
    requires = requires == null ? Map.of() : requires;
  }

  static TrainComponent of(String application, VerifiedVersion v) {
    return new TrainComponent(application, v.version(), v.digest(), v.verifiedAt(), v.requires());
  }
}
