package io.promoflow.trigger.flow;

import io.promoflow.platform.events.Events;
import io.promoflow.platform.streams.Stores;
import io.promoflow.platform.streams.Topologies;
import io.promoflow.rules.policy.PipelinePolicy;
import io.promoflow.schemas.Topics;
import io.promoflow.schemas.builds.BuildCompleted;
import io.promoflow.schemas.builds.BuildsEnvelope;
import io.promoflow.schemas.builds.EvidenceSubmitted;
import io.promoflow.schemas.common.ArtifactRef;
import io.promoflow.schemas.requests.PromotionRequestsEnvelope;
import io.promoflow.trigger.domain.BuildRecord;
import io.promoflow.trigger.domain.TriggerRules;
import java.time.Duration;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * builds, verifications and rollback decisions in; promotion requests out (automatic next-stage
 * requests wait for the source stage's soak time, see {@link SoakScheduler}). Records every build
 * (store {@value #BUILDS}) and GitHub delivery (store {@value #DELIVERIES}) so that the HTTP routes
 * answer duplicates and digest conflicts.
 */
@Component
public class TriggerTopology {

  /** Store of recorded builds; its name lives with {@link BuildRecord} ({@link BuildStores}). */
  public static final String BUILDS = BuildStores.BUILDS;

  /** Store of recorded GitHub deliveries. */
  public static final String DELIVERIES = BuildStores.DELIVERIES;

  private static final Logger log = LoggerFactory.getLogger(TriggerTopology.class);

  private final TriggerRules rules;
  private final PromotionRequests requests;
  private final PipelinePolicy policy;

  public TriggerTopology(PipelinePolicy policy, Events events, PromotionRequests requests) {
    this.policy = policy;
    this.rules = new TriggerRules(policy, events.service());
    this.requests = requests;
  }

  @Autowired
  public void define(StreamsBuilder builder) {
    Stores.add(builder, BUILDS, BuildRecord.class);
    Stores.add(builder, DELIVERIES, String.class);
    KStream<String, PromotionRequestsEnvelope> afterBuilds =
        Topologies.stream(builder, Topics.BUILDS).process(BuildIntake::new, BUILDS, DELIVERIES);
    Stores.add(builder, SoakScheduler.STORE, SoakScheduler.Soaking.class);
    KStream<String, PromotionRequestsEnvelope> afterVerifications =
        Topologies.stream(builder, Topics.VERIFICATIONS)
            .process(
                () -> new SoakScheduler(rules, requests, policy, Duration.ofMillis(500)),
                SoakScheduler.STORE);
    KStream<String, PromotionRequestsEnvelope> afterRollbacks =
        Topologies.stream(builder, Topics.ROLLBACKS)
            .flatMapValues(
                r ->
                    rules
                        .afterRollbackDecision(r)
                        .map(i -> requests.causedBy(i, r.getMeta()))
                        .stream()
                        .toList());
    afterBuilds
        .merge(afterVerifications)
        .merge(afterRollbacks)
        .to(Topics.PROMOTION_REQUESTS.name(), Topologies.to(Topics.PROMOTION_REQUESTS));
  }

  /**
   * Records a build once; a new build is requested into the first stage, a rebuilt digest is
   * refused.
   */
  private final class BuildIntake
      implements Processor<String, BuildsEnvelope, String, PromotionRequestsEnvelope> {

    private ProcessorContext<String, PromotionRequestsEnvelope> context;
    private KeyValueStore<String, BuildRecord> builds;
    private KeyValueStore<String, String> deliveries;

    @Override
    public void init(ProcessorContext<String, PromotionRequestsEnvelope> context) {
      this.context = context;
      this.builds = context.getStateStore(BUILDS);
      this.deliveries = context.getStateStore(DELIVERIES);
    }

    @Override
    public void process(Record<String, BuildsEnvelope> record) {
      if (record.value().getPayload() instanceof EvidenceSubmitted more) {
        // count uploaded evidence against the build's limits (EvidenceLimits, checked by the HTTP
        // route)
        ArtifactRef a = record.value().getMeta().getArtifact();
        String key = BuildRecord.key(a.getApplication(), a.getVersion());
        BuildRecord known = builds.get(key);
        if (known != null && known.digest().equals(a.getDigest())) {
          builds.put(key, known.withEvidence(more.getEvidence()));
        }
        return;
      }
      if (!(record.value().getPayload() instanceof BuildCompleted build)) {
        return;
      }
      ArtifactRef a = record.value().getMeta().getArtifact();
      String key = BuildRecord.key(a.getApplication(), a.getVersion());
      BuildRecord known = builds.get(key);
      if (known != null) {
        if (!known.digest().equals(a.getDigest())) {
          log.warn(
              "build {} {} arrived with digest {} but was built as {}: no rebuilds, not promoted",
              a.getApplication(),
              a.getVersion(),
              a.getDigest(),
              known.digest());
        }
        return;
      }
      String eventId = record.value().getMeta().getEventId();
      builds.put(
          key,
          new BuildRecord(
                  a.getApplication(),
                  a.getVersion(),
                  a.getDigest(),
                  eventId,
                  build.getSourceCommit(),
                  build.getPipelineRunId(),
                  build.getBuildFinishedAt().toEpochMilli(),
                  build.getDeliveryId())
              .withEvidence(build.getEvidence()));
      if (build.getDeliveryId() != null) {
        deliveries.put(build.getDeliveryId(), key);
      }
      rules
          .afterBuild(record.value())
          .ifPresent(
              intent ->
                  context.forward(
                      record.withValue(requests.causedBy(intent, record.value().getMeta()))));
    }
  }
}
