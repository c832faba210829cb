package io.promoflow.rollback.api;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/**
 * Body of {@code POST /api/v1/verifications/rerun}: open a new monitoring window for the version
 * now in {@code stage} of {@code application}; the reason is recorded.
 */
public record VerificationRerunRequest(
    @NotBlank String application,
    @NotBlank String stage,
    @NotBlank @Size(max = 2000) String reason) {}
