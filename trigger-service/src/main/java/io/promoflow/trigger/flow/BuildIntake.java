package io.promoflow.trigger.flow;

import io.promoflow.platform.events.Events;
import io.promoflow.platform.kafka.GroupCommitter;
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
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Service;

/**
 * Records builds arriving over HTTP (native API and GitHub webhook) exactly once: the same
 * application, version and digest again is answered with the first event and publishes nothing; the
 * same version with another digest is a conflict (no rebuilds).
 *
 * <p>Every decision reads the topology's stores ({@link BuildStores}) through {@link StoreQueries},
 * so any instance answers alike (issue 14, point 1: no dedupe memory in a JVM map). A repeat that
 * arrives between the first publish and the store catching up (one commit interval) is published
 * again and the topology, the consumer of the builds topic, decides: an identical build is ignored,
 * another digest of a recorded version is refused and never promoted ({@code TriggerTopology},
 * gate-service's {@code RecordedBuilds}: the first {@code BuildCompleted} wins).
 *
 * <p>Group commit (issue 15, point 2): requests enqueue their event and wait; one committer
 * publishes whatever is queued in one Kafka transaction ({@link GroupCommitter}) and then answers
 * each caller, 2xx only after the commit, 503 when it failed (the {@link Publisher}'s broker-outage
 * bounds). No lock is held on the request path.
 */
@Service
public class BuildIntake implements DisposableBean {

  /** Most events in one transaction. */
  static final int MAX_GROUP = 256;

  /** Most requests waiting for a commit before new ones are answered 503 at once. */
  static final int MAX_QUEUED = 10_000;

  /**
   * The longest a request waits for its commit: a group ahead of it ends within the publisher's
   * acknowledgement timeout (8 s) and, once it timed out, later groups fail fast; beyond this the
   * caller gets 503.
   */
  static final Duration CALLER_WAIT = Duration.ofSeconds(12);

  /**
   * How long an evidence upload waits for the store to count it, so that the client's next upload
   * is checked.
   */
  static final Duration COUNTED_WAIT = Duration.ofSeconds(3);

  private static final Logger log = LoggerFactory.getLogger(BuildIntake.class);

  private final StoreQueries stores;
  private final Events events;
  private final EvidenceLimits limits;
  private final GroupCommitter<Publisher.Event<?>> committer;

  public BuildIntake(
      StoreQueries stores, Publisher publisher, Events events, EvidenceLimits limits) {
    this.stores = stores;
    this.events = events;
    this.limits = limits;
    this.committer =
        new GroupCommitter<>(
            "build-intake-committer",
            MAX_GROUP,
            Duration.ZERO,
            MAX_QUEUED,
            CALLER_WAIT,
            publisher::publishAll);
  }

  /** Outcome of recording a build: {@code created} false for a repeat of a recorded build. */
  public record Recorded(String application, String version, String eventId, boolean created) {}

  /**
   * Records a build: answered once the event is committed (group commit). A build the store does
   * not show yet is published; should it repeat one published moments ago, the topology ignores it
   * (same digest) or refuses it (another digest).
   *
   * @param actor the authenticated principal (or {@code github} for webhooks)
   * @throws ProblemException 409 when the version was recorded with another digest; 503 when the
   *     event could not be committed or the store cannot be read
   */
  public Recorded record(ArtifactRef artifact, BuildCompleted build, String actor) {
    Optional<BuildRecord> known = find(artifact.getApplication(), artifact.getVersion());
    if (known.isPresent()) {
      BuildRecord k = known.get();
      if (!k.digest().equals(artifact.getDigest())) {
        throw ProblemException.conflict(
            artifact.getApplication()
                + " "
                + artifact.getVersion()
                + " was built with digest "
                + k.digest()
                + "; a version is immutable, rebuilds are refused: publish a new version",
            "digest");
      }
      return new Recorded(k.application(), k.version(), k.eventId(), false);
    }
    EventMetadata meta = events.meta(artifact, null, null, actor);
    committer.submit(
        new Publisher.Event<>(
            Topics.BUILDS, artifact.getApplication(), new BuildsEnvelope(meta, build)));
    return new Recorded(artifact.getApplication(), artifact.getVersion(), meta.getEventId(), true);
  }

  /**
   * Adds evidence to a recorded build, within the build's evidence limits ({@link EvidenceLimits}:
   * documents, bytes and metrics of the build's documents so far, inline and uploaded, the new one
   * included, as the store counted them). Answered once the store counted the new document too (at
   * most {@link #COUNTED_WAIT}), so that a client's next upload is checked against it; uploads of
   * one build racing each other on several instances can each pass the check (the limits bound
   * resources per request, they are not a gate).
   *
   * @param field the request field holding the document, named in a 400
   * @throws ProblemException 404 when the store does not show the build (unknown, or recorded
   *     moments ago: retry), 400 when the document would exceed the build's limits, 503 when it
   *     could not be committed
   */
  public Recorded addEvidence(
      String application, String version, String field, EvidenceRef evidence, String actor) {
    BuildRecord build =
        find(application, version)
            .orElseThrow(() -> ProblemException.notFound("build " + application + " " + version));
    BuildRecord after = build.withEvidence(List.of(evidence));
    String what = application + " " + version + " would have ";
    if (after.evidenceDocuments() > limits.maxDocumentsPerBuild()) {
      throw ProblemException.badField(
          field,
          what
              + after.evidenceDocuments()
              + " evidence documents, at most "
              + limits.maxDocumentsPerBuild()
              + " per build");
    }
    if (after.evidenceBytes() > limits.maxEvidenceSizePerBuild().toBytes()) {
      throw ProblemException.badField(
          field,
          what
              + after.evidenceBytes()
              + " bytes of evidence, at most "
              + limits.maxEvidenceSizePerBuild().toBytes()
              + " per build");
    }
    if (after.evidenceMetrics() > limits.maxMetricsPerBuild()) {
      throw ProblemException.badField(
          field,
          what
              + after.evidenceMetrics()
              + " metrics, at most "
              + limits.maxMetricsPerBuild()
              + " per build");
    }
    EventMetadata meta =
        events.meta(
            new ArtifactRef(application, version, build.digest()), null, build.eventId(), actor);
    committer.submit(
        new Publisher.Event<>(
            Topics.BUILDS,
            application,
            new BuildsEnvelope(meta, new EvidenceSubmitted(List.of(evidence)))));
    awaitCounted(application, version, build.digest(), after.evidenceDocuments());
    return new Recorded(application, version, meta.getEventId(), true);
  }

  /**
   * Waits until the store counts {@code documents} evidence documents for the build (counts only
   * grow), at most {@link #COUNTED_WAIT}; the document is committed either way, so a slow store
   * only makes the next check late.
   */
  private void awaitCounted(String application, String version, String digest, int documents) {
    long until = System.nanoTime() + COUNTED_WAIT.toNanos();
    long pause = Duration.ofMillis(5).toNanos();
    while (System.nanoTime() - until < 0) {
      try {
        Optional<BuildRecord> now = find(application, version);
        if (now.isPresent()
            && now.get().digest().equals(digest)
            && now.get().evidenceDocuments() >= documents) {
          return;
        }
      } catch (ProblemException notReadable) {
        log.debug(
            "store not readable while waiting for evidence of {} {}: {}",
            application,
            version,
            notReadable.getMessage());
      }
      LockSupport.parkNanos(pause);
      pause = Math.min(pause * 2, Duration.ofMillis(100).toNanos());
    }
    log.warn(
        "evidence of {} {} committed but not counted by the store within {}",
        application,
        version,
        COUNTED_WAIT);
  }

  /**
   * The recorded build of {@code application} {@code version}, as the topology's store holds it
   * (whichever instance owns it); none for names no build key can hold (a {@code |} in a path
   * segment: {@link ApplicationVersion}), as no build is ever recorded under them.
   *
   * @throws ProblemException 503 while the store cannot be read
   */
  public Optional<BuildRecord> find(String application, String version) {
    if (!ApplicationVersion.valid(application, version)) {
      return Optional.empty();
    }
    return stores.get(BuildStores.BUILDS, BuildRecord.key(application, version));
  }

  /** The build a GitHub delivery recorded, if the store shows the delivery. */
  public Optional<BuildRecord> findDelivery(String deliveryId) {
    return stores
        .<String>get(BuildStores.DELIVERIES, deliveryId)
        .map(ApplicationVersion::parse)
        .flatMap(k -> find(k.application(), k.version()));
  }

  /** Stops the committer: requests still queued are answered 503, nothing of theirs published. */
  @Override
  public void destroy() {
    committer.close();
  }
}
