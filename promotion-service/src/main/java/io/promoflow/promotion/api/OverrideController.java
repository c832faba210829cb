package io.promoflow.promotion.api;

import io.promoflow.platform.events.Events;
import io.promoflow.platform.kafka.Publisher;
import io.promoflow.platform.security.Caller;
import io.promoflow.platform.security.RequiresRole;
import io.promoflow.platform.streams.StoreQueries;
import io.promoflow.platform.web.ProblemException;
import io.promoflow.promotion.domain.Promotion;
import io.promoflow.promotion.domain.PromotionState;
import io.promoflow.promotion.flow.PromotionTopology;
import io.promoflow.schemas.Topics;
import io.promoflow.schemas.common.ArtifactRef;
import io.promoflow.schemas.common.EventMetadata;
import io.promoflow.schemas.promotions.PromotionOverridden;
import io.promoflow.schemas.promotions.PromotionsEnvelope;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/v1/promotions/{promotionId}/override} (role admin, reason required):
 * break-glass. SCHEDULE runs a scheduled promotion now; FORCE passes failed non-critical gates.
 * Recorded as {@code PromotionOverridden} (announced by the notification service, chained in the
 * audit) with the admin as actor; a failed critical gate is never overridden (409). An override
 * never replaces an approval (issue 12 point 2): into a stage that requires one the promotion then
 * waits for approval ({@code PromotionAwaitingApproval} with {@code override} and the admin in
 * {@code excludedApprovers}) unless it already holds a grant by others that meets the requirement.
 */
@RestController
public class OverrideController {

  /** Body: the kind of override and why. */
  public record OverrideRequest(@NotNull Kind kind, @NotBlank @Size(max = 2000) String reason) {

    /** SCHEDULE or FORCE. */
    public enum Kind {
      SCHEDULE,
      FORCE
    }
  }

  private final StoreQueries stores;
  private final Publisher publisher;
  private final Events events;

  public OverrideController(StoreQueries stores, Publisher publisher, Events events) {
    this.stores = stores;
    this.publisher = publisher;
    this.events = events;
  }

  @RequiresRole("admin")
  @ApiResponse(
      responseCode = "202",
      description = "Accepted: PromotionOverridden is recorded",
      content = @Content(schema = @Schema(implementation = Responses.Accepted.class)))
  @PostMapping("/api/v1/promotions/{promotionId}/override")
  public ResponseEntity<Map<String, String>> override(
      @PathVariable String promotionId, @Valid @RequestBody OverrideRequest body) {
    Caller admin = Caller.current();
    Promotion p =
        stores
            .<Promotion>get(PromotionTopology.PROMOTIONS, promotionId)
            .orElseThrow(() -> ProblemException.notFound("promotion " + promotionId));
    if (body.kind() == OverrideRequest.Kind.SCHEDULE && p.state() != PromotionState.SCHEDULED) {
      throw ProblemException.conflict(
          "promotion " + promotionId + " is " + p.state() + ", not SCHEDULED", "kind");
    }
    if (body.kind() == OverrideRequest.Kind.FORCE) {
      if (p.state() != PromotionState.BLOCKED || p.failedGates().isEmpty()) {
        throw ProblemException.conflict(
            "promotion " + promotionId + " is " + p.state() + ", not blocked by gates", "kind");
      }
      if (!p.failedCriticalGates().isEmpty()) {
        throw ProblemException.conflict(
            "critical gates failed and are never overridden: " + p.failedCriticalGates(), "kind");
      }
    }
    EventMetadata meta =
        events.meta(
            new ArtifactRef(p.application(), p.version(), p.digest()),
            promotionId,
            null,
            admin.user());
    publisher.publish(
        Topics.PROMOTIONS,
        p.application(),
        new PromotionsEnvelope(meta, new PromotionOverridden(body.kind().name(), body.reason())));
    return ResponseEntity.accepted()
        .body(Map.of("promotionId", promotionId, "eventId", meta.getEventId()));
  }
}
