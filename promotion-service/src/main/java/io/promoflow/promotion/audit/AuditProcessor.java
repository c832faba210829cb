package io.promoflow.promotion.audit;

import io.promoflow.platform.events.EventTypes;
import io.promoflow.platform.events.Events;
import io.promoflow.schemas.Topics;
import io.promoflow.schemas.audit.AuditEnvelope;
import io.promoflow.schemas.audit.AuditRecorded;
import io.promoflow.schemas.common.EventMetadata;
import java.util.Set;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Appends every decision-relevant event promotion-service reads — builds, requests, gate results, approval steps,
 * its own promotion events, verifications — to the application's hash chain on {@code promoflow.audit.v1}, in the
 * same exactly-once transaction. The content is the event's canonical JSON (Avro's JSON rendering, fields in schema
 * order), so the chain can be checked without any service.
 */
public final class AuditProcessor implements Processor<String, SpecificRecord, String, AuditEnvelope> {

  /** Store of each application's chain head. */
  public static final String CHAINS = "audit-chains";
  static final Set<String> RELEVANT = Set.of("BuildCompleted", "EvidenceSubmitted", "PromotionRequested", "GateEvaluated",
      "GatesEvaluated", "ApprovalRequested", "ApprovalDecisionRecorded", "ApprovalWithdrawn", "ApprovalGranted",
      "ApprovalRejected", "ApprovalExpired", "ApprovalEscalated", "ApprovalExtended", "ApprovalVoided", "PromotionStarted",
      "PromotionAwaitingApproval", "PromotionScheduled", "PromotionBlocked", "PromotionExecuting", "PromotionAttempted",
      "StagePromoted", "PromotionFailed", "VerificationPassed", "VerificationFailed", "RollbackDecided",
      "RollbackUnavailable", "HoldLifted");

  private final Events events;
  private ProcessorContext<String, AuditEnvelope> context;
  private KeyValueStore<String, AuditChain> chains;

  public AuditProcessor(Events events) {
    this.events = events;
  }

  @Override
  public void init(ProcessorContext<String, AuditEnvelope> context) {
    this.context = context;
    this.chains = context.getStateStore(CHAINS);
  }

  @Override
  public void process(Record<String, SpecificRecord> record) {
    String type = EventTypes.of(record.value());
    if (!RELEVANT.contains(type) || record.key() == null) {
      return;
    }
    EventMetadata subject = (EventMetadata) record.value().get(0);
    String topic = context.recordMetadata().map(m -> m.topic())
        .orElseGet(() -> Topics.byType(record.value().getClass()).map(t -> t.name()).orElse("unknown"));
    AuditChain before = chains.get(record.key());
    AuditChain head = before == null ? AuditChain.start() : before;
    String content = record.value().toString();
    AuditChain after = head.append(content);
    chains.put(record.key(), after);
    EventMetadata meta = events.meta(subject.getArtifact(), subject.getPromotionId(), subject.getEventId(), null);
    context.forward(record.withValue(new AuditEnvelope(meta, new AuditRecorded(after.sequence(), topic,
        subject.getEventId(), type, content, head.lastHash(), after.lastHash()))).withTimestamp(meta.getOccurredAt().toEpochMilli()));
  }
}
