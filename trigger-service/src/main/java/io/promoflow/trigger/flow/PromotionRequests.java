package io.promoflow.trigger.flow;

import io.promoflow.platform.events.Events;
import io.promoflow.schemas.common.EventMetadata;
import io.promoflow.schemas.requests.PromotionRequested;
import io.promoflow.schemas.requests.PromotionRequestsEnvelope;
import io.promoflow.trigger.domain.PromotionIntent;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** Turns a {@link PromotionIntent} into the {@code PromotionRequested} event. */
@Component
public class PromotionRequests {

  private final Events events;

  public PromotionRequests(Events events) {
    this.events = events;
  }

  /**
   * The request event.
   *
   * @param promotionId the new promotion's id
   * @param causationId the event that caused the request, or null for a request made over HTTP
   * @param actor authenticated principal, or null for the service
   */
  public PromotionRequestsEnvelope envelope(
      PromotionIntent intent,
      String promotionId,
      String causationId,
      String actor,
      String urgency,
      String changeRequestId) {
    EventMetadata meta = events.meta(intent.artifact(), promotionId, causationId, actor);
    return new PromotionRequestsEnvelope(
        meta,
        PromotionRequested.newBuilder()
            .setType(intent.type())
            .setSourceStage(intent.sourceStage())
            .setTargetStage(intent.targetStage())
            .setRequestedBy(intent.requestedBy())
            .setReason(intent.reason())
            .setUrgency(urgency)
            .setChangeRequestId(changeRequestId)
            .build());
  }

  /**
   * The request caused by event {@code cause}; its promotion id derives from the cause, so a replay
   * reproduces it.
   */
  public PromotionRequestsEnvelope causedBy(PromotionIntent intent, EventMetadata cause) {
    String promotionId =
        UUID.nameUUIDFromBytes(("promotion:" + cause.getEventId()).getBytes(StandardCharsets.UTF_8))
            .toString();
    return envelope(intent, promotionId, cause.getEventId(), null, null, null);
  }
}
