package io.promoflow.rollback.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.promoflow.rules.policy.PrometheusSignals;
import io.promoflow.rules.policy.VerificationPolicy;
import io.promoflow.rules.policy.VerificationPolicy.OnNoData;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Generated windows (pushed and Prometheus samples, failed queries, any {@code onNoData}, with or
 * without Prometheus signals, asked at any time at or after the end) against {@link
 * VerificationDecision}: the oracles are written here, independently of {@link NoDataCheck}.
 */
class VerificationDecisionPropertiesTest {

  static final long T0 = 1_780_000_000_000L;

  /** One report read inside the window. */
  record Sample(HealthReport report, boolean fromPrometheus) {}

  /** A window's inputs and its stage's policy. */
  record Case(
      VerificationPolicy policy,
      long length,
      List<Sample> samples,
      int queryFailures,
      long askedAfterEnd) {

    MonitoringWindow window() {
      MonitoringWindow w =
          MonitoringWindow.open(
              "inventory", "QA", "1.0", "sha256:x", "p-1", "AUTOMATIC", T0, T0, T0 + length, null);
      for (Sample s : samples) {
        w = w.sampled(RollbackDecisionEngine.assess(s.report(), policy), s.fromPrometheus());
      }
      for (int i = 0; i < queryFailures; i++) {
        w = w.queryFailed("healthScore", "connection refused");
      }
      return w;
    }

    boolean readsPrometheus() {
      return policy.prometheus() != null;
    }

    /**
     * No health data: no report at all, or a Prometheus stage none of whose queries answered while
     * some failed.
     */
    boolean noData() {
      boolean anyPrometheus = samples.stream().anyMatch(Sample::fromPrometheus);
      return samples.isEmpty() || readsPrometheus() && !anyPrometheus && queryFailures > 0;
    }

    boolean anyFailingSample() {
      return samples.stream()
          .anyMatch(s -> RollbackDecisionEngine.assess(s.report(), policy).rollback());
    }
  }

  @Provide
  Arbitrary<Case> cases() {
    Arbitrary<HealthReport> reports =
        Combinators.combine(
                Arbitraries.doubles().between(0, 1),
                Arbitraries.doubles().between(0, 1),
                Arbitraries.longs().between(0, 5_000).injectNull(0.3),
                Arbitraries.integers().between(0, 3),
                Arbitraries.of("LOW", "MEDIUM", "HIGH"))
            .as(HealthReport::new);
    Arbitrary<List<Sample>> samples =
        Combinators.combine(reports, Arbitraries.of(true, false))
            .as(Sample::new)
            .list()
            .ofMaxSize(6);
    PrometheusSignals signals =
        new PrometheusSignals(Duration.ofSeconds(1), Map.of("healthScore", "up"));
    Arbitrary<VerificationPolicy> policies =
        Combinators.combine(
                Arbitraries.of(OnNoData.values()).injectNull(0.2), Arbitraries.of(true, false))
            .as(
                (onNoData, prometheus) ->
                    new VerificationPolicy(
                        null,
                        null,
                        1000L,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        prometheus ? signals : null,
                        onNoData));
    return Combinators.combine(
            policies,
            Arbitraries.longs().between(1, 3_600_000),
            samples,
            Arbitraries.integers().between(0, 3),
            Arbitraries.longs().between(0, 86_400_000))
        .as(Case::new);
  }

  @Property(tries = 2000)
  void aWindowWithoutDataNeverPassesUnlessItsStageOptsIn(@ForAll("cases") Case c) {
    Verdict v =
        VerificationDecision.decide(c.window(), c.policy(), T0 + c.length() + c.askedAfterEnd());
    if (c.noData() && c.policy().onNoData() != OnNoData.PASS) {
      assertThat(v.outcome()).isNotEqualTo(Verdict.Outcome.PASSED);
    }
    if (c.noData() && !c.anyFailingSample()) {
      assertThat(v.outcome())
          .isEqualTo(
              switch (c.policy().onNoData()) {
                case FAIL -> Verdict.Outcome.FAILED;
                case INCONCLUSIVE -> Verdict.Outcome.INCONCLUSIVE;
                case PASS -> Verdict.Outcome.PASSED;
              });
      assertThat(v.reasons()).isNotEmpty();
    }
  }

  @Property(tries = 2000)
  void anyFailingSampleFailsTheWindowAtAnyTime(
      @ForAll("cases") Case c, @ForAll("offsets") long offset) {
    Verdict v = VerificationDecision.decide(c.window(), c.policy(), T0 + offset);
    if (c.anyFailingSample()) {
      assertThat(v.outcome()).isEqualTo(Verdict.Outcome.FAILED);
      assertThat(v.failure().score()).isGreaterThanOrEqualTo(c.policy().rollbackThreshold());
    } else if (offset < c.length()) {
      assertThat(v.outcome()).as("open and not breached").isEqualTo(Verdict.Outcome.PENDING);
    }
  }

  @Property(tries = 1000)
  void theVerdictAtTheEndDoesNotDependOnWhenItIsAsked(@ForAll("cases") Case c) {
    MonitoringWindow w = c.window();
    assertThat(VerificationDecision.decide(w, c.policy(), T0 + c.length() + c.askedAfterEnd()))
        .isEqualTo(VerificationDecision.decide(w, c.policy(), T0 + c.length()));
  }

  @Provide
  Arbitrary<Long> offsets() {
    return Arbitraries.longs().between(-1_000, 7_200_000);
  }
}
