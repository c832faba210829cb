package io.promoflow.platform.events;

import org.apache.avro.specific.SpecificRecord;

/** Names of events as users see them: the simple name of the payload's Avro record. */
public final class EventTypes {

  private EventTypes() {}

  /** {@code StagePromoted} for an envelope whose payload is a StagePromoted. */
  public static String of(SpecificRecord envelope) {
    Object payload = envelope.get(envelope.getSchema().getField("payload").pos());
    return payload == null ? "unknown" : payload.getClass().getSimpleName();
  }
}
