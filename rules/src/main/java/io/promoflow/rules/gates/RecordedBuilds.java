package io.promoflow.rules.gates;

import io.promoflow.schemas.builds.BuildCompleted;
import io.promoflow.schemas.builds.BuildsEnvelope;
import io.promoflow.schemas.builds.EvidenceSubmitted;
import io.promoflow.schemas.common.ArtifactRef;

/**
 * Folds the builds topic into the recorded build of each version (key {@link BuildFacts#key}):
 * gate-service keeps it in a store, {@code promoflow audit replay} in a map; both call this.
 */
public final class RecordedBuilds {

  private RecordedBuilds() {}

  /**
   * The recorded build of the envelope's version after {@code envelope}. The first {@code
   * BuildCompleted} wins (a rebuild under the same version is not recorded, so the eligibility
   * rules refuse its digest); {@code EvidenceSubmitted} adds evidence only to a recorded build of
   * the same digest.
   *
   * @param known the recorded build before, or null when none
   * @return {@code known} itself when the envelope changes nothing, so callers write only on change
   */
  public static BuildFacts apply(BuildFacts known, BuildsEnvelope envelope) {
    ArtifactRef a = envelope.getMeta().getArtifact();
    if (envelope.getPayload() instanceof BuildCompleted build && known == null) {
      return new BuildFacts(
              a.getDigest(),
              build.getSourceCommit(),
              build.getPipelineRunId(),
              build.getBuildFinishedAt().toEpochMilli())
          .withUri(build.getUri())
          .withEvidence(build.getEvidence());
    }
    if (envelope.getPayload() instanceof EvidenceSubmitted more
        && known != null
        && known.digest().equals(a.getDigest())) {
      return known.withEvidence(more.getEvidence());
    }
    return known;
  }
}
