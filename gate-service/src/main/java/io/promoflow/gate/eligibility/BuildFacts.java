package io.promoflow.gate.eligibility;

/**
 * What CI recorded about a build, the reference for immutability and traceability.
 *
 * @param buildFinishedAt epoch ms, 0 when unknown
 */
public record BuildFacts(String digest, String sourceCommit, String pipelineRunId, long buildFinishedAt) {
}
