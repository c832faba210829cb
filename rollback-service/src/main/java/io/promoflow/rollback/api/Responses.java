package io.promoflow.rollback.api;

/**
 * What rollback-service's routes answer (202), as their OpenAPI document describes them (GitHub
 * issue 17 point 2): the routes build their JSON as maps, these records name every field; the
 * contract test refuses a field a route answers but its record does not name.
 */
final class Responses {

  private Responses() {}

  /** A recorded health report or lifted hold: the event's id. */
  record Recorded(String eventId) {}

  /** A decided rollback: the event's id and the version the stage goes back to. */
  record RollbackRecorded(String eventId, String targetVersion) {}

  /** A requested verification rerun: the event's id and the version verified again. */
  record RerunRecorded(String eventId, String version) {}
}
