package io.promoflow.trigger.flow;

import io.promoflow.platform.events.Events;
import io.promoflow.platform.streams.InputProgress;
import io.promoflow.platform.streams.Stores;
import io.promoflow.platform.streams.Topologies;
import io.promoflow.rules.policy.PipelinePolicy;
import io.promoflow.rules.release.ApplicationStages;
import io.promoflow.rules.release.ReleaseCoordinator;
import io.promoflow.rules.release.ReleaseState;
import io.promoflow.schemas.Topic;
import io.promoflow.schemas.Topics;
import io.promoflow.schemas.builds.BuildCompleted;
import io.promoflow.schemas.builds.BuildsEnvelope;
import io.promoflow.schemas.builds.EvidenceRef;
import io.promoflow.schemas.builds.EvidenceSubmitted;
import io.promoflow.schemas.promotions.PromotionBlocked;
import io.promoflow.schemas.promotions.PromotionFailed;
import io.promoflow.schemas.promotions.PromotionsEnvelope;
import io.promoflow.schemas.promotions.StagePromoted;
import io.promoflow.schemas.releases.ReleaseCreated;
import io.promoflow.schemas.releases.ReleasePromotionRequested;
import io.promoflow.schemas.releases.ReleasesEnvelope;
import io.promoflow.schemas.requests.PromotionRequestsEnvelope;
import io.promoflow.schemas.verifications.VerificationFailed;
import io.promoflow.schemas.verifications.VerificationInconclusive;
import io.promoflow.schemas.verifications.VerificationPassed;
import io.promoflow.schemas.verifications.VerificationsEnvelope;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The release coordinator (GitHub issue 18 points 1 and 3; RELEASES.md step 3), a sub-topology of
 * trigger-service: the release commands ({@code ReleaseCreated}, {@code
 * ReleasePromotionRequested}), the promotion outcomes ({@code StagePromoted}, {@code
 * PromotionBlocked}, {@code PromotionFailed}), the verifications ({@code VerificationPassed},
 * {@code Failed}, {@code Inconclusive}) and the builds carrying a {@code dependencies-json}
 * document are re-keyed to one constant key and repartitioned to one partition ({@value
 * #REPARTITION}): releases are few, and one task then sees the whole platform's stage view without
 * reading across partitions. The rules are {@link ReleaseCoordinator}'s; this class only moves
 * records and stores ({@link ReleaseStores}: {@code releases}, {@code platform-stages}, {@code
 * release-index}). Out: release events on {@code promoflow.releases.v1} (key release id) and
 * component promotion requests on {@code promoflow.promotion-requests.v1} (key application).
 *
 * <p>The facts timeout is a wall-clock punctuator; it fires for a deadline only once the input was
 * read up to it ({@link InputProgress}), so a verification still in the backlog after a restart is
 * seen first. The release trains' phases are a second wall-clock punctuator under the same rule
 * (issue 18 point 2): it only decides whether a phase is due; what it emits ({@code
 * TrainPhaseEntered} with {@code scheduledAt} = the phase's time, the collection, the
 * retrospective) comes from the state, and the phases entered are written to the {@code releases}
 * store in the same transaction as the events, so a restart does not enter a phase twice.
 */
@Component
public class ReleaseTopology {

  /** Name of the one-partition repartition topic ({@code <application id>-<name>-repartition}). */
  public static final String REPARTITION = "release-coordination";

  /** The one key every coordination record carries. */
  static final String PLATFORM = "platform";

  private final ReleaseCoordinator coordinator;
  private final Events events;
  private final Duration interval;

  @Autowired
  public ReleaseTopology(PipelinePolicy policy, Events events) {
    this(policy, events, Duration.ofSeconds(1));
  }

  ReleaseTopology(PipelinePolicy policy, Events events, Duration interval) {
    this.coordinator = new ReleaseCoordinator(policy, events.service());
    this.events = events;
    this.interval = interval;
  }

  @Autowired
  public void define(StreamsBuilder builder) {
    Stores.add(builder, ReleaseStores.RELEASES, ReleaseState.class);
    Stores.add(builder, ReleaseStores.PLATFORM_STAGES, ApplicationStages.class);
    Stores.add(builder, ReleaseStores.INDEX, String.class);
    KStream<String, Input> releases =
        Topologies.stream(builder, Topics.RELEASES)
            .filter(
                (k, v) ->
                    v.getPayload() instanceof ReleaseCreated
                        || v.getPayload() instanceof ReleasePromotionRequested)
            .mapValues(v -> new Input(Kind.RELEASES, v));
    KStream<String, Input> promotions =
        Topologies.stream(builder, Topics.PROMOTIONS)
            .filter(
                (k, v) ->
                    v.getPayload() instanceof StagePromoted
                        || v.getPayload() instanceof PromotionBlocked
                        || v.getPayload() instanceof PromotionFailed)
            .mapValues(v -> new Input(Kind.PROMOTIONS, v));
    KStream<String, Input> verifications =
        Topologies.stream(builder, Topics.VERIFICATIONS)
            .filter(
                (k, v) ->
                    v.getPayload() instanceof VerificationPassed
                        || v.getPayload() instanceof VerificationFailed
                        || v.getPayload() instanceof VerificationInconclusive)
            .mapValues(v -> new Input(Kind.VERIFICATIONS, v));
    KStream<String, Input> builds =
        Topologies.stream(builder, Topics.BUILDS)
            .filter((k, v) -> declaresDependencies(v))
            .mapValues(v -> new Input(Kind.BUILDS, v));
    KStream<String, SpecificRecord> out =
        releases
            .merge(promotions)
            .merge(verifications)
            .merge(builds)
            .selectKey((k, v) -> PLATFORM)
            .repartition(
                Repartitioned.<String, Input>with(Serdes.String(), new InputSerde())
                    .withName(REPARTITION)
                    .withNumberOfPartitions(1))
            .process(
                Coordinator::new,
                ReleaseStores.RELEASES,
                ReleaseStores.PLATFORM_STAGES,
                ReleaseStores.INDEX);
    out.filter((k, v) -> v instanceof ReleasesEnvelope)
        .mapValues(v -> (ReleasesEnvelope) v)
        .to(Topics.RELEASES.name(), Topologies.to(Topics.RELEASES));
    out.filter((k, v) -> v instanceof PromotionRequestsEnvelope)
        .mapValues(v -> (PromotionRequestsEnvelope) v)
        .to(Topics.PROMOTION_REQUESTS.name(), Topologies.to(Topics.PROMOTION_REQUESTS));
  }

  private static boolean declaresDependencies(BuildsEnvelope b) {
    List<EvidenceRef> evidence =
        b.getPayload() instanceof BuildCompleted c
            ? c.getEvidence()
            : b.getPayload() instanceof EvidenceSubmitted s ? s.getEvidence() : List.of();
    return evidence.stream()
        .anyMatch(e -> ReleaseCoordinator.DEPENDENCIES_JSON.equals(e.getFormat()));
  }

  /** Where a coordination record came from: its topic, and so its serde. */
  enum Kind {
    RELEASES(Topics.RELEASES),
    PROMOTIONS(Topics.PROMOTIONS),
    VERIFICATIONS(Topics.VERIFICATIONS),
    BUILDS(Topics.BUILDS);

    final Topic<? extends SpecificRecord> topic;

    Kind(Topic<? extends SpecificRecord> topic) {
      this.topic = topic;
    }
  }

  /** One coordination record: the envelope as its topic carried it. */
  record Input(Kind kind, SpecificRecord envelope) {}

  /**
   * The repartition topic's serde: one byte for the {@link Kind}, then the envelope in its topic's
   * own encoding (Avro single-object, so every released schema stays readable).
   */
  static final class InputSerde implements Serde<Input> {

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public Serializer<Input> serializer() {
      return (topic, input) -> {
        if (input == null) {
          return null;
        }
        byte[] body =
            ((Serializer) input.kind().topic.serde().serializer())
                .serialize(topic, input.envelope());
        byte[] bytes = new byte[body.length + 1];
        bytes[0] = (byte) input.kind().ordinal();
        System.arraycopy(body, 0, bytes, 1, body.length);
        return bytes;
      };
    }

    @Override
    public Deserializer<Input> deserializer() {
      return (topic, bytes) -> {
        if (bytes == null) {
          return null;
        }
        if (bytes.length < 1 || bytes[0] < 0 || bytes[0] >= Kind.values().length) {
          throw new SerializationException("not a release coordination record");
        }
        Kind kind = Kind.values()[bytes[0]];
        byte[] body = java.util.Arrays.copyOfRange(bytes, 1, bytes.length);
        return new Input(kind, kind.topic.serde().deserializer().deserialize(topic, body));
      };
    }
  }

  /** Runs {@link ReleaseCoordinator} over the stores and publishes what it emits. */
  private final class Coordinator implements Processor<String, Input, String, SpecificRecord> {

    private ProcessorContext<String, SpecificRecord> context;
    private KeyValueStore<String, ReleaseState> releases;
    private KeyValueStore<String, ApplicationStages> applications;
    private KeyValueStore<String, String> index;
    private InputProgress progress;
    private ReleaseCoordinator.State state;

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
      this.context = context;
      this.releases = context.getStateStore(ReleaseStores.RELEASES);
      this.applications = context.getStateStore(ReleaseStores.PLATFORM_STAGES);
      this.index = context.getStateStore(ReleaseStores.INDEX);
      this.progress = new InputProgress(context::currentSystemTimeMs, InputProgress.QUIET);
      this.state = new StoreState();
      context.schedule(interval, PunctuationType.WALL_CLOCK_TIME, this::timeouts);
      context.schedule(interval, PunctuationType.WALL_CLOCK_TIME, this::trains);
    }

    @Override
    public void process(Record<String, Input> record) {
      progress.read();
      SpecificRecord e = record.value().envelope();
      List<ReleaseCoordinator.Emit> out =
          switch (record.value().kind()) {
            case RELEASES -> coordinator.onRelease((ReleasesEnvelope) e, state);
            case PROMOTIONS -> coordinator.onPromotion((PromotionsEnvelope) e, state);
            case VERIFICATIONS -> coordinator.onVerification((VerificationsEnvelope) e, state);
            case BUILDS -> coordinator.onBuild((BuildsEnvelope) e, state);
          };
      forward(out, record.timestamp());
    }

    /**
     * Times out waiting promotions whose deadline passed, as far as the input was read: without a
     * quiet input, no later than the stream time.
     */
    private void timeouts(long now) {
      Optional<Long> next = coordinator.nextTimeout(state);
      if (next.isEmpty() || next.get() > now) {
        return;
      }
      long streamTime = context.currentStreamTimeMs();
      long readUpTo =
          progress.readUpTo(Long.MAX_VALUE, streamTime) ? now : Math.min(now, streamTime);
      forward(coordinator.onTime(readUpTo, state), now);
    }

    /**
     * Enters the due phases of the open trains ({@link ReleaseCoordinator#onTrainTime}): a phase is
     * due once its time passed and the input was read up to it, so the collection sees every
     * verification that happened before it even right after a restart. Only the instance owning
     * this one-partition task runs it, over its own store.
     */
    private void trains(long now) {
      long streamTime = context.currentStreamTimeMs();
      long readUpTo =
          progress.readUpTo(Long.MAX_VALUE, streamTime) ? now : Math.min(now, streamTime);
      forward(coordinator.onTrainTime(readUpTo, now, state), now);
    }

    private void forward(List<ReleaseCoordinator.Emit> out, long timestamp) {
      for (ReleaseCoordinator.Emit emit : out) {
        if (emit instanceof ReleaseCoordinator.ReleaseEvent r) {
          context.forward(
              new Record<>(
                  r.releaseId(),
                  new ReleasesEnvelope(events.meta(null, null, r.causationId(), null), r.payload()),
                  timestamp));
        } else if (emit instanceof ReleaseCoordinator.Request q) {
          context.forward(
              new Record<>(
                  q.artifact().getApplication(),
                  new PromotionRequestsEnvelope(
                      events.meta(q.artifact(), q.promotionId(), q.causationId(), q.actor()),
                      q.request()),
                  timestamp));
        }
      }
    }

    /** The coordinator's state in this task's stores. */
    private final class StoreState implements ReleaseCoordinator.State {

      @Override
      public Optional<ReleaseState> release(String releaseId) {
        return Optional.ofNullable(releases.get(releaseId));
      }

      @Override
      public void put(ReleaseState release) {
        releases.put(release.releaseId(), release);
      }

      @Override
      public Optional<ApplicationStages> application(String application) {
        return Optional.ofNullable(applications.get(application));
      }

      @Override
      public void put(ApplicationStages application) {
        applications.put(application.application(), application);
      }

      @Override
      public Optional<String> releaseOf(String promotionId) {
        return Optional.ofNullable(index.get("promotion:" + promotionId));
      }

      @Override
      public void index(String promotionId, String releaseId) {
        index.put("promotion:" + promotionId, releaseId);
      }

      @Override
      public List<String> waiting() {
        List<String> ids = new ArrayList<>();
        try (KeyValueIterator<String, String> it =
            index.prefixScan("waiting:", new StringSerializer())) {
          it.forEachRemaining((KeyValue<String, String> kv) -> ids.add(kv.value));
        }
        return ids;
      }

      @Override
      public List<ApplicationStages> applications() {
        List<ApplicationStages> all = new ArrayList<>();
        try (KeyValueIterator<String, ApplicationStages> it = applications.all()) {
          it.forEachRemaining(kv -> all.add(kv.value));
        }
        return all;
      }

      @Override
      public List<String> trains() {
        List<String> ids = new ArrayList<>();
        try (KeyValueIterator<String, String> it =
            index.prefixScan("train:", new StringSerializer())) {
          it.forEachRemaining((KeyValue<String, String> kv) -> ids.add(kv.value));
        }
        return ids;
      }

      @Override
      public void train(String releaseId, boolean open) {
        if (open) {
          index.put("train:" + releaseId, releaseId);
        } else {
          index.delete("train:" + releaseId);
        }
      }

      @Override
      public void waiting(String releaseId, boolean waiting) {
        if (waiting) {
          index.put("waiting:" + releaseId, releaseId);
        } else {
          index.delete("waiting:" + releaseId);
        }
      }
    }
  }
}
