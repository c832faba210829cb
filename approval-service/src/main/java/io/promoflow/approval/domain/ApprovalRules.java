package io.promoflow.approval.domain;

import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Who may decide and when an approval is granted. An approver holds an eligible role, is none of the requester, the
 * excluded approvers (whoever forced or scheduled the promotion) and the commit author (separation of duties), decides
 * once, before expiry; a reject needs a comment; one reject rejects; an approval may be withdrawn before the grant. The
 * approval is granted when every {@code allOf} role has its count of distinct approvers (role after role when
 * sequential) and {@code quorum} further distinct approvers hold one of the quorum roles. Time: a reminder once at
 * {@code remindAt}; at {@code expiresAt} the policy's {@code onTimeout}: reject (expire), escalate (the escalation role
 * may decide, one more timeout) or extend (once).
 *
 * <p>People are matched by user name and by e-mail, case-insensitively (GitHub issue 12, "Authority"): the commit
 * author is usually an e-mail address (GitHub {@code head_commit.author.email}), sometimes a name. When the commit
 * author is known and the approver's e-mail is not, nobody can show that the approver did not write the commit, so the
 * decision is refused (fail closed) with that reason.
 */
public final class ApprovalRules {

  private ApprovalRules() {
  }

  /**
   * Checks a decision before it is recorded.
   *
   * @param user the authenticated user name
   * @param email the authenticated e-mail address, or null when the identity has none
   * @param now epoch ms
   * @throws DecisionRefused with the reason
   */
  public static void check(Approval a, String user, String email, Set<String> roles, boolean approve, String comment,
      long now) {
    common(a, user, now);
    if (isPerson(a.requestedBy(), user, email)) {
      throw new DecisionRefused(DecisionRefused.Kind.FORBIDDEN, user + " requested this promotion and cannot decide it "
          + "(separation of duties)", null);
    }
    if (a.excludedApprovers().stream().anyMatch(x -> isPerson(x, user, email))) {
      throw new DecisionRefused(DecisionRefused.Kind.FORBIDDEN, user + " forced or scheduled this promotion and cannot "
          + "decide it (separation of duties)", null);
    }
    if (a.commitAuthor() != null && !a.commitAuthor().isBlank()) {
      if (isPerson(a.commitAuthor(), user, email)) {
        throw new DecisionRefused(DecisionRefused.Kind.FORBIDDEN, user + " authored the commit of " + a.version()
            + " and cannot approve it (separation of duties)", null);
      }
      if (email == null || email.isBlank()) {
        throw new DecisionRefused(DecisionRefused.Kind.FORBIDDEN, "the e-mail address of " + user + " is unknown, so it "
            + "cannot be shown that " + user + " did not author the commit of " + a.version() + " (" + a.commitAuthor()
            + "); sign in with an identity that carries an e-mail address", null);
      }
    }
    if (a.eligibleRoles().stream().noneMatch(roles::contains)) {
      throw new DecisionRefused(DecisionRefused.Kind.FORBIDDEN, user + " holds none of the roles " + a.eligibleRoles()
          + " this approval needs", null);
    }
    if (a.standing().stream().anyMatch(d -> d.approver().equals(user))) {
      throw new DecisionRefused(DecisionRefused.Kind.CONFLICT, user + " already decided approval " + a.approvalId(), null);
    }
    if (!approve && (comment == null || comment.isBlank())) {
      throw new DecisionRefused(DecisionRefused.Kind.INVALID, "a rejection needs a comment saying why", "comment");
    }
    if (approve && slotFor(a, roles).isEmpty()) {
      throw new DecisionRefused(DecisionRefused.Kind.CONFLICT, "no approval of " + user + "'s roles " + roles
          + " is needed now (" + outstanding(a) + ")", null);
    }
  }

  /** True when {@code person} (a user name or an e-mail address) is the caller named {@code user} with {@code email}. */
  static boolean isPerson(String person, String user, String email) {
    if (person == null || person.isBlank()) {
      return false;
    }
    String p = person.strip();
    return p.equalsIgnoreCase(user) || email != null && p.equalsIgnoreCase(email.strip());
  }

  /**
   * Checks a withdrawal: only an approver whose approval stands, before the grant.
   *
   * @throws DecisionRefused with the reason
   */
  public static void checkWithdrawal(Approval a, String user, long now) {
    common(a, user, now);
    if (a.standing().stream().noneMatch(d -> d.approver().equals(user) && d.approve())) {
      throw new DecisionRefused(DecisionRefused.Kind.CONFLICT, user + " has no approval to withdraw on " + a.approvalId(),
          null);
    }
  }

  private static void common(Approval a, String user, long now) {
    if (a.status() != ApprovalStatus.PENDING) {
      throw new DecisionRefused(DecisionRefused.Kind.CONFLICT, "approval " + a.approvalId() + " is " + a.status(), null);
    }
    if (now >= a.expiresAt()) {
      throw new DecisionRefused(DecisionRefused.Kind.CONFLICT, "approval " + a.approvalId() + " expired at "
          + Instant.ofEpochMilli(a.expiresAt()), null);
    }
  }

  /** The approval after a recorded decision; a decision that breaks a rule leaves it unchanged. */
  public static Approval apply(Approval a, Decision d) {
    try {
      check(a, d.approver(), d.email(), Set.copyOf(d.roles()), d.approve(), d.comment(), d.at());
    } catch (DecisionRefused refused) {
      return a;
    }
    if (!d.approve()) {
      return a.with(ApprovalStatus.REJECTED, d);
    }
    Approval withDecision = a.with(ApprovalStatus.PENDING, d);
    return satisfied(withDecision) ? withDecision.with(ApprovalStatus.GRANTED, null) : withDecision;
  }

  /** The approval after {@code approver} withdrew; unchanged when the withdrawal is not allowed. */
  public static Approval withdraw(Approval a, String approver, long at) {
    try {
      checkWithdrawal(a, approver, at);
    } catch (DecisionRefused refused) {
      return a;
    }
    return a.withdrawn(approver);
  }

  /**
   * True when the standing approvals fill every {@code allOf} role and the quorum, or, once escalated, when someone
   * holding the escalation role approved.
   */
  public static boolean satisfied(Approval a) {
    if (a.escalated() && a.escalationRole() != null && a.standing().stream()
        .anyMatch(d -> d.approve() && d.roles().contains(a.escalationRole()))) {
      return true;
    }
    Tally t = tally(a);
    return t.open().values().stream().allMatch(n -> n <= 0) && t.quorum() >= a.quorum();
  }

  /** What the standing approvals fill: approvals still open per {@code allOf} role, and quorum approvals so far. */
  private record Tally(Map<String, Integer> open, int quorum) {
  }

  /** Each standing approval, in order, fills the first open {@code allOf} role its approver holds, else the quorum. */
  private static Tally tally(Approval a) {
    Map<String, Integer> open = new LinkedHashMap<>(a.allOf());
    int quorum = 0;
    Set<String> seen = new HashSet<>();
    for (Decision d : a.standing()) {
      if (!d.approve() || !seen.add(d.approver())) {
        continue;
      }
      Optional<String> role = firstOpen(open, a.sequential(), Set.copyOf(d.roles()));
      if (role.isPresent()) {
        open.merge(role.get(), -1, Integer::sum);
      } else if (holdsQuorumRole(a, Set.copyOf(d.roles()))) {
        quorum++;
      }
    }
    return new Tally(open, quorum);
  }

  /** The clock at {@code now} (epoch ms): at most one step. */
  public static Timer tick(Approval a, long now) {
    if (a.status() != ApprovalStatus.PENDING) {
      return new Timer(a, Timer.Kind.NONE);
    }
    if (now >= a.expiresAt()) {
      if ("escalate".equals(a.onTimeout()) && !a.escalated() && a.escalationRole() != null) {
        return new Timer(a.copy(a.status(), a.decisions(), now + a.timeoutMs(), true, true, a.extended()),
            Timer.Kind.ESCALATED);
      }
      if ("extend".equals(a.onTimeout()) && !a.extended()) {
        return new Timer(a.copy(a.status(), a.decisions(), now + a.timeoutMs(), true, a.escalated(), true),
            Timer.Kind.EXTENDED);
      }
      return new Timer(a.with(ApprovalStatus.EXPIRED, null), Timer.Kind.EXPIRED);
    }
    if (!a.reminded() && now >= a.remindAt()) {
      return new Timer(a.copy(a.status(), a.decisions(), a.expiresAt(), true, a.escalated(), a.extended()),
          Timer.Kind.REMINDED);
    }
    return new Timer(a, Timer.Kind.NONE);
  }

  /** The approval after its promotion ended without it: VOIDED when it was still pending. */
  public static Approval voided(Approval a) {
    return a.status() == ApprovalStatus.PENDING ? a.with(ApprovalStatus.VOIDED, null) : a;
  }

  /** What is still needed, in words. */
  public static String outstanding(Approval a) {
    Tally t = tally(a);
    int quorum = t.quorum();
    StringBuilder s = new StringBuilder("still needed:");
    t.open().forEach((role, n) -> {
      if (n > 0) {
        s.append(' ').append(n).append(' ').append(role);
      }
    });
    if (a.quorum() - quorum > 0) {
      s.append(' ').append(a.quorum() - quorum).append(" of ").append(a.requiredRoles());
    }
    return s.toString();
  }

  private static Optional<String> slotFor(Approval a, Set<String> roles) {
    Tally t = tally(a);
    int quorum = t.quorum();
    Optional<String> role = firstOpen(t.open(), a.sequential(), roles);
    if (role.isPresent()) {
      return role;
    }
    if (a.escalated() && a.escalationRole() != null && roles.contains(a.escalationRole())) {
      return Optional.of(a.escalationRole());
    }
    return quorum < a.quorum() && holdsQuorumRole(a, roles) ? Optional.of("quorum") : Optional.empty();
  }

  private static boolean holdsQuorumRole(Approval a, Set<String> roles) {
    return a.requiredRoles().stream().anyMatch(roles::contains)
        || a.escalated() && a.escalationRole() != null && roles.contains(a.escalationRole());
  }

  private static Optional<String> firstOpen(Map<String, Integer> open, boolean sequential, Set<String> roles) {
    for (Map.Entry<String, Integer> e : open.entrySet()) {
      if (e.getValue() > 0) {
        if (roles.contains(e.getKey())) {
          return Optional.of(e.getKey());
        }
        if (sequential) {
          return Optional.empty();
        }
      }
    }
    return Optional.empty();
  }

}
