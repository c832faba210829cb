package io.promoflow.approval.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promoflow.rules.policy.ApprovalPolicy.OnTimeout;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ApprovalRulesTest {

  /**
   * Asked at 0 by dev for 1000 ms (reminder at 500) on 1.4.2, whose commit {@code author} wrote.
   */
  static Approval.Builder asked(String author) {
    return Approval.builder()
        .of("a1", "p1", "inventory", "1.4.2", "sha256:x")
        .stages("STAGING", "PROD")
        .requestedBy("dev")
        .commitAuthor(author)
        .timing(0, 1000, 50)
        .gateSummary("6/6");
  }

  static Approval approval(
      List<String> roles,
      int quorum,
      Map<String, Integer> allOf,
      boolean sequential,
      String onTimeout) {
    return asked("author@example.com")
        .quorum(quorum, roles)
        .allOf(allOf)
        .sequential(sequential)
        .onTimeout(OnTimeout.valueOf(onTimeout), "platform-owner")
        .gateResultsDigest("sha256:gates")
        .excludedApprovers(List.of("forcer"))
        .build();
  }

  static Approval pending(int quorum) {
    return approval(List.of("release-manager", "platform-lead"), quorum, Map.of(), false, "reject");
  }

  static String mail(String who) {
    return who + "@example.com";
  }

  static Decision approve(String who, String role, long at) {
    return Decision.approval(who, mail(who), List.of(role), null, at);
  }

  @Test
  void separationOfDutiesRolesAndDeadlineAreEnforced() {
    assertThatThrownBy(
            () ->
                ApprovalRules.check(
                    pending(1), "dev", mail("dev"), Set.of("release-manager"), true, null, 10))
        .isInstanceOfSatisfying(
            DecisionRefused.class,
            e -> assertThat(e.kind()).isEqualTo(DecisionRefused.Kind.FORBIDDEN))
        .hasMessageContaining("requested this promotion");
    assertThatThrownBy(
            () ->
                ApprovalRules.check(
                    pending(1),
                    "AUTHOR@example.com",
                    null,
                    Set.of("release-manager"),
                    true,
                    null,
                    10))
        .hasMessageContaining("authored the commit");
    assertThatThrownBy(
            () -> ApprovalRules.check(pending(1), "ci", mail("ci"), Set.of("ci"), true, null, 10))
        .hasMessageContaining("holds none of the roles");
    assertThatThrownBy(
            () ->
                ApprovalRules.check(
                    pending(1),
                    "release-manager",
                    mail("release-manager"),
                    Set.of("release-manager"),
                    true,
                    null,
                    1000))
        .isInstanceOfSatisfying(
            DecisionRefused.class,
            e -> assertThat(e.kind()).isEqualTo(DecisionRefused.Kind.CONFLICT))
        .hasMessageContaining("expired");
    assertThatThrownBy(
            () ->
                ApprovalRules.check(
                    pending(1),
                    "release-manager",
                    mail("release-manager"),
                    Set.of("release-manager"),
                    false,
                    " ",
                    10))
        .isInstanceOfSatisfying(
            DecisionRefused.class, e -> assertThat(e.field()).isEqualTo("comment"));
    ApprovalRules.check(
        pending(1),
        "release-manager",
        mail("release-manager"),
        Set.of("release-manager"),
        true,
        null,
        999);
  }

  @Test
  void theCommitAuthorIsRecognisedByEmailAndAnUnknownEmailIsRefused() {
    assertThatThrownBy(
            () ->
                ApprovalRules.check(
                    pending(1),
                    "alice",
                    "Author@Example.COM",
                    Set.of("release-manager"),
                    true,
                    null,
                    10))
        .isInstanceOfSatisfying(
            DecisionRefused.class,
            e -> assertThat(e.kind()).isEqualTo(DecisionRefused.Kind.FORBIDDEN))
        .hasMessageContaining("alice authored the commit of 1.4.2");
    assertThatThrownBy(
            () ->
                ApprovalRules.check(
                    pending(1), "alice", null, Set.of("release-manager"), true, null, 10))
        .isInstanceOfSatisfying(
            DecisionRefused.class,
            e -> assertThat(e.kind()).isEqualTo(DecisionRefused.Kind.FORBIDDEN))
        .hasMessageContaining("e-mail address of alice is unknown")
        .hasMessageContaining("author@example.com");
    assertThatThrownBy(
            () ->
                ApprovalRules.check(
                    pending(1), "alice", " ", Set.of("release-manager"), true, null, 10))
        .hasMessageContaining("e-mail address of alice is unknown");
    Approval byNameOnly = asked("Alice").quorum(1, List.of("release-manager")).build();
    assertThatThrownBy(
            () ->
                ApprovalRules.check(
                    byNameOnly,
                    "alice",
                    "alice@example.com",
                    Set.of("release-manager"),
                    true,
                    null,
                    10))
        .hasMessageContaining("authored the commit");
    Approval p = pending(1);
    assertThat(
            ApprovalRules.apply(
                p, Decision.approval("bob", null, List.of("release-manager"), null, 10)))
        .as("a recorded decision without e-mail changes nothing either")
        .isSameAs(p);
  }

  @Test
  void whileTheCommitAuthorIsUnknownNobodyMayApproveButARejectionIsRecorded() {
    // before: an unknown author let anyone approve, and promotion-service then refused the grant
    // (AuthorityCheck)
    for (String unknown : new String[] {null, "", "  "}) {
      Approval authorUnknown = asked(unknown).quorum(1, List.of("release-manager")).build();
      assertThatThrownBy(
              () ->
                  ApprovalRules.check(
                      authorUnknown, "bob", mail("bob"), Set.of("release-manager"), true, null, 10))
          .isInstanceOfSatisfying(
              DecisionRefused.class,
              e -> assertThat(e.kind()).isEqualTo(DecisionRefused.Kind.FORBIDDEN))
          .hasMessageContaining(
              "commit author unknown: no one can be shown independent of the change");
      assertThat(ApprovalRules.apply(authorUnknown, approve("bob", "release-manager", 10)))
          .isSameAs(authorUnknown);
      assertThat(ApprovalRules.grantRefusal(authorUnknown)).contains(ApprovalRules.AUTHOR_UNKNOWN);
      Approval rejected =
          ApprovalRules.apply(
              authorUnknown,
              Decision.rejection(
                  "bob",
                  mail("bob"),
                  List.of("release-manager"),
                  "rebuild it with its author recorded",
                  10));
      assertThat(rejected.status())
          .as("a rejection stops the promotion: fail closed")
          .isEqualTo(ApprovalStatus.REJECTED);
    }
  }

  @Test
  void theCommitAuthorIsMatchedAsPromotionServiceMatchesIt() {
    Approval named =
        asked("Alice Example <Alice@Corp.Example>").quorum(1, List.of("release-manager")).build();
    assertThatThrownBy(
            () ->
                ApprovalRules.check(
                    named,
                    "someone",
                    "alice@corp.example",
                    Set.of("release-manager"),
                    true,
                    null,
                    10))
        .as("the e-mail inside Name <e-mail>")
        .hasMessageContaining("authored the commit");
    assertThatThrownBy(
            () ->
                ApprovalRules.check(
                    named,
                    "alice example",
                    "a@b.example",
                    Set.of("release-manager"),
                    true,
                    null,
                    10))
        .as("the name of Name <e-mail>")
        .hasMessageContaining("authored the commit");
    assertThatThrownBy(
            () ->
                ApprovalRules.check(
                    named,
                    "Alice",
                    "alice.other@corp.example",
                    Set.of("release-manager"),
                    true,
                    null,
                    10))
        .as("the local part of the author's e-mail")
        .hasMessageContaining("authored the commit");
    ApprovalRules.check(
        named, "bob", "bob@corp.example", Set.of("release-manager"), true, null, 10);
  }

  @Test
  void onePersonDecidesOnceEvenUnderTwoUserNames() {
    Approval a = ApprovalRules.apply(pending(2), approve("rm", "release-manager", 10));
    assertThatThrownBy(
            () ->
                ApprovalRules.check(
                    a, "rm-alias", "RM@example.com", Set.of("platform-lead"), true, null, 11))
        .isInstanceOfSatisfying(
            DecisionRefused.class,
            e -> assertThat(e.kind()).isEqualTo(DecisionRefused.Kind.CONFLICT))
        .hasMessageContaining("one person decides once");
  }

  @Test
  void aDecisionCountsAtTheTimeItWasRecordedAndTimersCountFromTheDeadline() {
    Approval a = pending(1);
    assertThat(ApprovalRules.decide(a, approve("rm", "release-manager", 999)).status())
        .as("recorded before the deadline, whenever it is applied")
        .isEqualTo(ApprovalStatus.GRANTED);
    assertThatThrownBy(() -> ApprovalRules.decide(a, approve("rm", "release-manager", 1000)))
        .isInstanceOf(DecisionRefused.class)
        .hasMessageContaining("expired");
    Timer late =
        ApprovalRules.tick(
            approval(List.of("release-manager"), 1, Map.of(), false, "extend"), 5000);
    assertThat(late.approval().expiresAt()).as("a late tick changes no deadline").isEqualTo(2000);
    assertThat(ApprovalRules.nextStepAt(a)).isEqualTo(500);
    assertThat(ApprovalRules.nextStepAt(ApprovalRules.tick(a, 500).approval())).isEqualTo(1000);
    assertThat(ApprovalRules.nextStepAt(ApprovalRules.voided(a))).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void excludedApproversAndTheRequesterAreRecognisedByNameOrEmail() {
    assertThatThrownBy(
            () ->
                ApprovalRules.check(
                    pending(1),
                    "Forcer",
                    mail("forcer"),
                    Set.of("release-manager"),
                    true,
                    null,
                    10))
        .isInstanceOfSatisfying(
            DecisionRefused.class,
            e -> assertThat(e.kind()).isEqualTo(DecisionRefused.Kind.FORBIDDEN))
        .hasMessageContaining("forced or scheduled this promotion");
    assertThatThrownBy(
            () ->
                ApprovalRules.check(
                    pending(1), "someone", "DEV", Set.of("release-manager"), true, null, 10))
        .hasMessageContaining("requested this promotion");
    assertThat(ApprovalRules.apply(pending(1), approve("forcer", "release-manager", 10)).status())
        .isEqualTo(ApprovalStatus.PENDING);
  }

  @Test
  void aGrantNeedsTheQuorumOfDistinctEligibleApprovers() {
    Approval a = ApprovalRules.apply(pending(2), approve("release-manager", "release-manager", 10));
    assertThat(a.status()).isEqualTo(ApprovalStatus.PENDING);
    assertThat(ApprovalRules.apply(a, approve("release-manager", "release-manager", 11)))
        .isSameAs(a);
    assertThat(ApprovalRules.apply(a, approve("dev", "release-manager", 11))).isSameAs(a);
    Approval granted = ApprovalRules.apply(a, approve("platform-lead", "platform-lead", 12));
    assertThat(granted.status()).isEqualTo(ApprovalStatus.GRANTED);
    assertThat(granted.approvers()).containsExactly("release-manager", "platform-lead");
    assertThat(ApprovalRules.apply(granted, approve("x", "platform-lead", 13))).isSameAs(granted);
  }

  @Test
  void allOfNeedsEachRoleFromDifferentPeopleAndSequentialKeepsTheOrder() {
    Map<String, Integer> teamLeadThenOwner = new LinkedHashMap<>();
    teamLeadThenOwner.put("team-lead", 1);
    teamLeadThenOwner.put("platform-owner", 1);
    Approval twoPeople = approval(List.of(), 0, teamLeadThenOwner, false, "reject");
    Approval one =
        ApprovalRules.apply(
            twoPeople,
            Decision.approval(
                "alice", mail("alice"), List.of("team-lead", "platform-owner"), null, 1));
    assertThat(one.status())
        .as("one person cannot fill both roles")
        .isEqualTo(ApprovalStatus.PENDING);
    assertThat(ApprovalRules.outstanding(one)).isEqualTo("still needed: 1 platform-owner");
    assertThat(ApprovalRules.apply(one, approve("bob", "platform-owner", 2)).status())
        .isEqualTo(ApprovalStatus.GRANTED);

    Approval sequential = approval(List.of(), 0, teamLeadThenOwner, true, "reject");
    assertThatThrownBy(
            () ->
                ApprovalRules.check(
                    sequential, "bob", mail("bob"), Set.of("platform-owner"), true, null, 1))
        .hasMessageContaining("still needed: 1 team-lead 1 platform-owner");
    Approval first = ApprovalRules.apply(sequential, approve("carol", "team-lead", 1));
    assertThat(ApprovalRules.apply(first, approve("bob", "platform-owner", 2)).status())
        .isEqualTo(ApprovalStatus.GRANTED);
  }

  @Test
  void anApprovalMayBeWithdrawnBeforeTheGrantOnly() {
    Approval a = ApprovalRules.apply(pending(2), approve("release-manager", "release-manager", 10));
    Approval withdrawn = ApprovalRules.withdraw(a, "release-manager", 11);
    assertThat(withdrawn.approvers()).isEmpty();
    assertThat(withdrawn.decisions())
        .singleElement()
        .satisfies(d -> assertThat(d.withdrawn()).isTrue());
    assertThat(ApprovalRules.withdraw(withdrawn, "release-manager", 12)).isSameAs(withdrawn);
    Approval regranted =
        ApprovalRules.apply(
            ApprovalRules.apply(withdrawn, approve("release-manager", "release-manager", 13)),
            approve("platform-lead", "platform-lead", 14));
    assertThat(regranted.status()).isEqualTo(ApprovalStatus.GRANTED);
    assertThat(ApprovalRules.withdraw(regranted, "platform-lead", 15)).isSameAs(regranted);
  }

  @Test
  void timersRemindOnceThenRejectEscalateOrExtendByPolicy() {
    Timer reminded = ApprovalRules.tick(pending(1), 500);
    assertThat(reminded.kind()).isEqualTo(Timer.Kind.REMINDED);
    assertThat(ApprovalRules.tick(reminded.approval(), 600).kind()).isEqualTo(Timer.Kind.NONE);
    assertThat(ApprovalRules.tick(reminded.approval(), 1000).kind()).isEqualTo(Timer.Kind.EXPIRED);

    Timer extended =
        ApprovalRules.tick(
            approval(List.of("release-manager"), 1, Map.of(), false, "extend"), 1000);
    assertThat(extended.kind()).isEqualTo(Timer.Kind.EXTENDED);
    assertThat(extended.approval().expiresAt()).isEqualTo(2000);
    assertThat(ApprovalRules.tick(extended.approval(), 2000).kind()).isEqualTo(Timer.Kind.EXPIRED);

    Timer escalated =
        ApprovalRules.tick(
            approval(List.of("release-manager"), 1, Map.of(), false, "escalate"), 1000);
    assertThat(escalated.kind()).isEqualTo(Timer.Kind.ESCALATED);
    assertThat(escalated.approval().eligibleRoles()).contains("platform-owner");
    Approval byOwner =
        ApprovalRules.apply(escalated.approval(), approve("olga", "platform-owner", 1500));
    assertThat(byOwner.status()).isEqualTo(ApprovalStatus.GRANTED);
  }

  @Test
  void oneRejectRejectsAndDecidedApprovalsIgnoreTheClock() {
    Approval rejected =
        ApprovalRules.apply(
            pending(2),
            Decision.rejection(
                "platform-lead", mail("platform-lead"), List.of("platform-lead"), "no", 5));
    assertThat(rejected.status()).isEqualTo(ApprovalStatus.REJECTED);
    assertThat(ApprovalRules.tick(rejected, 5000).kind()).isEqualTo(Timer.Kind.NONE);
    assertThat(ApprovalRules.voided(rejected)).isSameAs(rejected);
    assertThat(ApprovalRules.voided(pending(1)).status()).isEqualTo(ApprovalStatus.VOIDED);
  }
}
