package io.promoflow.platform.policy;

import java.time.Duration;
import java.util.List;

/**
 * An approval requirement.
 *
 * @param roles an approver must hold one of these roles
 * @param quorum number of distinct approvers needed (at least 1)
 * @param timeout the approval expires after this long
 * @param escalationRole role told when the approval nears expiry; null: none
 */
public record ApprovalPolicy(List<String> roles, Integer quorum, Duration timeout, String escalationRole) {

  public ApprovalPolicy {
    roles = roles == null ? List.of() : List.copyOf(roles);
    quorum = quorum == null ? 1 : quorum;
    timeout = timeout == null ? Duration.ofHours(24) : timeout;
  }
}
