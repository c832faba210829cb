package io.promoflow.promotion.flow;

import io.promoflow.platform.events.EventTypes;
import io.promoflow.platform.events.Events;
import io.promoflow.promotion.domain.AuditChain;
import io.promoflow.rules.keys.AuditChainKey;
import io.promoflow.schemas.Topics;
import io.promoflow.schemas.audit.AuditEnvelope;
import io.promoflow.schemas.audit.AuditRecorded;
import io.promoflow.schemas.common.EventMetadata;
import io.promoflow.schemas.policies.PoliciesEnvelope;
import io.promoflow.schemas.releases.ReleasesEnvelope;
import java.util.Set;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Appends every decision-relevant event promotion-service reads — builds, requests, gate results,
 * every approval step, its own promotion events (overrides included), verifications, rollback
 * decisions and lifted holds, and the policies put in force — to a hash chain on {@code
 * promoflow.audit.v1}, in the same exactly-once transaction: one chain per application, one per
 * pipeline policy (key {@code policy:<name>}) and one per platform release (key {@code
 * release:<releaseId>}: every event of {@code promoflow.releases.v1}, whose record key is the
 * release id; RELEASES.md point 6) — never an application name: those have no colon, {@link
 * AuditChainKey} refuses one that has, and a release id with {@code :} or {@code |}. The content is
 * the event's canonical JSON (Avro's JSON rendering, fields in schema order), so the chain can be
 * checked without any service. Every event type of the contract is chained except {@link
 * #NOT_CHAINED} (issue 12 point 5: a decision-relevant type cannot be left out silently).
 */
public final class AuditProcessor
    implements Processor<String, SpecificRecord, String, AuditEnvelope> {

  /** Store of each chain's head. */
  public static final String CHAINS = "audit-chains";

  /** Prefix of the chain key of a pipeline policy's activations. */
  public static final String POLICY_CHAIN_PREFIX = AuditChainKey.POLICY_PREFIX;

  /**
   * The event types deliberately left off the chain, each for a reason: notifications only report
   * deliveries of events that are chained themselves; health reports are raw telemetry every few
   * seconds, whose verdict ({@code VerificationPassed}/{@code Failed}/{@code Inconclusive}, with
   * its reasons) is chained; audit records are the chain itself.
   */
  public static final Set<String> NOT_CHAINED =
      Set.of(
          "NotificationAttempted",
          "NotificationDelivered",
          "NotificationFailed",
          "HealthReported",
          "AuditRecorded");

  static final Set<String> RELEVANT =
      Set.of(
          "BuildCompleted",
          "EvidenceSubmitted",
          "PromotionRequested",
          "GateEvaluated",
          "GatesEvaluated",
          "ApprovalRequested",
          "ApprovalDecisionRecorded",
          "ApprovalWithdrawn",
          "ApprovalGranted",
          "ApprovalRejected",
          "ApprovalExpired",
          "ApprovalEscalated",
          "ApprovalExtended",
          "ApprovalVoided",
          "ApprovalReminded",
          "PromotionStarted",
          "PromotionAwaitingApproval",
          "PromotionScheduled",
          "PromotionBlocked",
          "PromotionOverridden",
          "PromotionExecuting",
          "PromotionAttempted",
          "StagePromoted",
          "PromotionFailed",
          "VerificationStarted",
          "VerificationPassed",
          "VerificationFailed",
          "VerificationInconclusive",
          "VerificationRerunRequested",
          "MonitoringQueryFailed",
          "RollbackDecided",
          "RollbackUnavailable",
          "HoldLifted",
          "PolicyActivated",
          // promoflow.releases.v1 (schema set v4): a release's creation, gates, promotions,
          // failures,
          // rollbacks and train phases, on the chain release:<releaseId>
          "ReleaseCreated",
          "ReleaseComponentsCollected",
          "ReleasePromotionRequested",
          "ReleaseGatesEvaluated",
          "ReleasePromotionStarted",
          "ReleaseStagePromoted",
          "ReleasePromotionFailed",
          "ReleaseRollbackRequested",
          "TrainPhaseEntered",
          "TrainRetrospective");

  /** True when events of {@code type} are appended to the chain. */
  public static boolean chained(String type) {
    return RELEVANT.contains(type);
  }

  /**
   * The chain an event of {@code value}'s topic keyed {@code key} goes on: a policy's activations,
   * a release's events, else the application's.
   *
   * @throws io.promoflow.rules.keys.MalformedKeyException for a key that names no chain (an
   *     application or release id with a colon): the record goes to the dead-letter topic
   */
  static AuditChainKey chainOf(String key, SpecificRecord value) {
    if (value instanceof PoliciesEnvelope) {
      return AuditChainKey.policy(key);
    }
    if (value instanceof ReleasesEnvelope) {
      return AuditChainKey.release(key);
    }
    return AuditChainKey.application(key);
  }

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
    String topic =
        context
            .recordMetadata()
            .map(m -> m.topic())
            .orElseGet(
                () ->
                    Topics.byType(record.value().getClass()).map(t -> t.name()).orElse("unknown"));
    String chain = chainOf(record.key(), record.value()).value();
    AuditChain before = chains.get(chain);
    AuditChain head = before == null ? AuditChain.start() : before;
    String content = record.value().toString();
    AuditChain after = head.append(content);
    chains.put(chain, after);
    EventMetadata meta =
        events.meta(subject.getArtifact(), subject.getPromotionId(), subject.getEventId(), null);
    context.forward(
        record
            .withKey(chain)
            .withValue(
                new AuditEnvelope(
                    meta,
                    new AuditRecorded(
                        after.sequence(),
                        topic,
                        subject.getEventId(),
                        type,
                        content,
                        head.lastHash(),
                        after.lastHash())))
            .withTimestamp(meta.getOccurredAt().toEpochMilli()));
  }
}
