package io.promoflow.rules.gates;

import io.promoflow.rules.keys.ApplicationVersion;
import java.util.List;
import java.util.Map;

/**
 * What CI recorded about a build: the reference for immutability and traceability, and its
 * evidence.
 *
 * @param buildFinishedAt epoch ms, 0 when unknown
 * @param metrics evidence metrics of every document, merged (counts add up; see the trigger's
 *     EvidenceMetrics)
 * @param evidence {@code format:sha256} of every document
 * @param uri where CI says the artifact lives ({@code BuildCompleted.uri}, e.g. {@code
 *     oci://registry.example.com/team/app@sha256:…}); null when CI named none
 */
public record BuildFacts(
    String digest,
    String sourceCommit,
    String pipelineRunId,
    long buildFinishedAt,
    Map<String, Double> metrics,
    List<String> evidence,
    String uri) {

  /**
   * Key of a build among the recorded builds: {@link ApplicationVersion}, {@code
   * <application>|<version>}.
   */
  public static String key(String application, String version) {
    return ApplicationVersion.of(application, version).value();
  }

  public BuildFacts {
    metrics = metrics == null ? Map.of() : Map.copyOf(metrics);
    evidence = evidence == null ? List.of() : List.copyOf(evidence);
  }

  public BuildFacts(
      String digest, String sourceCommit, String pipelineRunId, long buildFinishedAt) {
    this(digest, sourceCommit, pipelineRunId, buildFinishedAt, Map.of(), List.of(), null);
  }

  /** A build without a recorded uri. */
  public BuildFacts(
      String digest,
      String sourceCommit,
      String pipelineRunId,
      long buildFinishedAt,
      Map<String, Double> metrics,
      List<String> evidence) {
    this(digest, sourceCommit, pipelineRunId, buildFinishedAt, metrics, evidence, null);
  }

  /** This build with its uri. */
  public BuildFacts withUri(String artifactUri) {
    return new BuildFacts(
        digest, sourceCommit, pipelineRunId, buildFinishedAt, metrics, evidence, artifactUri);
  }

  /**
   * This build with more evidence: its metrics merged in (percentages keep the newest value, counts
   * add up).
   */
  public BuildFacts withEvidence(List<io.promoflow.schemas.builds.EvidenceRef> documents) {
    Map<String, Double> merged = new java.util.LinkedHashMap<>(metrics);
    List<String> refs = new java.util.ArrayList<>(evidence);
    for (var doc : documents) {
      refs.add(doc.getFormat() + ":" + doc.getSha256());
      doc.getMetrics()
          .forEach(
              (k, v) ->
                  merged.merge(
                      k,
                      v,
                      k.startsWith("coverage.") || k.startsWith("vulnerability.")
                          ? (a, b) -> b
                          : Double::sum));
    }
    return new BuildFacts(digest, sourceCommit, pipelineRunId, buildFinishedAt, merged, refs, uri);
  }
}
