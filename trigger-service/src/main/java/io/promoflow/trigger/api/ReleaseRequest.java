package io.promoflow.trigger.api;

import io.promoflow.trigger.domain.Patterns;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.LocalDate;
import java.util.List;

/**
 * Body of {@code POST /api/v1/releases} (GitHub issue 18 point 1): a platform release of already
 * built component versions. {@code type} is a release type ({@code PLATFORM_MAJOR}, {@code
 * PLATFORM_MINOR}, {@code PLATFORM_PATCH}, {@code SERVICE_HOTFIX}, {@code SECURITY_PATCH}, {@code
 * ROLLBACK}), required but for a train. A release train ({@code "train": true}) names no
 * components; {@code trainDate} (ISO date, default the next train date) and {@code version}
 * (default the train date's {@code YYYY.NN.0}) are optional, {@code type} defaults to {@code
 * PLATFORM_MINOR}.
 */
public record ReleaseRequest(
    @Size(max = 128)
        @Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9._+-]*", message = "letters, digits, . _ + - only")
        String version,
    @Size(max = 32) String type,
    @Size(max = 200) List<@Valid Component> components,
    @Size(max = 200)
        @Pattern(
            regexp = "[A-Za-z0-9][A-Za-z0-9._:#-]*",
            message = "a change request id: letters, digits and . _ : # -")
        String changeRequestId,
    Boolean train,
    LocalDate trainDate) {

  /** One component: a recorded build of {@code application}. */
  public record Component(
      @NotBlank @Pattern(regexp = Patterns.APPLICATION, message = Patterns.APPLICATION_MESSAGE)
          String application,
      @NotBlank
          @Size(max = 128)
          @Pattern(
              regexp = "[A-Za-z0-9][A-Za-z0-9._+-]*",
              message = "letters, digits, . _ + - only")
          String version) {}
}
