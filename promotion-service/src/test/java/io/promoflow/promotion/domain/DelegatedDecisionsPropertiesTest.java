package io.promoflow.promotion.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.promoflow.rules.policy.ApprovalPolicy;
import io.promoflow.schemas.ApprovalIds;
import io.promoflow.schemas.gates.GateOutcome;
import io.promoflow.schemas.requests.PromotionType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;

/**
 * The delegation credential (notification-service's Slack path) can speak for several mapped
 * people; at most one decision that came through it counts toward a requirement (docs/identities.md
 * "Delegated decisions"). Generated quorum requirements and grants of distinct, eligible or not,
 * own-credential or delegated deciders, judged by {@link AuthorityCheck} against an oracle counting
 * here: a grant is accepted exactly when its own-credential eligible deciders plus at most one
 * delegated eligible decider reach the quorum.
 */
class DelegatedDecisionsPropertiesTest {

  static final String DIGEST = "sha256:" + "a".repeat(64);
  static final List<String> ELIGIBLE = List.of("release-manager", "platform-lead");

  /** One decider: eligible (holds a quorum role) or not, delegated (via slack) or not. */
  record Decider(boolean eligible, boolean delegated) {}

  @Provide
  Arbitrary<List<Decider>> deciders() {
    return Combinators.combine(Arbitraries.of(true, true, true, false), Arbitraries.of(true, false))
        .as(Decider::new)
        .list()
        .ofMinSize(1)
        .ofMaxSize(6);
  }

  static ApprovalPolicy quorum(int n) {
    return new ApprovalPolicy(ELIGIBLE, n, Map.of(), false, Duration.ofHours(4), null, null, null);
  }

  /** A promotion into PROD awaiting approval, gates held, build by carol. */
  static Promotion promotion() {
    return Promotion.builder("p1")
        .artifact("inventory", "1.4.2", DIGEST)
        .step(PromotionType.MANUAL, "STAGING", "PROD")
        .requested("dev", 0)
        .build()
        .withGateResults(GateOutcome.PASSED, "sha256:" + "b".repeat(64))
        .withBuild(new BuildInfo("c".repeat(40), "1", null, "carol@example.com", 0));
  }

  static Grant grant(List<Decider> deciders) {
    List<Grant.Decision> decisions = new ArrayList<>();
    for (int i = 0; i < deciders.size(); i++) {
      Decider d = deciders.get(i);
      String name = "approver" + i;
      decisions.add(
          new Grant.Decision(
              name,
              name + "@example.com",
              List.of(d.eligible() ? ELIGIBLE.get(i % 2) : "developer"),
              d.delegated() ? "slack" : null));
    }
    return new Grant(
        ApprovalIds.of("p1"),
        DIGEST,
        "sha256:" + "b".repeat(64),
        decisions.stream().map(Grant.Decision::approver).toList(),
        decisions);
  }

  static long count(List<Decider> deciders, boolean delegated) {
    return deciders.stream().filter(d -> d.eligible() && d.delegated() == delegated).count();
  }

  /**
   * A quorum of 2..4 and deciders that meet it only when two or more delegated decisions count:
   * fewer than quorum - 1 own eligible deciders, enough delegated eligible ones, some ineligible
   * ones of either kind, in any order.
   */
  @Provide
  Arbitrary<Tuple.Tuple2<Integer, List<Decider>>> onlyWithSeveralDelegated() {
    return Arbitraries.integers()
        .between(2, 4)
        .flatMap(
            n ->
                Arbitraries.integers()
                    .between(0, n - 2)
                    .flatMap(
                        own ->
                            Combinators.combine(
                                    Arbitraries.integers().between(Math.max(2, n - own), 5),
                                    Arbitraries.of(true, false).list().ofMaxSize(2),
                                    Arbitraries.randoms())
                                .as(
                                    (delegated, noise, random) -> {
                                      List<Decider> all = new ArrayList<>();
                                      for (int i = 0; i < own; i++) {
                                        all.add(new Decider(true, false));
                                      }
                                      for (int i = 0; i < delegated; i++) {
                                        all.add(new Decider(true, true));
                                      }
                                      noise.forEach(via -> all.add(new Decider(false, via)));
                                      java.util.Collections.shuffle(all, random);
                                      return Tuple.of(n, all);
                                    })));
  }

  @Property(tries = 1000)
  void grantsMeetingTheQuorumOnlyWithTwoOrMoreDelegatedDecisionsAreRefused(
      @ForAll("onlyWithSeveralDelegated") Tuple.Tuple2<Integer, List<Decider>> generated) {
    int n = generated.get1();
    List<Decider> deciders = generated.get2();
    long own = count(deciders, false);
    long delegated = count(deciders, true);
    // the generator's promise: every decision counted meets the quorum, one delegated does not
    assertThat(own + delegated).isGreaterThanOrEqualTo(n);
    assertThat(own + 1).isLessThan(n);
    Statistics.label("quorum").collect(n);
    assertThat(AuthorityCheck.refusal(quorum(n), promotion(), grant(deciders)))
        .as("%d own and %d delegated eligible decisions toward a quorum of %d", own, delegated, n)
        .hasValueSatisfying(
            why -> assertThat(why).contains("only by counting more than one delegated decision"));
  }

  @Property(tries = 1000)
  void aGrantCountsAtMostOneDelegatedDecisionAndEveryOwnOne(
      @ForAll @IntRange(min = 1, max = 4) int n, @ForAll("deciders") List<Decider> deciders) {
    long own = count(deciders, false);
    long delegated = count(deciders, true);
    boolean oracle = own + Math.min(1, delegated) >= n;
    Statistics.label("accepted").collect(oracle);
    Statistics.label("delegated decisions").collect(delegated);
    assertThat(AuthorityCheck.refusal(quorum(n), promotion(), grant(deciders)).isEmpty())
        .as("%d own and %d delegated eligible decisions toward a quorum of %d", own, delegated, n)
        .isEqualTo(oracle);
  }
}
