package io.promoflow.trigger.build;

import io.promoflow.platform.events.Events;
import io.promoflow.platform.kafka.Publisher;
import io.promoflow.platform.streams.StoreQueries;
import io.promoflow.platform.web.ProblemException;
import io.promoflow.schemas.Topics;
import io.promoflow.schemas.builds.BuildCompleted;
import io.promoflow.schemas.builds.BuildsEnvelope;
import io.promoflow.schemas.builds.EvidenceRef;
import io.promoflow.schemas.builds.EvidenceSubmitted;
import io.promoflow.schemas.common.ArtifactRef;
import io.promoflow.schemas.common.EventMetadata;
import io.promoflow.trigger.flow.TriggerTopology;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Service;

/**
 * Records builds arriving over HTTP (native API and GitHub webhook) exactly once: the same application, version and
 * digest again is answered with the first event and publishes nothing; the same version with another digest is a
 * conflict (no rebuilds). Builds published but not yet in the topology's store are remembered here so that a quick
 * retry is still recognised.
 */
@Service
public class BuildIntake {

  private final StoreQueries stores;
  private final Publisher publisher;
  private final Events events;
  private final Map<String, BuildRecord> recent = new ConcurrentHashMap<>();
  private final Map<String, String> recentDeliveries = new ConcurrentHashMap<>();

  public BuildIntake(StoreQueries stores, Publisher publisher, Events events) {
    this.stores = stores;
    this.publisher = publisher;
    this.events = events;
  }

  /** Outcome of recording a build: {@code created} false for a repeat of a recorded build. */
  public record Recorded(String application, String version, String eventId, boolean created) {
  }

  /**
   * Records a build.
   *
   * @param actor the authenticated principal (or {@code github} for webhooks)
   * @throws ProblemException 409 when the version was recorded with another digest
   */
  public synchronized Recorded record(ArtifactRef artifact, BuildCompleted build, String actor) {
    Optional<BuildRecord> known = find(artifact.getApplication(), artifact.getVersion());
    if (known.isPresent()) {
      BuildRecord k = known.get();
      if (!k.digest().equals(artifact.getDigest())) {
        throw ProblemException.conflict(artifact.getApplication() + " " + artifact.getVersion() + " was built with digest "
            + k.digest() + "; a version is immutable, rebuilds are refused: publish a new version", "digest");
      }
      return new Recorded(k.application(), k.version(), k.eventId(), false);
    }
    EventMetadata meta = events.meta(artifact, null, null, actor);
    publisher.publish(Topics.BUILDS, artifact.getApplication(), new BuildsEnvelope(meta, build));
    BuildRecord record = new BuildRecord(artifact.getApplication(), artifact.getVersion(), artifact.getDigest(),
        meta.getEventId(), build.getSourceCommit(), build.getPipelineRunId(), build.getBuildFinishedAt().toEpochMilli(),
        build.getDeliveryId());
    recent.put(BuildRecord.key(artifact.getApplication(), artifact.getVersion()), record);
    if (build.getDeliveryId() != null) {
      recentDeliveries.put(build.getDeliveryId(), BuildRecord.key(artifact.getApplication(), artifact.getVersion()));
    }
    return new Recorded(artifact.getApplication(), artifact.getVersion(), meta.getEventId(), true);
  }

  /**
   * Adds evidence to a recorded build.
   *
   * @throws ProblemException 404 when the build is unknown
   */
  public Recorded addEvidence(String application, String version, EvidenceRef evidence, String actor) {
    BuildRecord build = find(application, version)
        .orElseThrow(() -> ProblemException.notFound("build " + application + " " + version));
    EventMetadata meta = events.meta(new ArtifactRef(application, version, build.digest()), null, build.eventId(), actor);
    publisher.publish(Topics.BUILDS, application, new BuildsEnvelope(meta, new EvidenceSubmitted(List.of(evidence))));
    return new Recorded(application, version, meta.getEventId(), true);
  }

  /** The recorded build of {@code application} {@code version}. */
  public Optional<BuildRecord> find(String application, String version) {
    String key = BuildRecord.key(application, version);
    Optional<BuildRecord> stored = stores.get(TriggerTopology.BUILDS, key);
    if (stored.isPresent()) {
      recent.remove(key);
      return stored;
    }
    return Optional.ofNullable(recent.get(key));
  }

  /** The build a GitHub delivery recorded, if it was seen before. */
  public Optional<BuildRecord> findDelivery(String deliveryId) {
    Optional<String> key = stores.<String>get(TriggerTopology.DELIVERIES, deliveryId)
        .or(() -> Optional.ofNullable(recentDeliveries.get(deliveryId)));
    return key.flatMap(k -> {
      String[] parts = k.split("\\|", 2);
      return find(parts[0], parts[1]);
    });
  }
}
