package io.promoflow.rules.keys;

import java.util.List;

/**
 * Key of one event about an approval: {@code <approvalId>|<eventId>}, so that a prefix scan with
 * {@link #prefix(String)} finds every event held for one approval. Used by approval-service's
 * decisions read before their request ({@code approval-early-decisions}). Neither component may
 * contain {@code |} ({@link KeyFormat}).
 */
public record ApprovalEvent(String approvalId, String eventId) {

  private static final String SHAPE = "<approvalId>|<eventId>";

  public ApprovalEvent {
    KeyFormat.fixed("ApprovalEvent", "approvalId", approvalId);
    KeyFormat.fixed("ApprovalEvent", "eventId", eventId);
  }

  /** The key of event {@code eventId} about approval {@code approvalId}. */
  public static ApprovalEvent of(String approvalId, String eventId) {
    return new ApprovalEvent(approvalId, eventId);
  }

  /**
   * The prefix every key of {@code approvalId} starts with (and no other approval's): {@code
   * <approvalId>|}.
   */
  public static String prefix(String approvalId) {
    return KeyFormat.fixed("ApprovalEvent", "approvalId", approvalId) + KeyFormat.SEPARATOR;
  }

  /**
   * Reads a key written by {@link #value()}; a malformed one throws {@link MalformedKeyException}.
   */
  public static ApprovalEvent parse(String key) {
    List<String> p = KeyFormat.split("ApprovalEvent", SHAPE, key, 2, -1);
    return new ApprovalEvent(p.get(0), p.get(1));
  }

  /** {@code <approvalId>|<eventId>}. */
  public String value() {
    return KeyFormat.join(approvalId, eventId);
  }

  @Override
  public String toString() {
    return value();
  }
}
