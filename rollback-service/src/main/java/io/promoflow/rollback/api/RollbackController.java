package io.promoflow.rollback.api;

import io.promoflow.platform.events.Events;
import io.promoflow.platform.kafka.Publisher;
import io.promoflow.platform.security.Caller;
import io.promoflow.platform.streams.StoreQueries;
import io.promoflow.platform.web.ProblemException;
import io.promoflow.rollback.flow.RollbackTopology;
import io.promoflow.rules.policy.PipelinePolicy;
import io.promoflow.rules.stage.StageLedger;
import io.promoflow.schemas.Topics;
import io.promoflow.schemas.common.ArtifactRef;
import io.promoflow.schemas.common.EventMetadata;
import io.promoflow.schemas.rollbacks.HoldLifted;
import io.promoflow.schemas.rollbacks.RollbackDecided;
import io.promoflow.schemas.rollbacks.RollbacksEnvelope;
import io.promoflow.schemas.verifications.BusinessImpact;
import io.promoflow.schemas.verifications.HealthReported;
import io.promoflow.schemas.verifications.VerificationsEnvelope;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.validation.Valid;
import java.util.List;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Deployers and monitors report health; people request rollbacks. */
@RestController
public class RollbackController {

  private final StoreQueries stores;
  private final Publisher publisher;
  private final Events events;
  private final PipelinePolicy policy;

  public RollbackController(
      StoreQueries stores, Publisher publisher, Events events, PipelinePolicy policy) {
    this.stores = stores;
    this.publisher = publisher;
    this.events = events;
    this.policy = policy;
  }

  /**
   * {@code POST /api/v1/health-reports} (role ci or monitor): 202; 400 names the bad field (also a
   * score or rate that is NaN or infinite, a negative latency or count); 409 when the stage does
   * not run that version.
   */
  @io.promoflow.platform.security.RequiresRole({"ci", "monitor"})
  @ApiResponse(
      responseCode = "202",
      description = "Accepted: HealthReported is recorded",
      content = @Content(schema = @Schema(implementation = Responses.Recorded.class)))
  @PostMapping("/api/v1/health-reports")
  public ResponseEntity<Map<String, String>> health(@Valid @RequestBody HealthReportRequest body) {
    Caller caller = Caller.requireAnyRole("ci", "monitor");
    body.nonFinite()
        .ifPresent(
            field -> {
              throw ProblemException.badField(field, "must be a finite number between 0.0 and 1.0");
            });
    StageLedger.StageSlot slot = running(body.application(), body.stage());
    if (!slot.version().equals(body.version())) {
      throw ProblemException.conflict(
          body.stage()
              + " runs "
              + slot.version()
              + ", not "
              + body.version()
              + " (a version promoted a moment ago is seen within a second: retry)",
          "version");
    }
    EventMetadata meta =
        events.meta(
            new ArtifactRef(body.application(), body.version(), slot.digest()),
            slot.promotionId(),
            null,
            caller.user());
    publisher.publish(
        Topics.VERIFICATIONS,
        body.application(),
        new VerificationsEnvelope(
            meta,
            HealthReported.newBuilder()
                .setStage(body.stage())
                .setHealthScore(body.healthScore())
                .setErrorRate(body.errorRate())
                .setLatencyP99Ms(body.latencyP99Ms())
                .setCriticalAnomalies(
                    body.criticalAnomalies() == null ? 0 : body.criticalAnomalies())
                .setBusinessImpact(
                    BusinessImpact.valueOf(
                        body.businessImpact() == null ? "LOW" : body.businessImpact().name()))
                .build()));
    return ResponseEntity.accepted().body(Map.of("eventId", meta.getEventId()));
  }

  /**
   * {@code POST /api/v1/rollbacks} (role developer, on-call or admin): decides a rollback of the
   * stage to a known-good version; it then runs as a ROLLBACK promotion through gates and, where
   * the stage's policy says so, approval. 202; 404 unknown stage state; 409 when no known-good
   * target exists.
   */
  @io.promoflow.platform.security.RequiresRole({"developer", "on-call", "admin"})
  @ApiResponse(
      responseCode = "202",
      description = "Accepted: RollbackDecided is recorded",
      content = @Content(schema = @Schema(implementation = Responses.RollbackRecorded.class)))
  @PostMapping("/api/v1/rollbacks")
  public ResponseEntity<Map<String, String>> rollback(@Valid @RequestBody RollbackRequest body) {
    Caller caller = Caller.requireAnyRole("developer", "on-call", "admin");
    StageLedger ledger =
        stores
            .<StageLedger>get(RollbackTopology.LEDGERS, body.application())
            .orElseThrow(() -> ProblemException.notFound("application " + body.application()));
    StageLedger.StageSlot current = running(body.application(), body.stage());
    StageLedger.VerifiedVersion target =
        (body.toVersion() == null
                ? ledger.lastKnownGood(body.stage(), current.version())
                : ledger.verified().getOrDefault(body.stage(), List.of()).stream()
                    .filter(v -> v.version().equals(body.toVersion()))
                    .findFirst())
            .orElseThrow(
                () ->
                    ProblemException.conflict(
                        "no known-good version "
                            + (body.toVersion() == null ? "" : body.toVersion() + " ")
                            + "passed verification in "
                            + body.stage(),
                        "toVersion"));
    EventMetadata meta =
        events.meta(
            new ArtifactRef(body.application(), current.version(), current.digest()),
            current.promotionId(),
            null,
            caller.user());
    publisher.publish(
        Topics.ROLLBACKS,
        body.application(),
        new RollbacksEnvelope(
            meta,
            new RollbackDecided(
                body.stage(),
                target.version(),
                target.digest(),
                "requested",
                policy.stage(body.stage()).orElseThrow().rollback().strategy().name(),
                100,
                List.of("requested by " + caller.user() + ": " + body.reason()),
                "HIGH")));
    return ResponseEntity.accepted()
        .body(Map.of("eventId", meta.getEventId(), "targetVersion", target.version()));
  }

  /**
   * {@code POST /api/v1/holds/lift} (role admin): lets a version that failed verification in a
   * stage be promoted there automatically again; recorded as {@code HoldLifted} with the admin and
   * the reason. 409 when it is not held.
   */
  @io.promoflow.platform.security.RequiresRole("admin")
  @ApiResponse(
      responseCode = "202",
      description = "Accepted: HoldLifted is recorded",
      content = @Content(schema = @Schema(implementation = Responses.Recorded.class)))
  @PostMapping("/api/v1/holds/lift")
  public ResponseEntity<Map<String, String>> liftHold(@Valid @RequestBody HoldLiftRequest body) {
    Caller caller = Caller.requireAnyRole("admin");
    if (policy.stage(body.stage()).isEmpty()) {
      throw ProblemException.badField("stage", "unknown stage " + body.stage());
    }
    StageLedger ledger =
        stores
            .<StageLedger>get(RollbackTopology.LEDGERS, body.application())
            .orElseThrow(() -> ProblemException.notFound("application " + body.application()));
    if (!ledger.isHeld(body.stage(), body.version())) {
      throw ProblemException.conflict(
          body.version() + " is not held in " + body.stage(), "version");
    }
    String digest =
        ledger
            .in(body.stage())
            .filter(s -> s.version().equals(body.version()))
            .map(StageLedger.StageSlot::digest)
            .orElse("unknown");
    EventMetadata meta =
        events.meta(
            new ArtifactRef(body.application(), body.version(), digest), null, null, caller.user());
    publisher.publish(
        Topics.ROLLBACKS,
        body.application(),
        new RollbacksEnvelope(meta, new HoldLifted(body.stage(), body.reason())));
    return ResponseEntity.accepted().body(Map.of("eventId", meta.getEventId()));
  }

  private StageLedger.StageSlot running(String application, String stage) {
    if (policy.stage(stage).isEmpty()) {
      throw ProblemException.badField(
          "stage",
          "unknown stage " + stage + " (stages: " + String.join(", ", policy.stageNames()) + ")");
    }
    return stores
        .<StageLedger>get(RollbackTopology.LEDGERS, application)
        .flatMap(l -> l.in(stage))
        .orElseThrow(
            () -> ProblemException.notFound("a version of " + application + " in " + stage));
  }
}
