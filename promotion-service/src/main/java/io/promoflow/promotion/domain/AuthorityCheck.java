package io.promoflow.promotion.domain;

import io.promoflow.rules.policy.ApprovalPolicy;
import io.promoflow.schemas.ApprovalIds;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The one rule on who may let a promotion into a stage that requires approval (issue 12
 * "Authority", point 1; {@link ApprovalRequirement} says which stages and which approval): a
 * promotion of any type — automatic, manual, hotfix, rollback, scheduled, forced or run early by an
 * admin — enters such a stage only holding an {@code ApprovalGranted} for that very promotion:
 *
 * <ol>
 *   <li>its {@code approvalId} is {@code ApprovalIds.of(promotionId)};
 *   <li>its envelope's {@code meta.artifact.digest} is the promotion's artifact digest;
 *   <li>its {@code gateResultsDigest} is the digest of the gate results the promotion holds ({@code
 *       PromotionStateMachine.gateResultsDigest}) — what the approvers saw is what the gates said;
 *   <li>its {@code decisions} satisfy the requirement: {@code quorum} distinct people holding one
 *       of {@code roles}, and for every {@code allOf} role its count of distinct people holding
 *       that role, one person filling one slot only; once the approval was escalated ({@code
 *       ApprovalEscalated}), one eligible person holding the escalation role suffices
 *       (approval-service's rule);
 *   <li>no decider is the requester, an admin who forced or scheduled the promotion (override
 *       actors), or the commit author (user name or e-mail, case-insensitive, against the build's
 *       {@code commitAuthor});
 *   <li>at most one decision that came through a delegated channel ({@code via} set: the delegation
 *       credential of the Slack path, docs/identities.md "Delegated decisions") counts toward the
 *       requirement: whoever holds that one credential can speak for several mapped people, so a
 *       grant that meets the requirement only by counting two or more delegated decisions is
 *       refused (approval-service refuses the second delegated approval already; this is the check
 *       where the grant is consumed).
 * </ol>
 *
 * Fail closed, by decision: a grant is refused when the commit author is unknown (no build
 * recorded, or recorded without an author) — nobody can show the deciders did not write the change;
 * when a decision carries no e-mail — the author is known by e-mail and a name alone cannot clear
 * the decider; when a person decides twice (same name or same e-mail) — a grant never counts anyone
 * twice; and when the requirement names no approver at all. The order of {@code sequential}
 * approvals is approval-service's to enforce; a grant does not carry decision times.
 */
public final class AuthorityCheck {

  private AuthorityCheck() {}

  /**
   * Why {@code grant} does not let {@code p} in under {@code required}, or empty when it does.
   *
   * @param required the approval the policy requires ({@link ApprovalRequirement}); null: none, the
   *     grant must still be this promotion's and its deciders eligible
   * @param p the promotion, with its gate results digest, override actors, build and escalation
   * @param grant the grant it holds, or null
   */
  public static Optional<String> refusal(ApprovalPolicy required, Promotion p, Grant grant) {
    if (grant == null) {
      return Optional.of("no approval granted");
    }
    String expectedId = ApprovalIds.of(p.promotionId());
    if (!expectedId.equals(grant.approvalId())) {
      return Optional.of(
          "approval " + grant.approvalId() + " is not this promotion's (" + expectedId + ")");
    }
    if (grant.artifactDigest() == null || !grant.artifactDigest().equals(p.digest())) {
      return Optional.of("granted for artifact " + grant.artifactDigest() + ", not " + p.digest());
    }
    if (p.gateResultsDigest() == null || !p.gateResultsDigest().equals(grant.gateResultsDigest())) {
      return Optional.of(
          "granted on gate results "
              + grant.gateResultsDigest()
              + ", not the ones held ("
              + p.gateResultsDigest()
              + ")");
    }
    if (p.build() == null || blank(p.build().commitAuthor())) {
      return Optional.of(
          "commit author unknown ("
              + (p.build() == null ? "no build recorded" : "build names no author")
              + "): separation of duties cannot be shown");
    }
    Set<String> names = new HashSet<>();
    Set<String> emails = new HashSet<>();
    for (Grant.Decision d : grant.decisions()) {
      if (blank(d.approver())) {
        return Optional.of("a decision names no approver");
      }
      if (blank(d.email())) {
        return Optional.of(
            d.approver() + " has no e-mail: cannot show they are not the commit author");
      }
      if (!names.add(lower(d.approver())) || !emails.add(lower(d.email()))) {
        return Optional.of(d.approver() + " (" + d.email() + ") decided twice");
      }
      Optional<String> excluded = excluded(p, d);
      if (excluded.isPresent()) {
        return excluded;
      }
    }
    if (required == null) {
      return Optional.empty();
    }
    if (required.roles().isEmpty() && required.allOf().isEmpty()
        || required.quorum() < 0
        || required.allOf().values().stream().anyMatch(n -> n == null || n < 0)
        || required.quorum() == 0 && required.allOf().values().stream().allMatch(n -> n == 0)) {
      return Optional.of("the required approval names no approver: it cannot be met");
    }
    if (p.escalatedTo() != null
        && p.escalatedTo().equals(required.escalationRole())
        && grant.decisions().stream().anyMatch(d -> d.roles().contains(p.escalatedTo()))) {
      return Optional.empty();
    }
    if (satisfiable(required, grant.decisions(), MAX_DELEGATED)) {
      return Optional.empty();
    }
    String decided = grant.decisions().stream().map(AuthorityCheck::describe).toList().toString();
    if (satisfiable(required, grant.decisions(), Integer.MAX_VALUE)) {
      return Optional.of(
          "decisions by "
              + decided
              + " meet "
              + describe(required)
              + " only by counting more than one delegated decision: "
              + DELEGATION_LIMIT);
    }
    return Optional.of("decisions by " + decided + " do not meet " + describe(required));
  }

  /** How many delegated decisions ({@code via} set) may count toward one requirement. */
  public static final int MAX_DELEGATED = 1;

  /** The rule on delegated decisions, in the words approval-service's refusal also uses. */
  public static final String DELEGATION_LIMIT =
      "at most one decision per approval may come through a delegated channel (the delegation"
          + " credential alone never meets a quorum of two or more)";

  private static String describe(Grant.Decision d) {
    return d.approver() + d.roles() + (d.delegated() ? " via " + d.via() : "");
  }

  /** Why {@code d}'s decider may not approve {@code p}, or empty. */
  private static Optional<String> excluded(Promotion p, Grant.Decision d) {
    String name = lower(d.approver());
    String email = lower(d.email());
    if (name.equals(lower(p.requestedBy())) || email.equals(lower(p.requestedBy()))) {
      return Optional.of(d.approver() + " requested this promotion and may not approve it");
    }
    for (String admin : p.overriddenBy()) {
      if (name.equals(lower(admin)) || email.equals(lower(admin))) {
        return Optional.of(d.approver() + " overrode this promotion and may not approve it");
      }
    }
    String author = lower(p.build().commitAuthor().trim());
    int open = author.indexOf('<');
    String authorEmail =
        open >= 0 && author.endsWith(">")
            ? author.substring(open + 1, author.length() - 1).trim()
            : author;
    String authorName = open >= 0 ? author.substring(0, open).trim() : author;
    String authorUser =
        authorEmail.contains("@")
            ? authorEmail.substring(0, authorEmail.indexOf('@'))
            : authorEmail;
    if (email.equals(authorEmail)
        || name.equals(authorEmail)
        || name.equals(authorName)
        || name.equals(authorUser)) {
      return Optional.of(d.approver() + " authored the commit and may not approve it");
    }
    return Optional.empty();
  }

  /**
   * True when the decisions fill {@code quorum} slots open to any of {@code roles} and {@code
   * allOf} slots per role, each decider in at most one slot holding its role, and at most {@code
   * maxDelegated} of the slots filled by delegated decisions (a small bipartite matching, by
   * backtracking).
   */
  static boolean satisfiable(
      ApprovalPolicy required, List<Grant.Decision> decisions, int maxDelegated) {
    List<Set<String>> slots = new ArrayList<>();
    for (int i = 0; i < required.quorum(); i++) {
      slots.add(Set.copyOf(required.roles()));
    }
    for (Map.Entry<String, Integer> e : required.allOf().entrySet()) {
      for (int i = 0; i < e.getValue(); i++) {
        slots.add(Set.of(e.getKey()));
      }
    }
    if (slots.size() > decisions.size()) {
      return false;
    }
    return fill(slots, 0, decisions, new boolean[decisions.size()], maxDelegated);
  }

  private static boolean fill(
      List<Set<String>> slots,
      int slot,
      List<Grant.Decision> decisions,
      boolean[] used,
      int delegatedLeft) {
    if (slot == slots.size()) {
      return true;
    }
    for (int i = 0; i < decisions.size(); i++) {
      Grant.Decision d = decisions.get(i);
      if (!used[i]
          && (!d.delegated() || delegatedLeft > 0)
          && d.roles().stream().anyMatch(slots.get(slot)::contains)) {
        used[i] = true;
        if (fill(slots, slot + 1, decisions, used, delegatedLeft - (d.delegated() ? 1 : 0))) {
          return true;
        }
        used[i] = false;
      }
    }
    return false;
  }

  /** The requirement in words, for notes. */
  static String describe(ApprovalPolicy a) {
    return (a.roles().isEmpty() ? "" : a.quorum() + " of " + a.roles())
        + (a.allOf().isEmpty()
            ? ""
            : (a.roles().isEmpty() ? "" : " and ")
                + a.allOf()
                + (a.sequential() ? " in order" : ""));
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }

  private static String lower(String s) {
    return s == null ? "" : s.toLowerCase(Locale.ROOT);
  }
}
