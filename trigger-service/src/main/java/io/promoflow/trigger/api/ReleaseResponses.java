package io.promoflow.trigger.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The shapes of the release routes as their OpenAPI document describes them (GitHub issue 18 point
 * 8). Times are ISO-8601 UTC; a null field is left out.
 */
final class ReleaseResponses {

  private ReleaseResponses() {}

  /** {@code POST /api/v1/releases}: 202 for a new release, 200 for a repeat. */
  record ReleaseAccepted(String releaseId, String version) {}

  /** {@code POST /api/v1/releases/{releaseId}/promotions}: 202. */
  record ReleasePromotionAccepted(String releaseId, String targetStage) {}

  /** One phase of a release train. */
  record ReleasePhase(String phase, Instant scheduledAt, Instant enteredAt) {}

  /**
   * One component.
   *
   * @param stage the highest stage it entered under this release, null before any
   * @param verification that stage's verification of its version: PENDING, PASSED, FAILED or
   *     INCONCLUSIVE
   */
  record ReleaseComponentDocument(
      String application,
      String version,
      String digest,
      Map<String, String> requires,
      String stage,
      String verification) {}

  /** One release gate's result with the inputs it was decided on. */
  record ReleaseGateDocument(
      String gate, boolean passed, String reason, Map<String, String> inputs) {}

  /**
   * One component promotion: outcome PENDING, PROMOTED, BLOCKED, REJECTED, EXPIRED, SUPERSEDED,
   * FAILED or ROLLED_BACK.
   */
  record ReleaseComponentPromotionDocument(
      String application, String promotionId, String approvalId, String outcome) {}

  /** A component sent back by a failed release promotion; no toVersion: nothing to go back to. */
  record ReleaseRollbackDocument(
      String application, String fromVersion, String toVersion, String promotionId) {}

  /**
   * One release promotion: state WAITING_FOR_FACTS, GATES_FAILED, PROMOTING, PROMOTED or FAILED.
   */
  record ReleasePromotionDocument(
      String targetStage,
      String state,
      String requestedBy,
      Instant requestedAt,
      List<ReleaseGateDocument> releaseGates,
      List<ReleaseComponentPromotionDocument> components,
      List<String> reasons,
      List<ReleaseRollbackDocument> rollbacks) {}

  /** One step of a release's timeline. */
  record ReleaseStep(Instant at, String event, String detail) {}

  /** {@code GET /api/v1/releases/{releaseId}}. */
  record ReleaseDocument(
      String releaseId,
      String version,
      String type,
      String validationLevel,
      String strategy,
      boolean train,
      Instant trainDate,
      String phase,
      List<ReleasePhase> phases,
      String requestedBy,
      String changeRequestId,
      Instant createdAt,
      List<ReleaseComponentDocument> components,
      List<ReleasePromotionDocument> promotions,
      List<ReleaseStep> timeline) {}

  /**
   * One item of {@code GET /api/v1/releases}: stage is the highest stage reached, state the latest
   * promotion's (CREATED before any).
   */
  record ReleaseSummary(
      String releaseId,
      String version,
      String type,
      boolean train,
      String phase,
      String stage,
      String state,
      Instant createdAt) {}
}
