package io.promoflow.approval.domain;

import java.util.List;

/**
 * One approver's decision.
 *
 * @param approve true for APPROVE, false for REJECT
 * @param at epoch ms
 */
public record Decision(String approver, List<String> roles, boolean approve, String comment, long at) {
}
