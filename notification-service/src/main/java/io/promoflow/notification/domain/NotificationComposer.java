package io.promoflow.notification.domain;

import io.promoflow.platform.events.EventTypes;
import io.promoflow.schemas.common.EventMetadata;
import java.util.Optional;
import java.util.Set;
import org.apache.avro.specific.SpecificRecord;

/**
 * Turns the events stakeholders care about into notifications with a severity, through one {@link
 * KindComposer} per event kind (the table is built once: {@link PromotionNotices}, {@link
 * ApprovalNotices}, {@link MonitoringNotices}, where each topic's severities and the kinds it
 * leaves silent are listed). Rollback unavailable is CRITICAL; failed and inconclusive
 * verifications, rollback decisions and completed rollbacks, failed promotions, overrides,
 * escalations and production approvals are HIGH; blocks, rejections, expiries, voids, reminders and
 * other approvals MEDIUM; promotions into production MEDIUM, into other stages LOW. A kind neither
 * notified nor declared silent is refused ({@link UnknownEventKindException}), never dropped.
 */
public final class NotificationComposer {

  private static final NotificationKinds KINDS = kinds();
  private final String productionStage;
  private final String cli;

  public NotificationComposer(String productionStage, String cli) {
    this.productionStage = productionStage;
    this.cli = cli;
  }

  /**
   * The notification for {@code envelope}, or empty for events nobody is told about (a silent kind,
   * or an event without an artifact).
   *
   * @throws UnknownEventKindException for a payload of a kind the table does not know
   */
  public Optional<Notification> compose(SpecificRecord envelope) {
    EventMetadata meta = (EventMetadata) envelope.get(0);
    Object payload = envelope.get(1);
    KindComposer<Object> kind = payload == null ? null : KINDS.composer(payload.getClass());
    if (kind == null && (payload == null || !KINDS.silent().contains(payload.getClass()))) {
      throw new UnknownEventKindException(EventTypes.of(envelope));
    }
    if (kind == null || meta.getArtifact() == null) {
      return Optional.empty();
    }
    NotificationDraft draft =
        new NotificationDraft(meta, EventTypes.of(envelope), productionStage, cli);
    kind.compose(payload, draft);
    return Optional.of(draft.build());
  }

  /** Payload classes that are notified. */
  public static Set<Class<?>> notifiedKinds() {
    return KINDS.notified();
  }

  /** Payload classes deliberately not notified. */
  public static Set<Class<?>> silentKinds() {
    return KINDS.silent();
  }

  private static NotificationKinds kinds() {
    NotificationKinds kinds = new NotificationKinds();
    PromotionNotices.register(kinds);
    ApprovalNotices.register(kinds);
    MonitoringNotices.register(kinds);
    return kinds;
  }
}
