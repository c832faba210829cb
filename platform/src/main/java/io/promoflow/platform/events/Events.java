package io.promoflow.platform.events;

import io.promoflow.rules.policy.PipelinePolicy;
import io.promoflow.schemas.common.ArtifactRef;
import io.promoflow.schemas.common.EventMetadata;
import java.time.Clock;
import java.util.UUID;

/**
 * Creates the metadata every event carries: a new eventId, the time from the service's clock, the
 * writing service and the digest of the policy in force.
 */
public class Events {

  private final Clock clock;
  private final String service;
  private final String policyDigest;

  public Events(Clock clock, String service, PipelinePolicy policy) {
    io.promoflow.schemas.AvroTrust.ensure();
    this.clock = clock;
    this.service = service;
    this.policyDigest = policy.digest();
  }

  /**
   * Metadata of a new event.
   *
   * @param artifact the artifact the event is about; null for events about no artifact
   * @param promotionId the promotion, or null
   * @param causationId eventId of the event that caused this one, or null
   * @param actor authenticated principal, or null for the service itself
   */
  public EventMetadata meta(
      ArtifactRef artifact, String promotionId, String causationId, String actor) {
    return EventMetadata.newBuilder()
        .setEventId(UUID.randomUUID().toString())
        .setOccurredAt(clock.instant())
        .setPromotionId(promotionId)
        .setCausationId(causationId)
        .setActor(actor == null ? service : actor)
        .setSource(service)
        .setArtifact(artifact == null ? null : ArtifactRef.newBuilder(artifact).build())
        .setPolicyDigest(policyDigest)
        .build();
  }

  /** Metadata of an event caused by {@code cause}, about the same artifact and promotion. */
  public EventMetadata follow(EventMetadata cause) {
    return meta(cause.getArtifact(), cause.getPromotionId(), cause.getEventId(), null);
  }

  /** The writing service's name. */
  public String service() {
    return service;
  }

  /** The clock of this service. */
  public Clock clock() {
    return clock;
  }
}
