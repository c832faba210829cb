package io.promoflow.console.flow.board;

import io.promoflow.schemas.Topics;
import io.promoflow.schemas.common.ArtifactRef;
import io.promoflow.schemas.common.EventMetadata;
import io.promoflow.schemas.common.ReleaseRef;
import io.promoflow.schemas.promotions.PromotionsEnvelope;
import io.promoflow.schemas.promotions.StagePromoted;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Reads the event topics a board page shows (as principal {@code console-service}, {@code
 * read_committed} like every consumer) and tells connected browsers which application, promotion
 * and platform release changed ({@link BoardChanges}). Each console instance reads every partition
 * in its own group {@code console-service-board-<instance-id>}, from the end on its first start:
 * the browsers it serves need only what changes while they are connected; they read the state from
 * the services.
 */
@Component
public class BoardListener {

  private final BoardChanges changes;
  private final Attestations attestations;

  public BoardListener(BoardChanges changes, Attestations attestations) {
    this.changes = changes;
    this.attestations = attestations;
  }

  @KafkaListener(
      id = "console-service-board-${promoflow.instance-id:0}",
      groupId = "console-service-board-${promoflow.instance-id:0}",
      properties = {"auto.offset.reset=latest"},
      topics = {
        "#{T(io.promoflow.schemas.Topics).BUILDS.name()}",
        "#{T(io.promoflow.schemas.Topics).PROMOTION_REQUESTS.name()}",
        "#{T(io.promoflow.schemas.Topics).GATE_RESULTS.name()}",
        "#{T(io.promoflow.schemas.Topics).APPROVALS.name()}",
        "#{T(io.promoflow.schemas.Topics).PROMOTIONS.name()}",
        "#{T(io.promoflow.schemas.Topics).VERIFICATIONS.name()}",
        "#{T(io.promoflow.schemas.Topics).ROLLBACKS.name()}",
        "#{T(io.promoflow.schemas.Topics).RELEASES.name()}"
      })
  public void onEvent(ConsumerRecord<String, Object> record) {
    BoardChange change = change(record.topic(), record.key(), record.value());
    if (record.value() instanceof PromotionsEnvelope envelope
        && envelope.getPayload() instanceof StagePromoted promoted) {
      attestations.completed(change.promotionId(), promoted.getAttestation() != null);
    }
    changes.publish(change);
  }

  /**
   * What {@code value} (an envelope of the catalogue) changed: its metadata's artifact and
   * promotion, the record key (the application on every event topic) when the metadata names no
   * artifact.
   */
  static BoardChange change(String topic, String key, Object value) {
    boolean release = Topics.RELEASES.name().equals(topic);
    // promoflow.releases.v1 is keyed by release id, every other event topic by application
    String application = release ? null : key;
    String releaseId = release ? key : null;
    String promotionId = null;
    String event = null;
    if (value instanceof SpecificRecord envelope) {
      Schema.Field metaField = envelope.getSchema().getField("meta");
      if (metaField != null && envelope.get(metaField.pos()) instanceof EventMetadata meta) {
        promotionId = meta.getPromotionId();
        ArtifactRef artifact = meta.getArtifact();
        if (artifact != null && artifact.getApplication() != null) {
          application = artifact.getApplication();
        }
      }
      Schema.Field payload = envelope.getSchema().getField("payload");
      if (payload != null && envelope.get(payload.pos()) instanceof SpecificRecord p) {
        event = p.getSchema().getName();
        // a component promotion of a release (RELEASES.md point 1: ReleaseRef on requests, gate
        // summaries, approval requests and StagePromoted) also changes the release's page
        Schema.Field ref = p.getSchema().getField("release");
        if (releaseId == null && ref != null && p.get(ref.pos()) instanceof ReleaseRef r) {
          releaseId = r.getReleaseId();
        }
      }
    }
    return new BoardChange(topic, event, application, promotionId, releaseId);
  }
}
