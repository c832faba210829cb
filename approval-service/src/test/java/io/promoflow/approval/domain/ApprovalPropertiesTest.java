package io.promoflow.approval.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.promoflow.rules.policy.ApprovalPolicy.OnTimeout;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Generated sequences of decisions, withdrawals, clock ticks and supersessions against a quorum
 * approval, with a controllable clock (event times, never waiting). The rules must grant exactly
 * when the quorum of distinct eligible approvers is met before the deadline with no reject, void or
 * expiry first, and never otherwise. Eligible: holds a quorum role and is neither the requester,
 * nor an excluded approver, nor the commit author by name or e-mail; while the commit author is
 * known, an approver without an e-mail address is not eligible either, and while it is unknown
 * nobody may approve (fail closed, as promotion-service's {@code AuthorityCheck}): no grant, ever.
 */
class ApprovalPropertiesTest {

  static final long DEADLINE = 1_000;
  static final String AUTHOR_EMAIL = "author@corp.example";
  static final List<String> PEOPLE =
      List.of("dev", "author", "rm1", "rm2", "lead1", "ci", "rm3", "forcer", "alias", "nomail");
  static final Map<String, String> ROLE =
      Map.of(
          "dev",
          "developer",
          "author",
          "release-manager",
          "rm1",
          "release-manager",
          "rm2",
          "release-manager",
          "lead1",
          "platform-lead",
          "ci",
          "ci",
          "rm3",
          "release-manager",
          "forcer",
          "release-manager",
          "alias",
          "platform-lead",
          "nomail",
          "release-manager");

  /**
   * E-mail of each person; "alias" is the commit author under another user name, "nomail" has none.
   */
  static final Map<String, String> EMAIL =
      new java.util.HashMap<>(
          Map.of(
              "dev",
              "dev@corp.example",
              "author",
              AUTHOR_EMAIL,
              "rm1",
              "rm1@corp.example",
              "rm2",
              "rm2@corp.example",
              "lead1",
              "lead1@corp.example",
              "ci",
              "ci@corp.example",
              "rm3",
              "rm3@corp.example",
              "forcer",
              "forcer@corp.example",
              "alias",
              "Author@Corp.Example"));

  /**
   * One step: kind APPROVE, REJECT, WITHDRAW, TICK or SUPERSEDE by {@code person} at time {@code
   * at}.
   */
  record Action(String kind, String person, long at) {}

  @Provide
  Arbitrary<List<Action>> histories() {
    Arbitrary<Action> action =
        Combinators.combine(
                Arbitraries.of(
                    "APPROVE", "APPROVE", "APPROVE", "REJECT", "WITHDRAW", "TICK", "SUPERSEDE"),
                Arbitraries.of(PEOPLE),
                Arbitraries.longs().between(0, 1_400))
            .as(Action::new);
    return action
        .list()
        .ofMaxSize(12)
        .map(
            list -> {
              List<Action> sorted = new ArrayList<>(list);
              sorted.sort(java.util.Comparator.comparingLong(Action::at));
              return sorted;
            });
  }

  @Property(tries = 2000)
  void grantedExactlyWhenTheQuorumOfDistinctEligibleApproversIsMetInTime(
      @ForAll("histories") List<Action> history,
      @ForAll("quorums") int quorum,
      @ForAll boolean authorKnown) {
    Approval a = asked(authorKnown ? AUTHOR_EMAIL : null, quorum, OnTimeout.reject);
    // the oracle: an independent reading of the rules
    Set<String> standing = new LinkedHashSet<>();
    String oracle = "PENDING";
    for (Action step : history) {
      a = step(a, step);
      if (!oracle.equals("PENDING")) {
        continue;
      }
      boolean inTime = step.at() < DEADLINE;
      String email = EMAIL.get(step.person());
      boolean authorBan = authorKnown && (email == null || email.equalsIgnoreCase(AUTHOR_EMAIL));
      boolean eligible =
          !step.person().equals("dev")
              && !step.person().equals("forcer")
              && !authorBan
              && Set.of("release-manager", "platform-lead").contains(ROLE.get(step.person()));
      switch (step.kind()) {
        case "APPROVE" -> {
          if (inTime
              && eligible
              && authorKnown
              && standing.add(step.person())
              && standing.size() >= quorum) {
            oracle = "GRANTED";
          }
        }
        case "REJECT" -> {
          if (inTime && eligible && !standing.contains(step.person())) {
            oracle = "REJECTED";
          }
        }
        case "WITHDRAW" -> {
          if (inTime) {
            standing.remove(step.person());
          }
        }
        case "TICK" -> {
          if (!inTime) {
            oracle = "EXPIRED";
          }
        }
        case "SUPERSEDE" -> oracle = "VOIDED";
        default -> throw new IllegalStateException(step.kind());
      }
    }
    assertThat(a.status().name()).as("history %s", history).isEqualTo(oracle);
    if (a.status() == ApprovalStatus.GRANTED) {
      assertThat(a.approvers())
          .hasSizeGreaterThanOrEqualTo(quorum)
          .doesNotContain("dev", "ci", "forcer");
      if (authorKnown) {
        assertThat(a.approvers()).doesNotContain("author", "alias", "nomail");
      }
      assertThat(a.approvals())
          .allSatisfy(
              d -> {
                assertThat(d.email()).isEqualTo(EMAIL.get(d.approver()));
                assertThat(d.roles()).containsExactly(ROLE.get(d.approver()));
              });
    }
  }

  /**
   * While the commit author is unknown (no author, or a blank one) no history of decisions,
   * withdrawals, ticks (reminders, escalations, extensions) and supersessions grants, and no
   * approval stands that a grant could carry: promotion-service would refuse such a grant, so
   * approval-service never issues it.
   */
  @Property(tries = 2000)
  void noGrantWhileTheCommitAuthorIsUnknown(
      @ForAll("histories") List<Action> history,
      @ForAll("quorums") int quorum,
      @ForAll("unknownAuthors") String author,
      @ForAll OnTimeout onTimeout) {
    Approval a = asked(author, quorum, onTimeout);
    for (Action step : history) {
      a = step(a, step);
      assertThat(a.status()).as("history %s", history).isNotEqualTo(ApprovalStatus.GRANTED);
      assertThat(a.approvals()).as("history %s", history).isEmpty();
      assertThat(ApprovalRules.grantRefusal(a)).contains(ApprovalRules.AUTHOR_UNKNOWN);
    }
  }

  @Provide
  Arbitrary<String> unknownAuthors() {
    return Arbitraries.of(null, "", "   ");
  }

  static Approval asked(String author, int quorum, OnTimeout onTimeout) {
    return Approval.builder()
        .of("a", "p", "app", "1", "sha256:x")
        .stages("STAGING", "PROD")
        .requestedBy("dev")
        .commitAuthor(author)
        .quorum(quorum, List.of("release-manager", "platform-lead"))
        .timing(0, DEADLINE, 50)
        .onTimeout(onTimeout, onTimeout == OnTimeout.escalate ? "platform-lead" : null)
        .gateSummary("ok")
        .gateResultsDigest("sha256:gates")
        .excludedApprovers(List.of("forcer"))
        .build();
  }

  static Approval step(Approval a, Action step) {
    return switch (step.kind()) {
      case "APPROVE" ->
          ApprovalRules.apply(
              a,
              Decision.approval(
                  step.person(),
                  EMAIL.get(step.person()),
                  List.of(ROLE.get(step.person())),
                  null,
                  step.at()));
      case "REJECT" ->
          ApprovalRules.apply(
              a,
              Decision.rejection(
                  step.person(),
                  EMAIL.get(step.person()),
                  List.of(ROLE.get(step.person())),
                  "no",
                  step.at()));
      case "WITHDRAW" -> ApprovalRules.withdraw(a, step.person(), step.at());
      case "TICK" -> ApprovalRules.tick(a, step.at()).approval();
      case "SUPERSEDE" -> ApprovalRules.voided(a);
      default -> throw new IllegalStateException(step.kind());
    };
  }

  @Provide
  Arbitrary<Integer> quorums() {
    return Arbitraries.integers().between(1, 3);
  }
}
