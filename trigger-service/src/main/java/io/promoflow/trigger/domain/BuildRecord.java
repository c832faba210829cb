package io.promoflow.trigger.domain;

import io.promoflow.rules.keys.ApplicationVersion;
import io.promoflow.schemas.builds.EvidenceRef;
import io.promoflow.trigger.EvidenceLimits;
import java.util.List;
import java.util.Map;

/**
 * A recorded build, the trigger's memory of what CI built (state store {@code builds}, key {@code
 * application|version}).
 *
 * @param eventId the {@code BuildCompleted} that recorded it
 * @param buildFinishedAt epoch ms
 * @param evidenceDocuments evidence documents recorded for the build so far, inline and uploaded (0
 *     when unknown: records stored before this field; counted against {@link EvidenceLimits})
 * @param evidenceBytes their bytes
 * @param evidenceMetrics their metrics, summed per document
 * @param requires what the build requires of other applications (application → SemVer range): the
 *     attributes of its latest {@code dependencies-json} evidence document, empty without one; a
 *     platform release copies it (GitHub issue 18 point 1)
 */
public record BuildRecord(
    String application,
    String version,
    String digest,
    String eventId,
    String sourceCommit,
    String pipelineRunId,
    long buildFinishedAt,
    String deliveryId,
    Integer evidenceDocuments,
    Long evidenceBytes,
    Integer evidenceMetrics,
    Map<String, String> requires) {

  public BuildRecord {
    requires = requires == null ? Map.of() : Map.copyOf(requires);
    evidenceDocuments = evidenceDocuments == null ? 0 : evidenceDocuments;
    evidenceBytes = evidenceBytes == null ? 0 : evidenceBytes;
    evidenceMetrics = evidenceMetrics == null ? 0 : evidenceMetrics;
  }

  /** A build without evidence yet. */
  public BuildRecord(
      String application,
      String version,
      String digest,
      String eventId,
      String sourceCommit,
      String pipelineRunId,
      long buildFinishedAt,
      String deliveryId) {
    this(
        application,
        version,
        digest,
        eventId,
        sourceCommit,
        pipelineRunId,
        buildFinishedAt,
        deliveryId,
        0,
        0L,
        0,
        Map.of());
  }

  /** Store key of a build: {@link ApplicationVersion}. */
  public static String key(String application, String version) {
    return ApplicationVersion.of(application, version).value();
  }

  /**
   * This build with {@code documents} more evidence counted; the last {@code dependencies-json} of
   * them, if any, replaces its requirements.
   */
  public BuildRecord withEvidence(List<EvidenceRef> documents) {
    Map<String, String> req = requires;
    for (EvidenceRef d : documents) {
      if (EvidenceFormat.DEPENDENCIES_JSON.id().equals(d.getFormat())) {
        req = d.getAttributes();
      }
    }
    return new BuildRecord(
        application,
        version,
        digest,
        eventId,
        sourceCommit,
        pipelineRunId,
        buildFinishedAt,
        deliveryId,
        evidenceDocuments + documents.size(),
        evidenceBytes + documents.stream().mapToLong(EvidenceRef::getSizeBytes).sum(),
        evidenceMetrics + documents.stream().mapToInt(d -> d.getMetrics().size()).sum(),
        req);
  }
}
