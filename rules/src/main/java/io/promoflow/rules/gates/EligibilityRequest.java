package io.promoflow.rules.gates;

import io.promoflow.rules.stage.StageLedger;
import io.promoflow.schemas.common.ArtifactRef;
import io.promoflow.schemas.requests.PromotionType;

/**
 * Everything the eligibility rules look at for one promotion request.
 *
 * @param sourceStage null for a new build and for rollbacks
 * @param build the recorded build, or null when CI never recorded this version
 * @param ledger what runs where for the application
 * @param now epoch ms
 * @param releaseType the type of the platform release the promotion belongs to ({@code
 *     PromotionRequested.release.type}, one of {@link io.promoflow.rules.policy.ReleaseType} when
 *     well formed), or null when it belongs to none; it picks the gate profile ({@link
 *     QualityGates#forRequest(io.promoflow.rules.policy.PipelinePolicy, PromotionType, String,
 *     String, String)})
 */
public record EligibilityRequest(
    ArtifactRef artifact,
    PromotionType type,
    String sourceStage,
    String targetStage,
    String urgency,
    BuildFacts build,
    StageLedger ledger,
    long now,
    String releaseType) {

  /** A request that belongs to no platform release. */
  public EligibilityRequest(
      ArtifactRef artifact,
      PromotionType type,
      String sourceStage,
      String targetStage,
      String urgency,
      BuildFacts build,
      StageLedger ledger,
      long now) {
    this(artifact, type, sourceStage, targetStage, urgency, build, ledger, now, null);
  }
}
