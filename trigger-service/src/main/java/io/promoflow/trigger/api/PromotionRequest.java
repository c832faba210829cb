package io.promoflow.trigger.api;

import io.promoflow.trigger.domain.Patterns;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * Body of {@code POST /api/v1/promotions}: a manual or hotfix request. {@code changeRequestId}: the
 * change request it is made under, required where the policy says so ({@code
 * transitions[].changeRequest}, by default into production).
 */
public record PromotionRequest(
    @NotBlank @Pattern(regexp = Patterns.APPLICATION, message = Patterns.APPLICATION_MESSAGE)
        String application,
    @NotBlank String version,
    @NotBlank String targetStage,
    @NotNull Type type,
    Urgency urgency,
    @Size(max = 2000) String reason,
    @Size(max = 200)
        @Pattern(
            regexp = "[A-Za-z0-9][A-Za-z0-9._:#-]*",
            message = "a change request id: letters, digits and . _ : # -")
        String changeRequestId) {

  /** Request types a person may make; automatic and rollback promotions start by themselves. */
  public enum Type {
    MANUAL,
    HOTFIX
  }

  /** Hotfix urgency. */
  public enum Urgency {
    LOW,
    MEDIUM,
    HIGH,
    CRITICAL
  }
}
