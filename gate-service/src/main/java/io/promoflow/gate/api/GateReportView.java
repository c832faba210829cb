package io.promoflow.gate.api;

import io.promoflow.gate.flow.GateReport;
import io.promoflow.rules.gates.RuleResult;
import java.time.Instant;
import java.util.List;

/**
 * The gate results of one promotion as {@code GET /api/v1/promotions/{promotionId}/gates} serves
 * them: the stored {@link GateReport} with its time as an ISO-8601 UTC instant (GitHub issue 17
 * point 2; the store keeps epoch ms).
 *
 * @param outcome PASSED or FAILED
 * @param scorePercent 0–100
 * @param minScorePercent the transition's {@code minScore}
 * @param evaluatedAt when the gates were evaluated
 * @param policyDigest the policy the gates were evaluated under
 * @param evidence {@code format:sha256} of the evidence documents the gates read
 */
public record GateReportView(
    String promotionId,
    String application,
    String version,
    String digest,
    String sourceStage,
    String targetStage,
    String outcome,
    int scorePercent,
    int minScorePercent,
    Instant evaluatedAt,
    String policyDigest,
    List<RuleResult> gates,
    List<String> evidence) {

  /** The view of {@code r}. */
  public static GateReportView of(GateReport r) {
    return new GateReportView(
        r.promotionId(),
        r.application(),
        r.version(),
        r.digest(),
        r.sourceStage(),
        r.targetStage(),
        r.outcome(),
        r.scorePercent(),
        r.minScorePercent(),
        Instant.ofEpochMilli(r.evaluatedAt()),
        r.policyDigest(),
        r.gates(),
        r.evidence());
  }
}
