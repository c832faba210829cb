package io.promoflow.rollback.api;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** Body of {@code POST /api/v1/holds/lift} (role admin): the reason is recorded. */
public record HoldLiftRequest(
    @NotBlank String application,
    @NotBlank String stage,
    @NotBlank String version,
    @NotBlank @Size(max = 2000) String reason) {}
