package io.promoflow.trigger.adapters.github;

import io.promoflow.platform.web.ProblemException;
import io.promoflow.schemas.builds.BuildCompleted;
import io.promoflow.schemas.common.ArtifactRef;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Maps GitHub's {@code workflow_run} delivery to a build (DESIGN.md): application = repository name
 * (or the configured mapping of {@code owner/name}), version = first 12 hex digits of {@code
 * head_sha}, digest = {@code sha1:<head_sha>}.
 */
public final class WorkflowRunMapper {

  private final Map<String, String> applications;

  public WorkflowRunMapper(Map<String, String> applications) {
    this.applications = applications;
  }

  /** Why a delivery is ignored, or null when it is a completed, successful run. */
  public static String ignoredReason(String event, JsonNode body) {
    if (!"workflow_run".equals(event)) {
      return "event " + event + " is not workflow_run";
    }
    if (!"completed".equals(body.path("action").asString(""))) {
      return "action " + body.path("action").asString("") + " is not completed";
    }
    String conclusion = body.path("workflow_run").path("conclusion").asString("");
    return "success".equals(conclusion) ? null : "conclusion " + conclusion + " is not success";
  }

  /** The artifact of a completed run, or null when the payload lacks the head commit. */
  public ArtifactRef artifact(JsonNode body) {
    String sha = body.path("workflow_run").path("head_sha").asString("");
    if (!sha.matches("[0-9a-f]{40}")) {
      return null;
    }
    String fullName = body.path("repository").path("full_name").asString("");
    String name = body.path("repository").path("name").asString("");
    String application = applications.getOrDefault(fullName, name).toLowerCase();
    return new ArtifactRef(application, sha.substring(0, 12), "sha1:" + sha);
  }

  /**
   * The build of a completed run. Its strings are bounded like those of {@code POST /api/v1/builds}
   * (a {@code BuildCompleted} stays far below Kafka's 1 MB record limit).
   *
   * @throws ProblemException 400 naming the payload field that is too long
   */
  public BuildCompleted build(JsonNode body, String deliveryId) {
    JsonNode run = body.path("workflow_run");
    String finished = run.path("updated_at").asString(null);
    JsonNode author = run.path("head_commit").path("author");
    return BuildCompleted.newBuilder()
        .setSourceCommit(run.path("head_sha").asString())
        .setRepository(
            bounded(
                "repository.full_name",
                body.path("repository").path("full_name").asString(null),
                256))
        .setPipelineRunId(bounded("workflow_run.id", run.path("id").asString(), 256))
        .setPipelineUrl(bounded("workflow_run.html_url", run.path("html_url").asString(null), 2048))
        .setBuildFinishedAt(finished == null ? Instant.now() : Instant.parse(finished))
        .setCommitAuthor(
            bounded(
                "workflow_run.head_commit.author",
                author.isMissingNode()
                    ? null
                    : author.path("email").asString(author.path("name").asString(null)),
                256))
        .setDeliveryId(bounded("X-GitHub-Delivery", deliveryId, 128))
        .setEvidence(List.of())
        .build();
  }

  private static String bounded(String field, String value, int max) {
    if (value != null && value.length() > max) {
      throw ProblemException.badField(field, value.length() + " characters, at most " + max);
    }
    return value;
  }
}
