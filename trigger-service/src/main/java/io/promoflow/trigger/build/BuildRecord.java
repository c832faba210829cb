package io.promoflow.trigger.build;

/**
 * A recorded build, the trigger's memory of what CI built (state store {@code builds}, key
 * {@code application|version}).
 *
 * @param eventId the {@code BuildCompleted} that recorded it
 * @param buildFinishedAt epoch ms
 */
public record BuildRecord(String application, String version, String digest, String eventId, String sourceCommit,
    String pipelineRunId, long buildFinishedAt, String deliveryId) {

  /** Store key of a build. */
  public static String key(String application, String version) {
    return application + "|" + version;
  }
}
