package io.promoflow.trigger.build;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;

/** Body of {@code POST /api/v1/builds} (DESIGN.md "Request bodies"). */
public record BuildRequest(
    @NotBlank @Pattern(regexp = Patterns.APPLICATION, message = Patterns.APPLICATION_MESSAGE) String application,
    @NotBlank @Size(max = 128) @Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9._+-]*", message = "letters, digits, . _ + - only")
    String version,
    @NotBlank @Pattern(regexp = Patterns.DIGEST, message = Patterns.DIGEST_MESSAGE) String digest,
    String uri,
    @NotBlank @Pattern(regexp = "[0-9a-f]{7,40}", message = "a git commit sha (7-40 lower-case hex)") String sourceCommit,
    String repository,
    @NotBlank String pipelineRunId,
    String pipelineUrl,
    @NotNull Instant buildFinishedAt,
    String commitAuthor,
    List<@Valid EvidenceDocument> evidence) {

  /**
   * One evidence document inline: {@code format}, the document's text and, for a JUnit report of integration tests,
   * {@code kind: integration}.
   */
  public record EvidenceDocument(@NotBlank String format, @NotNull String content, String kind) {
  }
}
