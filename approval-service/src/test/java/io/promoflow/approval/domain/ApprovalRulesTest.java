package io.promoflow.approval.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ApprovalRulesTest {

  static Approval pending(int quorum) {
    return new Approval("a1", "p1", "inventory", "1.4.2", "sha256:x", "STAGING", "PROD", "dev", "author@example.com",
        List.of("release-manager", "platform-lead"), quorum, 0, 1000, "6/6", ApprovalStatus.PENDING, List.of());
  }

  static Decision approve(String who, String role, long at) {
    return new Decision(who, List.of(role), true, null, at);
  }

  @Test
  void separationOfDutiesRolesAndDeadlineAreEnforced() {
    assertThatThrownBy(() -> ApprovalRules.check(pending(1), "dev", Set.of("release-manager"), true, null, 10))
        .isInstanceOfSatisfying(DecisionRefused.class, e -> assertThat(e.kind()).isEqualTo(DecisionRefused.Kind.FORBIDDEN))
        .hasMessageContaining("requested this promotion");
    assertThatThrownBy(() -> ApprovalRules.check(pending(1), "AUTHOR@example.com", Set.of("release-manager"), true, null, 10))
        .hasMessageContaining("authored the commit");
    assertThatThrownBy(() -> ApprovalRules.check(pending(1), "ci", Set.of("ci"), true, null, 10))
        .hasMessageContaining("holds none of the roles");
    assertThatThrownBy(() -> ApprovalRules.check(pending(1), "release-manager", Set.of("release-manager"), true, null, 1000))
        .isInstanceOfSatisfying(DecisionRefused.class, e -> assertThat(e.kind()).isEqualTo(DecisionRefused.Kind.CONFLICT))
        .hasMessageContaining("expired");
    assertThatThrownBy(() -> ApprovalRules.check(pending(1), "release-manager", Set.of("release-manager"), false, " ", 10))
        .isInstanceOfSatisfying(DecisionRefused.class, e -> assertThat(e.field()).isEqualTo("comment"));
    ApprovalRules.check(pending(1), "release-manager", Set.of("release-manager"), true, null, 999);
  }

  @Test
  void aGrantNeedsTheQuorumOfDistinctEligibleApprovers() {
    Approval a = ApprovalRules.apply(pending(2), approve("release-manager", "release-manager", 10));
    assertThat(a.status()).isEqualTo(ApprovalStatus.PENDING);
    assertThat(ApprovalRules.apply(a, approve("release-manager", "release-manager", 11))).isSameAs(a);
    assertThat(ApprovalRules.apply(a, approve("dev", "release-manager", 11))).isSameAs(a);
    Approval granted = ApprovalRules.apply(a, approve("platform-lead", "platform-lead", 12));
    assertThat(granted.status()).isEqualTo(ApprovalStatus.GRANTED);
    assertThat(granted.approvers()).containsExactly("release-manager", "platform-lead");
    assertThat(ApprovalRules.apply(granted, approve("x", "platform-lead", 13))).isSameAs(granted);
  }

  @Test
  void oneRejectRejectsAndDeadlinesExpire() {
    Approval rejected = ApprovalRules.apply(pending(2), new Decision("platform-lead", List.of("platform-lead"), false, "no", 5));
    assertThat(rejected.status()).isEqualTo(ApprovalStatus.REJECTED);
    assertThat(ApprovalRules.expire(pending(1), 999).status()).isEqualTo(ApprovalStatus.PENDING);
    assertThat(ApprovalRules.expire(pending(1), 1000).status()).isEqualTo(ApprovalStatus.EXPIRED);
    assertThat(ApprovalRules.expire(rejected, 5000)).isSameAs(rejected);
  }
}
