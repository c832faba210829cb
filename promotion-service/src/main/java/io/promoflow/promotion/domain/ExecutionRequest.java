package io.promoflow.promotion.domain;

import java.util.List;

/**
 * What an executor is asked to do: put {@code version} ({@code digest}) of {@code application} into
 * {@code targetStage}.
 *
 * @param sourceStage null for a new build and for rollbacks
 * @param type AUTOMATIC, MANUAL, HOTFIX, ROLLBACK or SCHEDULED
 */
public record ExecutionRequest(
    String promotionId,
    String application,
    String version,
    String digest,
    String sourceStage,
    String targetStage,
    String type,
    String requestedBy,
    List<String> approvers,
    String policyDigest) {}
