package io.promoflow.rules.gates;

import io.promoflow.rules.stage.StageLedger;
import io.promoflow.schemas.common.ArtifactRef;
import io.promoflow.schemas.requests.PromotionType;

/**
 * Everything the eligibility rules look at for one promotion request.
 *
 * @param sourceStage null for a new build and for rollbacks
 * @param build the recorded build, or null when CI never recorded this version
 * @param ledger what runs where for the application
 * @param now epoch ms
 */
public record EligibilityRequest(
    ArtifactRef artifact,
    PromotionType type,
    String sourceStage,
    String targetStage,
    String urgency,
    BuildFacts build,
    StageLedger ledger,
    long now) {}
