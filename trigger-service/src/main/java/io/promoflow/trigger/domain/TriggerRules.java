package io.promoflow.trigger.domain;

import io.promoflow.rules.policy.PipelinePolicy;
import io.promoflow.rules.policy.RollbackPolicy;
import io.promoflow.rules.policy.TransitionPolicy;
import io.promoflow.schemas.builds.BuildCompleted;
import io.promoflow.schemas.builds.BuildsEnvelope;
import io.promoflow.schemas.common.ArtifactRef;
import io.promoflow.schemas.requests.PromotionType;
import io.promoflow.schemas.rollbacks.RollbackDecided;
import io.promoflow.schemas.rollbacks.RollbacksEnvelope;
import io.promoflow.schemas.verifications.VerificationPassed;
import io.promoflow.schemas.verifications.VerificationsEnvelope;
import java.util.Optional;

/**
 * When promotions start by themselves (pipeline policy):
 *
 * <ul>
 *   <li>every successful build is requested into the first stage ({@code transitions[BUILD->DEV]});
 *   <li>a version verified in a stage is requested into the next one when that transition's trigger
 *       is {@code automatic}, unless the version came back by a rollback;
 *   <li>a rollback decision becomes a ROLLBACK promotion of the known-good version unless the
 *       stage's {@code rollback.mode} is {@code manual}. A rollback a person requested ({@code POST
 *       /api/v1/rollbacks}, mode {@code requested}) is requested by that person ({@code meta.actor}
 *       of the decision), so that the person cannot also approve it (GitHub issue 12, "Authority");
 *       one without an actor is not requested at all (fail closed).
 * </ul>
 */
public final class TriggerRules {

  /**
   * {@code RollbackDecided.mode} of a rollback a person asked for over HTTP (rollback-service
   * RollbackController).
   */
  public static final String REQUESTED = "requested";

  private final PipelinePolicy policy;
  private final String service;

  public TriggerRules(PipelinePolicy policy, String service) {
    this.policy = policy;
    this.service = service;
  }

  /** The first-stage request for a new build, if the entry transition is automatic. */
  public Optional<PromotionIntent> afterBuild(BuildsEnvelope build) {
    if (!(build.getPayload() instanceof BuildCompleted)) {
      return Optional.empty();
    }
    String first = policy.firstStage();
    return policy
        .transition(null, first)
        .filter(t -> t.trigger() == TransitionPolicy.Trigger.automatic)
        .map(
            t ->
                new PromotionIntent(
                    build.getMeta().getArtifact(),
                    PromotionType.AUTOMATIC,
                    null,
                    first,
                    service,
                    "new build " + build.getMeta().getArtifact().getVersion()));
  }

  /** The next-stage request after a verification passed, if that transition is automatic. */
  public Optional<PromotionIntent> afterVerification(VerificationsEnvelope event) {
    if (!(event.getPayload() instanceof VerificationPassed passed)
        || passed.getPromotionType() == PromotionType.ROLLBACK) {
      return Optional.empty();
    }
    return policy
        .nextStage(passed.getStage())
        .flatMap(next -> policy.transition(passed.getStage(), next))
        .filter(t -> t.trigger() == TransitionPolicy.Trigger.automatic)
        .map(
            t ->
                new PromotionIntent(
                    event.getMeta().getArtifact(),
                    PromotionType.AUTOMATIC,
                    t.from(),
                    t.to(),
                    service,
                    "verified in " + t.from()));
  }

  /**
   * The rollback promotion for a rollback decision, unless the stage rolls back manually; requested
   * by the person behind a {@code requested} rollback, by this service for one rollback-service
   * decided by itself.
   */
  public Optional<PromotionIntent> afterRollbackDecision(RollbacksEnvelope event) {
    if (!(event.getPayload() instanceof RollbackDecided decided)
        || RollbackPolicy.RollbackMode.manual.name().equals(decided.getMode())) {
      return Optional.empty();
    }
    String requestedBy = service;
    if (REQUESTED.equals(decided.getMode())) {
      requestedBy = event.getMeta().getActor();
      if (requestedBy == null || requestedBy.isBlank()) {
        return Optional.empty();
      }
    }
    ArtifactRef failing = event.getMeta().getArtifact();
    ArtifactRef target =
        new ArtifactRef(
            failing.getApplication(), decided.getTargetVersion(), decided.getTargetDigest());
    return Optional.of(
        new PromotionIntent(
            target,
            PromotionType.ROLLBACK,
            null,
            decided.getStage(),
            requestedBy,
            "rollback of "
                + failing.getVersion()
                + " in "
                + decided.getStage()
                + ": "
                + String.join("; ", decided.getReasons())));
  }
}
