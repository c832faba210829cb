package io.promoflow.trigger.api;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * Body of {@code POST /api/v1/releases/{releaseId}/promotions}: the stage the release goes to next
 * and, where the policy requires one, the change request (else the release's).
 */
public record ReleasePromotionRequest(
    @NotBlank @Size(max = 64) String targetStage,
    @Size(max = 200)
        @Pattern(
            regexp = "[A-Za-z0-9][A-Za-z0-9._:#-]*",
            message = "a change request id: letters, digits and . _ : # -")
        String changeRequestId) {}
