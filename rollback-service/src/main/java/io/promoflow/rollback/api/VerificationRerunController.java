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
import io.promoflow.schemas.verifications.VerificationRerunRequested;
import io.promoflow.schemas.verifications.VerificationsEnvelope;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.validation.Valid;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Monitors rerun a verification, e.g. after a window ended inconclusive for lack of health data
 * (issue 11): the topology opens a new window for the version in the stage, which then passes,
 * fails or ends inconclusive again.
 */
@RestController
public class VerificationRerunController {

  private final StoreQueries stores;
  private final Publisher publisher;
  private final Events events;
  private final PipelinePolicy policy;

  public VerificationRerunController(
      StoreQueries stores, Publisher publisher, Events events, PipelinePolicy policy) {
    this.stores = stores;
    this.publisher = publisher;
    this.events = events;
    this.policy = policy;
  }

  /**
   * {@code POST /api/v1/verifications/rerun} (role monitor or admin): publishes {@code
   * VerificationRerunRequested} for the version now in the stage; 202 with that version. 400 names
   * the bad field (unknown stage included); 403 for other roles; 409 when no version is in that
   * stage.
   */
  @io.promoflow.platform.security.RequiresRole({"monitor", "admin"})
  @ApiResponse(
      responseCode = "202",
      description = "Accepted: VerificationRerunRequested is recorded",
      content = @Content(schema = @Schema(implementation = Responses.RerunRecorded.class)))
  @PostMapping("/api/v1/verifications/rerun")
  public ResponseEntity<Map<String, String>> rerun(
      @Valid @RequestBody VerificationRerunRequest body) {
    Caller caller = Caller.requireAnyRole("monitor", "admin");
    if (policy.stage(body.stage()).isEmpty()) {
      throw ProblemException.badField(
          "stage",
          "unknown stage "
              + body.stage()
              + " (stages: "
              + String.join(", ", policy.stageNames())
              + ")");
    }
    StageLedger.StageSlot slot =
        stores
            .<StageLedger>get(RollbackTopology.LEDGERS, body.application())
            .flatMap(l -> l.in(body.stage()))
            .orElseThrow(
                () ->
                    ProblemException.conflict(
                        "no version of "
                            + body.application()
                            + " is in "
                            + body.stage()
                            + " (a version promoted a moment ago is seen within a second: retry)",
                        "stage"));
    EventMetadata meta =
        events.meta(
            new ArtifactRef(body.application(), slot.version(), slot.digest()),
            slot.promotionId(),
            null,
            caller.user());
    publisher.publish(
        Topics.VERIFICATIONS,
        body.application(),
        new VerificationsEnvelope(
            meta, new VerificationRerunRequested(body.stage(), body.reason())));
    return ResponseEntity.accepted()
        .body(Map.of("eventId", meta.getEventId(), "version", slot.version()));
  }
}
