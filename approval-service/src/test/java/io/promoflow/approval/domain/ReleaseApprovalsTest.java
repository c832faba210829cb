package io.promoflow.approval.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * One decision for a platform release (RELEASES.md point 5) and at most one delegated approval per
 * approval (docs/identities.md "Delegated decisions").
 */
class ReleaseApprovalsTest {

  static final Release RELEASE =
      new Release(
          "rel-1", "2026.47.0", "PLATFORM_MINOR", List.of("inventory", "billing", "search"));

  static Approval component(String application, String stage, ApprovalStatus status, long at) {
    return Approval.builder()
        .of("apr-" + application + at, "p-" + application + at, application, "1.0.0", "sha256:x")
        .stages("STAGING", stage)
        .requestedBy("dev")
        .commitAuthor("author@example.com")
        .quorum(1, List.of("release-manager"))
        .timing(at, 60_000, 50)
        .release(RELEASE)
        .status(status)
        .build();
  }

  @Test
  void everyComponentMustBePendingBeforeTheReleaseIsDecided() {
    Approval inventory = component("inventory", "PROD", ApprovalStatus.PENDING, 1);
    Approval billing = component("billing", "PROD", ApprovalStatus.PENDING, 2);
    Approval search = component("search", "PROD", ApprovalStatus.PENDING, 3);
    Approval unrelated =
        Approval.builder()
            .of("apr-x", "p-x", "search", "9.9.9", "sha256:y")
            .stages("STAGING", "PROD")
            .timing(9, 60_000, 50)
            .build();
    assertThat(ReleaseApprovals.pending("rel-1", List.of(unrelated))).isEmpty();
    assertThatThrownBy(() -> ReleaseApprovals.pending("rel-1", List.of(billing, inventory)))
        .isInstanceOf(DecisionRefused.class)
        .hasMessageStartingWith("2 of 3 components awaiting approval")
        .hasMessageContaining("not yet: search");
    assertThat(ReleaseApprovals.pending("rel-1", List.of(search, unrelated, billing, inventory)))
        .as("one per component, in the release's order")
        .containsExactly(inventory, billing, search);
    assertThatThrownBy(
            () ->
                ReleaseApprovals.pending(
                    "rel-1",
                    List.of(
                        inventory,
                        billing,
                        component("search", "PROD", ApprovalStatus.GRANTED, 4))))
        .hasMessageStartingWith("2 of 3");
    assertThatThrownBy(
            () ->
                ReleaseApprovals.pending(
                    "rel-1",
                    List.of(
                        inventory,
                        billing,
                        component("search", "STAGING", ApprovalStatus.PENDING, 4))))
        .hasMessageContaining("several stages");
  }

  @Test
  void aComponentApprovalIsNeverDecidedOnItsOwn() {
    assertThatThrownBy(
            () ->
                ReleaseApprovals.checkSingle(
                    component("inventory", "PROD", ApprovalStatus.PENDING, 1)))
        .isInstanceOf(DecisionRefused.class)
        .hasMessage(
            "part of release 2026.47.0: decide it with POST /api/v1/releases/rel-1/decisions");
  }

  @Test
  void aSecondDelegatedApprovalIsRefusedAndOwnCredentialsStillCount() {
    Approval two =
        ApprovalRulesTest.approval(
            List.of("release-manager"), 2, java.util.Map.of(), false, "reject");
    Approval once =
        ApprovalRules.decide(
            two,
            Decision.approval(
                "rita", "rita@example.com", List.of("release-manager"), null, 10, "slack"));
    assertThatThrownBy(
            () ->
                ApprovalRules.check(
                    once,
                    "lena",
                    "lena@example.com",
                    Set.of("release-manager"),
                    true,
                    null,
                    20,
                    "slack"))
        .isInstanceOf(DecisionRefused.class)
        .extracting(e -> ((DecisionRefused) e).kind())
        .isEqualTo(DecisionRefused.Kind.CONFLICT);
    assertThat(
            ApprovalRules.apply(
                    once,
                    Decision.approval(
                        "lena", "lena@example.com", List.of("release-manager"), null, 20, "slack"))
                .status())
        .isEqualTo(ApprovalStatus.PENDING);
    // a delegated rejection still stops it (it grants nothing)
    ApprovalRules.check(
        once, "lena", "lena@example.com", Set.of("release-manager"), false, "no", 20, "slack");
    Approval granted =
        ApprovalRules.decide(
            once,
            Decision.approval("lena", "lena@example.com", List.of("release-manager"), null, 20));
    assertThat(granted.status()).isEqualTo(ApprovalStatus.GRANTED);
    assertThat(ApprovalRules.grantRefusal(granted)).isEmpty();
  }
}
