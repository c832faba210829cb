package io.promoflow.rollback.api;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/**
 * Body of {@code POST /api/v1/rollbacks}: roll {@code stage} back to {@code toVersion} (default:
 * its last known-good version other than the current one).
 */
public record RollbackRequest(
    @NotBlank String application,
    @NotBlank String stage,
    String toVersion,
    @NotBlank @Size(max = 2000) String reason) {}
