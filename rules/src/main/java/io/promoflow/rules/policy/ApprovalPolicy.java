package io.promoflow.rules.policy;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An approval requirement. Two forms, which may be combined:
 *
 * <ul>
 *   <li>{@code roles} + {@code quorum}: {@code quorum} distinct people holding any of {@code roles}
 *       (STAGING→PROD: one of release-manager or platform-lead);
 *   <li>{@code allOf}: per role, how many distinct people holding it must approve (hotfix HIGH: a
 *       team-lead and a platform-owner, two different people); with {@code sequential}, in the
 *       listed order.
 * </ul>
 *
 * Nobody approves twice, and neither the requester nor the commit author approves at all.
 *
 * @param roles an approver of the quorum holds one of these roles
 * @param quorum distinct approvers needed from {@code roles}; defaults to 1 when {@code roles} are
 *     given, else 0
 * @param allOf role → number of distinct approvers holding it that must approve, in order
 * @param sequential {@code allOf} is satisfied role after role, in the listed order
 * @param timeout the approval ends after this long
 * @param reminderAt fraction of the timeout (0–1) after which the approvers are reminded once
 * @param escalationRole role told when the approval is escalated; null: none
 * @param onTimeout {@code reject} (expire), {@code escalate} (escalate, then expire after one more
 *     timeout) or {@code extend} (extend once by the timeout, then expire)
 */
public record ApprovalPolicy(
    List<String> roles,
    Integer quorum,
    Map<String, Integer> allOf,
    Boolean sequential,
    Duration timeout,
    Double reminderAt,
    String escalationRole,
    OnTimeout onTimeout) {

  public ApprovalPolicy {
    roles = roles == null ? List.of() : List.copyOf(roles);
    allOf =
        allOf == null
            ? Map.of()
            : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(allOf));
    quorum = quorum == null ? (roles.isEmpty() ? 0 : 1) : quorum;
    sequential = sequential != null && sequential;
    timeout = timeout == null ? Duration.ofHours(24) : timeout;
    reminderAt = reminderAt == null ? 0.5 : reminderAt;
    onTimeout = onTimeout == null ? OnTimeout.reject : onTimeout;
  }

  /** Short form: {@code quorum} of {@code roles}, expiring after {@code timeout}. */
  public static ApprovalPolicy anyOf(List<String> roles, int quorum, Duration timeout) {
    return new ApprovalPolicy(roles, quorum, null, null, timeout, null, null, null);
  }

  /** Every role that may approve. */
  public List<String> eligibleRoles() {
    java.util.LinkedHashSet<String> all = new java.util.LinkedHashSet<>(roles);
    all.addAll(allOf.keySet());
    return List.copyOf(all);
  }

  /** What happens when nobody decided in time. */
  public enum OnTimeout {
    reject,
    escalate,
    extend
  }
}
