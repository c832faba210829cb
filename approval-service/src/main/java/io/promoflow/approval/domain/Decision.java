package io.promoflow.approval.domain;

import java.util.List;

/**
 * One approver's decision.
 *
 * @param approver the authenticated user name
 * @param email the approver's authenticated e-mail address, or null when the identity has none
 * @param roles the roles the approver held when deciding
 * @param approve true for APPROVE, false for REJECT
 * @param at epoch ms, the time approval-service processed the decision
 * @param withdrawn the approver took it back before the grant
 */
public record Decision(String approver, String email, List<String> roles, boolean approve, String comment, long at,
    boolean withdrawn) {

  public Decision {
    roles = roles == null ? List.of() : List.copyOf(roles);
  }

  /** A decision as recorded, not withdrawn. */
  public Decision(String approver, String email, List<String> roles, boolean approve, String comment, long at) {
    this(approver, email, roles, approve, comment, at, false);
  }

  Decision withdraw() {
    return new Decision(approver, email, roles, approve, comment, at, true);
  }
}
