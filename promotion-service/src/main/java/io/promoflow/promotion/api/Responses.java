package io.promoflow.promotion.api;

import io.promoflow.promotion.domain.PromotionState;
import io.promoflow.rules.stage.StageLedger;
import io.promoflow.schemas.requests.PromotionType;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The shapes of promotion-service's read routes as their OpenAPI document describes them (GitHub
 * issue 17 point 2): the routes build their JSON as maps, these records name every field and type.
 * The contract test checks the answers against them with undeclared fields refused, so a field
 * added to a route without its record fails the build. Times are ISO-8601 UTC; a null field is left
 * out.
 */
final class Responses {

  private Responses() {}

  /** What a route recording an event answers (202). */
  record Accepted(String promotionId, String eventId) {}

  /** One step of a promotion's timeline. */
  record TimelineStep(
      Instant at, PromotionState state, String event, String actor, String detail) {}

  /** The artifact a promotion moves. */
  record PromotionArtifact(String application, String version, String digest) {}

  /** {@code GET /api/v1/promotions/{promotionId}}. */
  record PromotionDocument(
      String promotionId,
      PromotionState state,
      PromotionType type,
      PromotionArtifact artifact,
      String sourceStage,
      String targetStage,
      String requestedBy,
      List<String> approvers,
      Integer gateScore,
      List<String> failedGates,
      StageLedger.Verification targetVerification,
      String changeRequestId,
      List<TimelineStep> timeline) {}

  /** The artifact as the audit report names it. */
  record AuditArtifact(String name, String version, String digest, String sourceCommit) {}

  /**
   * {@code GET /api/v1/promotions/{promotionId}/audit}.
   *
   * @param verificationResults per stage: PASSED, NOT_VERIFIED, or the target's verification
   * @param status SUCCESS for a promoted artifact, else the promotion's state
   */
  record AuditDocument(
      String promotionId,
      AuditArtifact artifact,
      PromotionType type,
      String sourceStage,
      String targetStage,
      String requestedBy,
      Instant requestedAt,
      Instant approvedAt,
      Instant completedAt,
      String approver,
      List<String> approvers,
      String pipelineRunId,
      String pipelineUrl,
      Integer gateScore,
      Map<String, String> verificationResults,
      String policyDigest,
      String changeRequestId,
      String status,
      List<TimelineStep> timeline) {}

  /** What runs in one stage. */
  record StageDocument(
      String version,
      String digest,
      Instant promotedAt,
      StageLedger.Verification verification,
      Instant verifiedAt,
      String promotionId) {}

  /** One item of {@code GET /api/v1/applications}: the version in each stage, by stage name. */
  record ApplicationSummary(String application, Map<String, StageDocument> stages) {}

  /** A version that passed verification in a stage. */
  record KnownGood(String version, String digest, Instant verifiedAt) {}

  /** One promotion in an application's history. */
  record HistoryStep(
      Instant at,
      String promotionId,
      String version,
      PromotionType type,
      String sourceStage,
      String targetStage,
      PromotionState state) {}

  /**
   * {@code GET /api/v1/applications/{application}}.
   *
   * @param knownGood per stage, the versions verified there
   * @param holds per stage, versions that failed verification there and may not return
   *     automatically
   * @param open ids of the application's promotions not yet ended
   */
  record ApplicationDocument(
      String application,
      Map<String, StageDocument> stages,
      Map<String, List<KnownGood>> knownGood,
      Map<String, List<String>> holds,
      List<String> open,
      List<HistoryStep> history) {}
}
