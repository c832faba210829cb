package io.promoflow.promotion.domain;

import java.util.ArrayList;
import java.util.List;

/**
 * One promotion: the artifact, the step it asks for, where it stands and how it got there. Immutable.
 *
 * @param type AUTOMATIC, MANUAL, HOTFIX, ROLLBACK or SCHEDULED
 * @param sourceStage null for a new build and for rollbacks
 * @param requestedAt epoch ms; {@code approvedAt} and {@code completedAt} are null until they happen
 * @param gateScore overall gate score in percent, null before evaluation
 * @param targetVerification PENDING, PASSED or FAILED once promoted; null before
 * @param failedCriticalGates the failed gates that no override may pass
 * @param gateOutcome PASSED, WARNED or FAILED once the gates were evaluated; null before
 * @param gateResultsDigest digest of the gate results this promotion holds ({@code PromotionStateMachine
 *     .gateResultsDigest}), what an approval must be bound to; null before evaluation
 * @param overriddenBy admins who forced or scheduled this promotion (break-glass); none of them may approve it
 * @param grant the approval grant accepted for this promotion ({@link AuthorityCheck}), or null
 * @param build the artifact's recorded build (its commit author may not approve), or null when none was recorded
 * @param escalatedTo the role the approval was escalated to ({@code ApprovalEscalated}), or null
 */
public record Promotion(String promotionId, String application, String version, String digest, String type,
    String sourceStage, String targetStage, String requestedBy, String urgency, String reason, PromotionState state,
    long requestedAt, Long approvedAt, Long completedAt, List<String> approvers, Integer gateScore,
    List<String> failedGates, String policyDigest, String targetVerification, List<TimelineEntry> timeline,
    List<String> failedCriticalGates, String gateOutcome, String gateResultsDigest, List<String> overriddenBy, Grant grant,
    BuildInfo build, String escalatedTo) {

  public Promotion {
    overriddenBy = overriddenBy == null ? List.of() : List.copyOf(overriddenBy);
    approvers = approvers == null ? List.of() : List.copyOf(approvers);
    failedGates = failedGates == null ? List.of() : List.copyOf(failedGates);
    timeline = timeline == null ? List.of() : List.copyOf(timeline);
    failedCriticalGates = failedCriticalGates == null ? List.of() : List.copyOf(failedCriticalGates);
  }

  /** A new promotion, before anything happened to it. */
  public static Promotion requested(String promotionId, String application, String version, String digest, String type,
      String sourceStage, String targetStage, String requestedBy, String urgency, String reason, long requestedAt,
      String policyDigest) {
    return new Promotion(promotionId, application, version, digest, type, sourceStage, targetStage, requestedBy, urgency,
        reason, PromotionState.REQUESTED, requestedAt, null, null, List.of(), null, List.of(), policyDigest, null, List.of(),
        List.of(), null, null, List.of(), null, null, null);
  }

  /** This promotion in {@code next} state, with a timeline entry. */
  public Promotion moveTo(PromotionState next, long at, String event, String actor, String detail) {
    List<TimelineEntry> t = new ArrayList<>(timeline);
    t.add(new TimelineEntry(at, next, event, actor, detail));
    return new Promotion(promotionId, application, version, digest, type, sourceStage, targetStage, requestedBy, urgency,
        reason, next, requestedAt, approvedAt, next.isFinal() ? Long.valueOf(at) : completedAt,
        approvers, gateScore, failedGates, policyDigest, targetVerification, t, failedCriticalGates, gateOutcome,
        gateResultsDigest, overriddenBy, grant, build, escalatedTo);
  }

  /** A timeline entry that does not change the state. */
  public Promotion note(long at, String event, String actor, String detail) {
    return moveTo(state, at, event, actor, detail).withCompletedAt(completedAt);
  }

  Promotion withGates(int score, List<String> failed, List<String> failedCritical, String digest) {
    return new Promotion(promotionId, application, version, this.digest, type, sourceStage, targetStage, requestedBy,
        urgency, reason, state, requestedAt, approvedAt, completedAt, approvers, score, failed, digest, targetVerification,
        timeline, failedCritical, gateOutcome, gateResultsDigest, overriddenBy, grant, build, escalatedTo);
  }

  Promotion withApproval(Long at, List<String> by) {
    return new Promotion(promotionId, application, version, digest, type, sourceStage, targetStage, requestedBy, urgency,
        reason, state, requestedAt, at, completedAt, by, gateScore, failedGates, policyDigest, targetVerification, timeline,
        failedCriticalGates, gateOutcome, gateResultsDigest, overriddenBy, grant, build, escalatedTo);
  }

  /** This promotion with the target stage's verification result. */
  public Promotion withTargetVerification(String verification) {
    return new Promotion(promotionId, application, version, digest, type, sourceStage, targetStage, requestedBy, urgency,
        reason, state, requestedAt, approvedAt, completedAt, approvers, gateScore, failedGates, policyDigest, verification,
        timeline, failedCriticalGates, gateOutcome, gateResultsDigest,
        overriddenBy, grant, build, escalatedTo);
  }

  Promotion withCompletedAt(Long at) {
    return new Promotion(promotionId, application, version, digest, type, sourceStage, targetStage, requestedBy, urgency,
        reason, state, requestedAt, approvedAt, at, approvers, gateScore, failedGates, policyDigest, targetVerification,
        timeline, failedCriticalGates, gateOutcome, gateResultsDigest,
        overriddenBy, grant, build, escalatedTo);
  }

  /** This promotion with the outcome of its gates and the digest an approval must name. */
  Promotion withGateResults(String outcome, String resultsDigest) {
    return new Promotion(promotionId, application, version, digest, type, sourceStage, targetStage, requestedBy, urgency,
        reason, state, requestedAt, approvedAt, completedAt, approvers, gateScore, failedGates, policyDigest,
        targetVerification, timeline, failedCriticalGates, outcome, resultsDigest, overriddenBy, grant, build, escalatedTo);
  }

  /** This promotion with {@code admin} recorded as an override actor, who may not approve it. */
  Promotion withOverrideBy(String admin) {
    List<String> by = new ArrayList<>(overriddenBy);
    if (!by.contains(admin)) {
      by.add(admin);
    }
    return new Promotion(promotionId, application, version, digest, type, sourceStage, targetStage, requestedBy, urgency,
        reason, state, requestedAt, approvedAt, completedAt, approvers, gateScore, failedGates, policyDigest,
        targetVerification, timeline, failedCriticalGates, gateOutcome, gateResultsDigest, by, grant, build, escalatedTo);
  }

  /** This promotion holding {@code accepted} (null: none). */
  Promotion withGrant(Grant accepted) {
    return new Promotion(promotionId, application, version, digest, type, sourceStage, targetStage, requestedBy, urgency,
        reason, state, requestedAt, approvedAt, completedAt, approvers, gateScore, failedGates, policyDigest,
        targetVerification, timeline, failedCriticalGates, gateOutcome, gateResultsDigest, overriddenBy, accepted, build,
        escalatedTo);
  }

  /** This promotion knowing its artifact's recorded build. */
  public Promotion withBuild(BuildInfo recorded) {
    return new Promotion(promotionId, application, version, digest, type, sourceStage, targetStage, requestedBy, urgency,
        reason, state, requestedAt, approvedAt, completedAt, approvers, gateScore, failedGates, policyDigest,
        targetVerification, timeline, failedCriticalGates, gateOutcome, gateResultsDigest, overriddenBy, grant, recorded,
        escalatedTo);
  }

  /** This promotion whose approval was escalated to {@code role}. */
  Promotion withEscalation(String role) {
    return new Promotion(promotionId, application, version, digest, type, sourceStage, targetStage, requestedBy, urgency,
        reason, state, requestedAt, approvedAt, completedAt, approvers, gateScore, failedGates, policyDigest,
        targetVerification, timeline, failedCriticalGates, gateOutcome, gateResultsDigest, overriddenBy, grant, build, role);
  }
}
