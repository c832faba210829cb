package io.promoflow.rules.policy;

import java.time.Instant;

/**
 * A period without promotions into a stage ({@code stages[].freezes[]}).
 *
 * @param from start (ISO-8601 instant, e.g. 2026-12-20T00:00:00Z)
 * @param to end, exclusive
 * @param reason why, shown on scheduled promotions
 */
public record Freeze(Instant from, Instant to, String reason) {}
