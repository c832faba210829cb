package io.promoflow.console.domain.board;

/**
 * The services' HTTP routes the board reads and the one it writes through (an approval decision),
 * called with the signed-in person's bearer token: the services decide who may see and do what, the
 * console only shows their answers (one source of truth, the same 403 reasons as the API).
 */
public interface PipelineApi {

  /** promotion-service {@code GET /api/v1/applications}. */
  Answer applications(String token);

  /** promotion-service {@code GET /api/v1/applications/{application}} (ledger, holds, history). */
  Answer application(String token, String application);

  /** promotion-service {@code GET /api/v1/promotions/{id}} (state, timeline). */
  Answer promotion(String token, String promotionId);

  /** promotion-service {@code GET /api/v1/promotions/{id}/audit}. */
  Answer audit(String token, String promotionId);

  /**
   * trigger-service {@code GET /api/v1/releases?limit=}: platform releases, newest first (the first
   * page only).
   *
   * @param limit at most this many
   */
  Answer releases(String token, int limit);

  /**
   * trigger-service {@code GET /api/v1/releases/{id}}: components, promotions with release gates
   * and component outcomes, rollbacks, timeline.
   */
  Answer release(String token, String releaseId);

  /** gate-service {@code GET /api/v1/promotions/{id}/gates}. */
  Answer gates(String token, String promotionId);

  /** approval-service {@code GET /api/v1/approvals[?status=]}; {@code status} null for all. */
  Answer approvals(String token, String status);

  /**
   * approval-service {@code GET /api/v1/approvals/{id}/check}: whether the caller may approve and
   * reject it now, and if not the reason the decision route would answer with.
   */
  Answer approvalCheck(String token, String approvalId);

  /**
   * approval-service {@code POST /api/v1/approvals/{id}/decisions}.
   *
   * @param decision APPROVE or REJECT
   * @param comment the approver's comment, or null
   */
  Answer decide(String token, String approvalId, String decision, String comment);

  /**
   * The console's own {@code GET /api/v1/metrics/dora?application=&stage=&window=}; 404 where it
   * does not exist.
   *
   * @param application null for all; {@code stage} likewise
   * @param window ISO-8601 duration, e.g. P30D
   */
  Answer dora(String token, String application, String stage, String window);
}
