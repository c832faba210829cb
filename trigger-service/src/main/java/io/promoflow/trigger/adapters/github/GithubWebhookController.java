package io.promoflow.trigger.adapters.github;

import io.promoflow.platform.web.ProblemException;
import io.promoflow.schemas.common.ArtifactRef;
import io.promoflow.trigger.TriggerProperties;
import io.promoflow.trigger.domain.BuildRecord;
import io.promoflow.trigger.flow.BuildIntake;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /webhooks/github}: a signed {@code workflow_run} completed with success becomes a
 * build; any other delivery answers 202 {@code {"ignored": reason}}; a bad or missing signature
 * answers 401; a redelivered {@code X-GitHub-Delivery} publishes nothing new.
 */
@RestController
public class GithubWebhookController {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private final BuildIntake intake;
  private final TriggerProperties.Github github;
  private final WorkflowRunMapper mapper;

  public GithubWebhookController(BuildIntake intake, TriggerProperties properties) {
    this.intake = intake;
    this.github = properties.github();
    this.mapper = new WorkflowRunMapper(github.applications());
  }

  @io.swagger.v3.oas.annotations.responses.ApiResponse(
      responseCode = "202",
      description = "Accepted: the build is recorded, or the event is ignored (ignored: why)")
  @io.swagger.v3.oas.annotations.responses.ApiResponse(
      responseCode = "200",
      description = "A repeated delivery or build: nothing new is recorded")
  @PostMapping("/webhooks/github")
  public ResponseEntity<Map<String, String>> deliver(
      @RequestBody(required = false) byte[] body,
      @RequestHeader(name = "X-GitHub-Event", required = false) String event,
      @RequestHeader(name = "X-GitHub-Delivery", required = false) String delivery,
      @RequestHeader(name = "X-Hub-Signature-256", required = false) String signature) {
    byte[] raw = body == null ? new byte[0] : body;
    if (!WebhookSignature.valid(github.webhookSecret(), raw, signature)) {
      throw new ProblemException(
          HttpStatus.UNAUTHORIZED,
          "Unauthorized",
          "X-Hub-Signature-256 is missing or does not match the configured webhook secret",
          "X-Hub-Signature-256",
          null);
    }
    JsonNode json;
    try {
      json = JSON.readTree(raw);
    } catch (JacksonException e) {
      throw ProblemException.badField("body", "not JSON: " + e.getOriginalMessage());
    }
    String ignored = WorkflowRunMapper.ignoredReason(event, json);
    if (ignored != null) {
      return ResponseEntity.accepted().body(Map.of("ignored", ignored));
    }
    if (delivery == null || delivery.isBlank()) {
      throw ProblemException.badField("X-GitHub-Delivery", "header is required");
    }
    Optional<BuildRecord> seen = intake.findDelivery(delivery);
    if (seen.isPresent()) {
      return ResponseEntity.ok(
          Map.of(
              "application",
              seen.get().application(),
              "version",
              seen.get().version(),
              "eventId",
              seen.get().eventId(),
              "duplicateDelivery",
              delivery));
    }
    ArtifactRef artifact = mapper.artifact(json);
    if (artifact == null) {
      throw ProblemException.badField("workflow_run.head_sha", "must be a 40-hex commit sha");
    }
    BuildIntake.Recorded r = intake.record(artifact, mapper.build(json, delivery), "github");
    return ResponseEntity.status(r.created() ? HttpStatus.ACCEPTED : HttpStatus.OK)
        .body(
            Map.of("application", r.application(), "version", r.version(), "eventId", r.eventId()));
  }
}
