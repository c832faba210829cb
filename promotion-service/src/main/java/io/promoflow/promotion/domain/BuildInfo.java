package io.promoflow.promotion.domain;

/** Build metadata the audit record names; {@code buildFinishedAt} in epoch ms. */
public record BuildInfo(
    String sourceCommit,
    String pipelineRunId,
    String pipelineUrl,
    String commitAuthor,
    long buildFinishedAt) {}
