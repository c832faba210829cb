package io.promoflow.trigger.api;

import io.promoflow.trigger.EvidenceLimits;
import io.promoflow.trigger.domain.Patterns;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;

/**
 * Body of {@code POST /api/v1/builds} (DESIGN.md "Request bodies"). Strings are bounded so that a
 * {@code BuildCompleted} stays far below Kafka's 1 MB record limit (see {@link EvidenceLimits});
 * the documents are bounded by {@link EvidenceLimits}.
 */
public record BuildRequest(
    @NotBlank @Pattern(regexp = Patterns.APPLICATION, message = Patterns.APPLICATION_MESSAGE)
        String application,
    @NotBlank
        @Size(max = 128)
        @Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9._+-]*", message = "letters, digits, . _ + - only")
        String version,
    @NotBlank @Pattern(regexp = Patterns.DIGEST, message = Patterns.DIGEST_MESSAGE) String digest,
    @Size(max = 2048) String uri,
    @NotBlank
        @Pattern(regexp = "[0-9a-f]{7,40}", message = "a git commit sha (7-40 lower-case hex)")
        String sourceCommit,
    @Size(max = 256) String repository,
    @NotBlank @Size(max = 256) String pipelineRunId,
    @Size(max = 2048) String pipelineUrl,
    @NotNull Instant buildFinishedAt,
    @Size(max = 256) String commitAuthor,
    List<@Valid EvidenceDocument> evidence) {

  /**
   * One evidence document inline: {@code format}, the document's text and, for a JUnit report of
   * integration tests, {@code kind: integration}.
   */
  public record EvidenceDocument(
      @NotBlank @Size(max = 32) String format,
      @NotNull String content,
      @Size(max = 32) String kind) {}
}
