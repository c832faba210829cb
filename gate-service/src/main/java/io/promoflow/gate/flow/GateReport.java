package io.promoflow.gate.flow;

import io.promoflow.rules.gates.RuleResult;
import java.util.List;

/**
 * The gate results of one promotion, as served by {@code GET
 * /api/v1/promotions/{promotionId}/gates}.
 *
 * @param outcome PASSED or FAILED
 * @param scorePercent 0–100
 * @param minScorePercent the transition's {@code minScore}
 * @param evaluatedAt epoch ms
 * @param policyDigest the policy the gates were evaluated under
 * @param evidence {@code format:sha256} of the evidence documents the gates read
 */
public record GateReport(
    String promotionId,
    String application,
    String version,
    String digest,
    String sourceStage,
    String targetStage,
    String outcome,
    int scorePercent,
    int minScorePercent,
    long evaluatedAt,
    String policyDigest,
    List<RuleResult> gates,
    List<String> evidence) {}
