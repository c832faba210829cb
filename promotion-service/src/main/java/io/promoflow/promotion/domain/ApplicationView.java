package io.promoflow.promotion.domain;

import io.promoflow.rules.stage.StageLedger;
import io.promoflow.schemas.requests.PromotionType;
import java.util.ArrayList;
import java.util.List;

/**
 * What runs where for one application, and its promotion history (newest last, at most {@value
 * #HISTORY_LIMIT} entries; the topics keep everything).
 */
public record ApplicationView(
    String application, StageLedger ledger, List<HistoryEntry> history, List<String> open) {

  static final int HISTORY_LIMIT = 500;

  /**
   * @param open ids of this application's promotions that have not ended
   */
  public ApplicationView {
    history = history == null ? List.of() : List.copyOf(history);
    open = open == null ? List.of() : List.copyOf(open);
  }

  /** A view with nothing promoted yet. */
  public static ApplicationView empty(String application) {
    return new ApplicationView(application, StageLedger.empty(application), List.of(), List.of());
  }

  /** This view with another ledger. */
  public ApplicationView withLedger(StageLedger next) {
    return new ApplicationView(application, next, history, open);
  }

  /** This view with {@code promotionId} open (true) or ended (false). */
  public ApplicationView withOpen(String promotionId, boolean isOpen) {
    List<String> o = new ArrayList<>(open);
    o.remove(promotionId);
    if (isOpen) {
      o.add(promotionId);
    }
    return new ApplicationView(application, ledger, history, o);
  }

  /** This view with {@code entry} appended to the history. */
  public ApplicationView record(HistoryEntry entry) {
    List<HistoryEntry> h = new ArrayList<>(history);
    h.add(entry);
    if (h.size() > HISTORY_LIMIT) {
      h = h.subList(h.size() - HISTORY_LIMIT, h.size());
    }
    return new ApplicationView(application, ledger, h, open);
  }

  /** A promotion that ended; {@code at} in epoch ms. */
  public record HistoryEntry(
      long at,
      String promotionId,
      String version,
      String digest,
      PromotionType type,
      String sourceStage,
      String targetStage,
      PromotionState state) {}
}
