package io.promoflow.approval.domain;

import java.util.List;

/**
 * One approver's decision.
 *
 * @param approve true for APPROVE, false for REJECT
 * @param at epoch ms
 * @param withdrawn the approver took it back before the grant
 */
public record Decision(String approver, List<String> roles, boolean approve, String comment, long at, boolean withdrawn) {

  public Decision(String approver, List<String> roles, boolean approve, String comment, long at) {
    this(approver, roles, approve, comment, at, false);
  }

  Decision withdraw() {
    return new Decision(approver, roles, approve, comment, at, true);
  }
}
