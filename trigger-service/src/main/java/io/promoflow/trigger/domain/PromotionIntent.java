package io.promoflow.trigger.domain;

import io.promoflow.schemas.common.ArtifactRef;
import io.promoflow.schemas.requests.PromotionType;

/**
 * A promotion the trigger decided to request.
 *
 * @param sourceStage null for a new build and for rollbacks
 * @param requestedBy principal or service asking
 */
public record PromotionIntent(
    ArtifactRef artifact,
    PromotionType type,
    String sourceStage,
    String targetStage,
    String requestedBy,
    String reason) {}
