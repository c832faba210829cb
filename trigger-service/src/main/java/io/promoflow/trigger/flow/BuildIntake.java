package io.promoflow.trigger.flow;

import io.promoflow.platform.events.Events;
import io.promoflow.platform.kafka.Publisher;
import io.promoflow.platform.streams.StoreQueries;
import io.promoflow.platform.web.ProblemException;
import io.promoflow.rules.keys.ApplicationVersion;
import io.promoflow.schemas.Topics;
import io.promoflow.schemas.builds.BuildCompleted;
import io.promoflow.schemas.builds.BuildsEnvelope;
import io.promoflow.schemas.builds.EvidenceRef;
import io.promoflow.schemas.builds.EvidenceSubmitted;
import io.promoflow.schemas.common.ArtifactRef;
import io.promoflow.schemas.common.EventMetadata;
import io.promoflow.trigger.EvidenceLimits;
import io.promoflow.trigger.domain.BuildRecord;
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
  /** Evidence counted by this instance's uploads, ahead of the store until the topology has seen them. */
  private final Map<String, BuildRecord> uploaded = new ConcurrentHashMap<>();
  private final EvidenceLimits limits;

  public BuildIntake(StoreQueries stores, Publisher publisher, Events events, EvidenceLimits limits) {
    this.stores = stores;
    this.publisher = publisher;
    this.events = events;
    this.limits = limits;
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
        build.getDeliveryId()).withEvidence(build.getEvidence());
    recent.put(BuildRecord.key(artifact.getApplication(), artifact.getVersion()), record);
    if (build.getDeliveryId() != null) {
      recentDeliveries.put(build.getDeliveryId(), BuildRecord.key(artifact.getApplication(), artifact.getVersion()));
    }
    return new Recorded(artifact.getApplication(), artifact.getVersion(), meta.getEventId(), true);
  }

  /**
   * Adds evidence to a recorded build, within the build's evidence limits ({@link EvidenceLimits}: documents, bytes and
   * metrics of the build's documents so far, inline and uploaded, the new one included).
   *
   * @param field the request field holding the document, named in a 400
   * @throws ProblemException 404 when the build is unknown, 400 when the document would exceed the build's limits
   */
  public synchronized Recorded addEvidence(String application, String version, String field, EvidenceRef evidence,
      String actor) {
    BuildRecord build = find(application, version)
        .orElseThrow(() -> ProblemException.notFound("build " + application + " " + version));
    String key = BuildRecord.key(application, version);
    // counts only grow: whichever view (store or this instance's uploads) has counted more documents is the later one
    BuildRecord local = uploaded.get(key);
    BuildRecord counted = local != null && local.digest().equals(build.digest())
        && local.evidenceDocuments() > build.evidenceDocuments() ? local : build;
    BuildRecord after = counted.withEvidence(List.of(evidence));
    String what = application + " " + version + " would have ";
    if (after.evidenceDocuments() > limits.maxDocumentsPerBuild()) {
      throw ProblemException.badField(field, what + after.evidenceDocuments() + " evidence documents, at most "
          + limits.maxDocumentsPerBuild() + " per build");
    }
    if (after.evidenceBytes() > limits.maxEvidenceSizePerBuild().toBytes()) {
      throw ProblemException.badField(field, what + after.evidenceBytes() + " bytes of evidence, at most "
          + limits.maxEvidenceSizePerBuild().toBytes() + " per build");
    }
    if (after.evidenceMetrics() > limits.maxMetricsPerBuild()) {
      throw ProblemException.badField(field, what + after.evidenceMetrics() + " metrics, at most "
          + limits.maxMetricsPerBuild() + " per build");
    }
    EventMetadata meta = events.meta(new ArtifactRef(application, version, build.digest()), null, build.eventId(), actor);
    publisher.publish(Topics.BUILDS, application, new BuildsEnvelope(meta, new EvidenceSubmitted(List.of(evidence))));
    uploaded.put(key, after);
    return new Recorded(application, version, meta.getEventId(), true);
  }

  /**
   * The recorded build of {@code application} {@code version}; none for names no build key can hold (a {@code |} in a
   * path segment: {@link ApplicationVersion}), as no build is ever recorded under them.
   */
  public Optional<BuildRecord> find(String application, String version) {
    if (!ApplicationVersion.valid(application, version)) {
      return Optional.empty();
    }
    String key = BuildRecord.key(application, version);
    Optional<BuildRecord> stored = stores.get(BuildStores.BUILDS, key);
    if (stored.isPresent()) {
      recent.remove(key);
      return stored;
    }
    return Optional.ofNullable(recent.get(key));
  }

  /** The build a GitHub delivery recorded, if it was seen before. */
  public Optional<BuildRecord> findDelivery(String deliveryId) {
    Optional<String> key = stores.<String>get(BuildStores.DELIVERIES, deliveryId)
        .or(() -> Optional.ofNullable(recentDeliveries.get(deliveryId)));
    return key.map(ApplicationVersion::parse).flatMap(k -> find(k.application(), k.version()));
  }
}
