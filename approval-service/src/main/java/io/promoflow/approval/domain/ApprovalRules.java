package io.promoflow.approval.domain;

import io.promoflow.rules.policy.ApprovalPolicy.OnTimeout;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Who may decide and when an approval is granted. An approver holds an eligible role, is none of
 * the requester, the excluded approvers (whoever forced or scheduled the promotion) and the commit
 * author (separation of duties), decides once, before expiry; a reject needs a comment; one reject
 * rejects; an approval may be withdrawn before the grant. The approval is granted when every {@code
 * allOf} role has its count of distinct approvers (role after role when sequential) and {@code
 * quorum} further distinct approvers hold one of the quorum roles. Time: a reminder once at {@code
 * remindAt}; at {@code expiresAt} the policy's {@code onTimeout}: reject (expire), escalate (the
 * escalation role may decide, one more timeout counted from the deadline) or extend (once,
 * likewise). Times are facts: a decision counts when it was recorded before the deadline, whenever
 * it is read.
 *
 * <p>People are matched by user name and by e-mail, case-insensitively (GitHub issue 12,
 * "Authority"), exactly as promotion-service's {@code AuthorityCheck} matches them, so that a grant
 * issued here is never refused there: the commit author is usually an e-mail address (GitHub {@code
 * head_commit.author.email}), sometimes a name or {@code Name <e-mail>}; the approver is the author
 * when their e-mail is the author's, or their user name is the author's e-mail, name or the local
 * part of the author's e-mail. Fail closed, as there: while the commit author is unknown nobody may
 * approve (nobody can be shown independent of the change; a rejection, which stops the promotion,
 * is still recorded); an approver without e-mail may not decide; one person (by name or by e-mail)
 * decides once.
 */
public final class ApprovalRules {

  /**
   * Why nobody may approve while the commit author is unknown (the words promotion-service's
   * refusal also uses).
   */
  public static final String AUTHOR_UNKNOWN =
      "commit author unknown: no one can be shown independent of the change";

  private ApprovalRules() {}

  /**
   * Why a second delegated approval is refused (promotion-service's {@code AuthorityCheck} uses the
   * same rule where the grant is consumed).
   */
  public static final String DELEGATION_LIMIT =
      "at most one decision per approval may come through a delegated channel (the delegation"
          + " credential alone never meets a quorum of two or more)";

  /**
   * Checks a decision made with the approver's own credential before it is recorded; see {@link
   * #check(Approval, String, String, Set, boolean, String, long, String)}.
   */
  public static void check(
      Approval a,
      String user,
      String email,
      Set<String> roles,
      boolean approve,
      String comment,
      long now) {
    check(a, user, email, roles, approve, comment, now, null);
  }

  /**
   * Checks a decision before it is recorded.
   *
   * @param user the authenticated user name
   * @param email the authenticated e-mail address, or null when the identity has none
   * @param now epoch ms, when the decision is recorded
   * @param via the delegated channel the decision comes through ({@code slack}), or null for the
   *     approver's own credential: an approval counts at most one delegated approval (whoever holds
   *     the one delegation credential could otherwise meet a quorum of two alone)
   * @throws DecisionRefused with the reason
   */
  public static void check(
      Approval a,
      String user,
      String email,
      Set<String> roles,
      boolean approve,
      String comment,
      long now,
      String via) {
    common(a, user, now);
    if (isPerson(a.requestedBy(), user, email)) {
      throw new DecisionRefused(
          DecisionRefused.Kind.FORBIDDEN,
          user + " requested this promotion and cannot decide it " + "(separation of duties)",
          null);
    }
    if (a.excludedApprovers().stream().anyMatch(x -> isPerson(x, user, email))) {
      throw new DecisionRefused(
          DecisionRefused.Kind.FORBIDDEN,
          user
              + " forced or scheduled this promotion and cannot "
              + "decide it (separation of duties)",
          null);
    }
    if (blank(a.commitAuthor())) {
      if (approve) {
        throw new DecisionRefused(
            DecisionRefused.Kind.FORBIDDEN,
            AUTHOR_UNKNOWN
                + " (the build of "
                + a.version()
                + " names no author), so "
                + user
                + " cannot approve it",
            null);
      }
    } else {
      if (isCommitAuthor(a.commitAuthor(), user, email)) {
        throw new DecisionRefused(
            DecisionRefused.Kind.FORBIDDEN,
            user
                + " authored the commit of "
                + a.version()
                + " and cannot approve it (separation of duties)",
            null);
      }
      if (blank(email)) {
        throw new DecisionRefused(
            DecisionRefused.Kind.FORBIDDEN,
            "the e-mail address of "
                + user
                + " is unknown, so it "
                + "cannot be shown that "
                + user
                + " did not author the commit of "
                + a.version()
                + " ("
                + a.commitAuthor()
                + "); sign in with an identity that carries an e-mail address",
            null);
      }
    }
    if (a.eligibleRoles().stream().noneMatch(roles::contains)) {
      throw new DecisionRefused(
          DecisionRefused.Kind.FORBIDDEN,
          user + " holds none of the roles " + a.eligibleRoles() + " this approval needs",
          null);
    }
    if (a.standing().stream().anyMatch(d -> d.approver().equals(user))) {
      throw new DecisionRefused(
          DecisionRefused.Kind.CONFLICT,
          user + " already decided approval " + a.approvalId(),
          null);
    }
    if (!blank(email)
        && a.standing().stream()
            .anyMatch(
                d -> !blank(d.email()) && d.email().strip().equalsIgnoreCase(email.strip()))) {
      throw new DecisionRefused(
          DecisionRefused.Kind.CONFLICT,
          email
              + " already decided approval "
              + a.approvalId()
              + " under another user name (one person decides once)",
          null);
    }
    if (!approve && (comment == null || comment.isBlank())) {
      throw new DecisionRefused(
          DecisionRefused.Kind.INVALID, "a rejection needs a comment saying why", "comment");
    }
    if (approve
        && via != null
        && !via.isBlank()
        && a.standing().stream().anyMatch(d -> d.approve() && d.delegated())) {
      throw new DecisionRefused(
          DecisionRefused.Kind.CONFLICT,
          "approval "
              + a.approvalId()
              + " already counts a decision that came through a delegated channel: "
              + DELEGATION_LIMIT
              + "; "
              + user
              + " may decide with their own credential",
          null);
    }
    if (approve && slotFor(a, roles).isEmpty()) {
      throw new DecisionRefused(
          DecisionRefused.Kind.CONFLICT,
          "no approval of "
              + user
              + "'s roles "
              + roles
              + " is needed now ("
              + outstanding(a)
              + ")",
          null);
    }
  }

  /**
   * Why the standing approvals of {@code a} cannot make a grant that promotion-service's {@code
   * AuthorityCheck} accepts, or empty when they can: the commit author is unknown, an approver has
   * no e-mail, is the requester, an excluded approver or the commit author, one e-mail approved
   * twice, or more than one approval came through a delegated channel. {@link #apply} never grants
   * otherwise; the topology asks again before it publishes a grant (a store written by an older
   * version may hold such approvals).
   */
  public static Optional<String> grantRefusal(Approval a) {
    if (blank(a.commitAuthor())) {
      return Optional.of(AUTHOR_UNKNOWN);
    }
    if (a.approvals().stream().filter(Decision::delegated).count() > 1) {
      return Optional.of(DELEGATION_LIMIT);
    }
    Set<String> emails = new HashSet<>();
    for (Decision d : a.approvals()) {
      if (blank(d.email())) {
        return Optional.of(
            d.approver() + " has no e-mail: cannot show they are not the commit author");
      }
      if (!emails.add(d.email().strip().toLowerCase(java.util.Locale.ROOT))) {
        return Optional.of(d.email() + " approved twice");
      }
      if (isPerson(a.requestedBy(), d.approver(), d.email())
          || a.excludedApprovers().stream().anyMatch(x -> isPerson(x, d.approver(), d.email()))
          || isCommitAuthor(a.commitAuthor(), d.approver(), d.email())) {
        return Optional.of(
            d.approver() + " is the requester, an excluded approver or the commit author");
      }
    }
    return Optional.empty();
  }

  /**
   * True when the caller named {@code user} with {@code email} is the commit {@code author},
   * matched as promotion-service's {@code AuthorityCheck} does: {@code author} is an e-mail, a name
   * or {@code Name <e-mail>}; the caller is the author when their e-mail is the author's e-mail, or
   * their user name is the author's e-mail, name or the local part of the author's e-mail
   * (case-insensitive).
   */
  static boolean isCommitAuthor(String author, String user, String email) {
    if (blank(author)) {
      return false;
    }
    String lower = author.strip().toLowerCase(java.util.Locale.ROOT);
    int open = lower.indexOf('<');
    boolean bracketed = open >= 0 && lower.endsWith(">");
    String authorEmail = bracketed ? lower.substring(open + 1, lower.length() - 1).strip() : lower;
    String authorName = open >= 0 ? lower.substring(0, open).strip() : lower;
    int at = authorEmail.indexOf('@');
    String authorUser = at >= 0 ? authorEmail.substring(0, at) : authorEmail;
    String name = user == null ? "" : user.strip().toLowerCase(java.util.Locale.ROOT);
    String mail = email == null ? "" : email.strip().toLowerCase(java.util.Locale.ROOT);
    return !mail.isEmpty() && mail.equals(authorEmail)
        || !name.isEmpty()
            && (name.equals(authorEmail) || name.equals(authorName) || name.equals(authorUser));
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }

  /**
   * True when {@code person} (a user name or an e-mail address) is the caller named {@code user}
   * with {@code email}.
   */
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
      throw new DecisionRefused(
          DecisionRefused.Kind.CONFLICT,
          user + " has no approval to withdraw on " + a.approvalId(),
          null);
    }
  }

  private static void common(Approval a, String user, long now) {
    if (a.status() != ApprovalStatus.PENDING) {
      throw new DecisionRefused(
          DecisionRefused.Kind.CONFLICT, "approval " + a.approvalId() + " is " + a.status(), null);
    }
    if (now >= a.expiresAt()) {
      throw new DecisionRefused(
          DecisionRefused.Kind.CONFLICT,
          "approval " + a.approvalId() + " expired at " + Instant.ofEpochMilli(a.expiresAt()),
          null);
    }
  }

  /** The approval after a recorded decision; a decision that breaks a rule leaves it unchanged. */
  public static Approval apply(Approval a, Decision d) {
    try {
      return decide(a, d);
    } catch (DecisionRefused refused) {
      return a;
    }
  }

  /**
   * The approval after a recorded decision, checked with the time it was recorded ({@link
   * Decision#at()}), so a decision recorded before the deadline counts however late it is read.
   *
   * @throws DecisionRefused why the decision changes nothing
   */
  public static Approval decide(Approval a, Decision d) {
    check(
        a,
        d.approver(),
        d.email(),
        Set.copyOf(d.roles()),
        d.approve(),
        d.comment(),
        d.at(),
        d.via());
    if (!d.approve()) {
      return a.withDecision(d).withStatus(ApprovalStatus.REJECTED);
    }
    Approval withDecision = a.withDecision(d);
    return satisfied(withDecision) && grantRefusal(withDecision).isEmpty()
        ? withDecision.withStatus(ApprovalStatus.GRANTED)
        : withDecision;
  }

  /** The approval after {@code approver} withdrew; unchanged when the withdrawal is not allowed. */
  public static Approval withdraw(Approval a, String approver, long at) {
    try {
      return withdrawal(a, approver, at);
    } catch (DecisionRefused refused) {
      return a;
    }
  }

  /**
   * The approval after {@code approver} withdrew at {@code at} (epoch ms, when it was recorded).
   *
   * @throws DecisionRefused why the withdrawal changes nothing
   */
  public static Approval withdrawal(Approval a, String approver, long at) {
    checkWithdrawal(a, approver, at);
    return a.withdrawn(approver);
  }

  /**
   * True when the standing approvals fill every {@code allOf} role and the quorum, or, once
   * escalated, when someone holding the escalation role approved.
   */
  public static boolean satisfied(Approval a) {
    if (a.escalated()
        && a.escalationRole() != null
        && a.standing().stream()
            .anyMatch(d -> d.approve() && d.roles().contains(a.escalationRole()))) {
      return true;
    }
    Tally t = tally(a);
    return t.open().values().stream().allMatch(n -> n <= 0) && t.quorum() >= a.quorum();
  }

  /**
   * What the standing approvals fill: approvals still open per {@code allOf} role, and quorum
   * approvals so far.
   */
  private record Tally(Map<String, Integer> open, int quorum) {}

  /**
   * Each standing approval, in order, fills the first open {@code allOf} role its approver holds,
   * else the quorum.
   */
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

  /**
   * The clock at {@code now} (epoch ms): at most one step. An escalation or an extension counts one
   * more timeout from the deadline it replaces, not from when the clock noticed it, so a late tick
   * changes no deadline.
   */
  public static Timer tick(Approval a, long now) {
    if (a.status() != ApprovalStatus.PENDING) {
      return new Timer(a, Timer.Kind.NONE);
    }
    if (now >= a.expiresAt()) {
      long next = a.expiresAt() + a.timeoutMs();
      if (a.onTimeout() == OnTimeout.escalate && !a.escalated() && a.escalationRole() != null) {
        return new Timer(a.withEscalation(next), Timer.Kind.ESCALATED);
      }
      if (a.onTimeout() == OnTimeout.extend && !a.extended()) {
        return new Timer(a.withExtension(next), Timer.Kind.EXTENDED);
      }
      return new Timer(a.withStatus(ApprovalStatus.EXPIRED), Timer.Kind.EXPIRED);
    }
    if (!a.reminded() && now >= a.remindAt()) {
      return new Timer(a.withReminderSent(), Timer.Kind.REMINDED);
    }
    return new Timer(a, Timer.Kind.NONE);
  }

  /**
   * When {@link #tick} takes its next step on {@code a} (epoch ms), or {@code Long.MAX_VALUE} when
   * none.
   */
  public static long nextStepAt(Approval a) {
    if (a.status() != ApprovalStatus.PENDING) {
      return Long.MAX_VALUE;
    }
    return a.reminded() ? a.expiresAt() : Math.min(a.remindAt(), a.expiresAt());
  }

  /** The approval after its promotion ended without it: VOIDED when it was still pending. */
  public static Approval voided(Approval a) {
    return a.status() == ApprovalStatus.PENDING ? a.withStatus(ApprovalStatus.VOIDED) : a;
  }

  /** What is still needed, in words. */
  public static String outstanding(Approval a) {
    Tally t = tally(a);
    int quorum = t.quorum();
    StringBuilder s = new StringBuilder("still needed:");
    t.open()
        .forEach(
            (role, n) -> {
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
    return quorum < a.quorum() && holdsQuorumRole(a, roles)
        ? Optional.of("quorum")
        : Optional.empty();
  }

  private static boolean holdsQuorumRole(Approval a, Set<String> roles) {
    return a.requiredRoles().stream().anyMatch(roles::contains)
        || a.escalated() && a.escalationRole() != null && roles.contains(a.escalationRole());
  }

  private static Optional<String> firstOpen(
      Map<String, Integer> open, boolean sequential, Set<String> roles) {
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
