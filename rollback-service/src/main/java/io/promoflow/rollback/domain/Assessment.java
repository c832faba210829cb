package io.promoflow.rollback.domain;

import java.util.List;

/**
 * The decision engine's verdict on one report.
 *
 * @param score rollback score 0–100
 * @param rollback true when the score reaches the stage's {@code rollbackThreshold}
 * @param urgency CRITICAL (score ≥ 90), HIGH (≥ 80), MEDIUM otherwise
 * @param reasons each contribution to the score, e.g. "health 0.30 below 0.8 (+30)"
 */
public record Assessment(int score, boolean rollback, String urgency, List<String> reasons) {}
