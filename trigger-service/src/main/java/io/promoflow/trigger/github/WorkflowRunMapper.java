package io.promoflow.trigger.github;

import io.promoflow.schemas.builds.BuildCompleted;
import io.promoflow.schemas.common.ArtifactRef;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Maps GitHub's {@code workflow_run} delivery to a build (DESIGN.md): application = repository name (or the configured
 * mapping of {@code owner/name}), version = first 12 hex digits of {@code head_sha}, digest = {@code sha1:<head_sha>}.
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

  /** The build of a completed run. */
  public BuildCompleted build(JsonNode body, String deliveryId) {
    JsonNode run = body.path("workflow_run");
    String finished = run.path("updated_at").asString(null);
    JsonNode author = run.path("head_commit").path("author");
    return BuildCompleted.newBuilder()
        .setSourceCommit(run.path("head_sha").asString())
        .setRepository(body.path("repository").path("full_name").asString(null))
        .setPipelineRunId(run.path("id").asString())
        .setPipelineUrl(run.path("html_url").asString(null))
        .setBuildFinishedAt(finished == null ? Instant.now() : Instant.parse(finished))
        .setCommitAuthor(author.isMissingNode() ? null : author.path("email").asString(author.path("name").asString(null)))
        .setDeliveryId(deliveryId)
        .setEvidence(List.of())
        .build();
  }
}
