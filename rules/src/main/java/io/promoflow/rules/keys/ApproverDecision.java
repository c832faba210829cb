package io.promoflow.rules.keys;

import java.util.List;
import java.util.Set;

/**
 * Key of one approver's decision (or withdrawal) on one approval: {@code
 * <approvalId>|<approver>|<action>}, action {@value #DECIDE} or {@value #WITHDRAW}. Used by
 * approval-service to refuse a second decision by the same caller. The approver is the free
 * component ({@link KeyFormat}): principal names may contain {@code |} (OIDC subjects such as
 * {@code auth0|123}); the approval id and the action never do.
 */
public record ApproverDecision(String approvalId, String approver, String action) {

  /** A decision: approve or reject. */
  public static final String DECIDE = "decide";

  /** A withdrawal of an earlier decision. */
  public static final String WITHDRAW = "withdraw";

  private static final String SHAPE = "<approvalId>|<approver>|<action>";
  private static final Set<String> ACTIONS = Set.of(DECIDE, WITHDRAW);

  public ApproverDecision {
    KeyFormat.fixed("ApproverDecision", "approvalId", approvalId);
    KeyFormat.free("ApproverDecision", "approver", approver);
    if (!ACTIONS.contains(KeyFormat.fixed("ApproverDecision", "action", action))) {
      throw new MalformedKeyException(
          "ApproverDecision.action must be "
              + DECIDE
              + " or "
              + WITHDRAW
              + " (was \""
              + action
              + "\")");
    }
  }

  /**
   * The key of {@code approver}'s decision ({@code withdraw} false) or withdrawal on {@code
   * approvalId}.
   */
  public static ApproverDecision of(String approvalId, String approver, boolean withdraw) {
    return new ApproverDecision(approvalId, approver, withdraw ? WITHDRAW : DECIDE);
  }

  /**
   * Reads a key written by {@link #value()}; a malformed one throws {@link MalformedKeyException}.
   */
  public static ApproverDecision parse(String key) {
    List<String> p = KeyFormat.split("ApproverDecision", SHAPE, key, 3, 1);
    return new ApproverDecision(p.get(0), p.get(1), p.get(2));
  }

  /** {@code <approvalId>|<approver>|<action>}. */
  public String value() {
    return KeyFormat.join(approvalId, approver, action);
  }

  @Override
  public String toString() {
    return value();
  }
}
