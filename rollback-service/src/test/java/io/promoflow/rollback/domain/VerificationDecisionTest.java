package io.promoflow.rollback.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.promoflow.rules.policy.PrometheusSignals;
import io.promoflow.rules.policy.VerificationPolicy;
import io.promoflow.rules.policy.VerificationPolicy.OnNoData;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VerificationDecisionTest {

  static final long T0 = 1_780_000_000_000L;
  static final long END = T0 + 3_000;
  static final HealthReport HEALTHY = new HealthReport(0.95, 0.0, null, 0, "LOW");
  static final HealthReport FAILING = new HealthReport(0.3, 0.0, null, 2, "LOW");

  static MonitoringWindow window() {
    return MonitoringWindow.open(
        "inventory", "QA", "1.0", "sha256:x", "p-1", "AUTOMATIC", T0, T0, END, null);
  }

  static VerificationPolicy policy(OnNoData onNoData) {
    return new VerificationPolicy(
        null, null, null, null, null, null, null, null, null, null, onNoData);
  }

  static VerificationPolicy prometheus() {
    return new VerificationPolicy(
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        new PrometheusSignals(Duration.ofSeconds(1), Map.of("healthScore", "up")),
        null);
  }

  static MonitoringWindow with(
      MonitoringWindow w, HealthReport r, boolean fromPrometheus, VerificationPolicy p) {
    return w.sampled(RollbackDecisionEngine.assess(r, p), fromPrometheus);
  }

  @Test
  void anOpenWindowWithoutABreachIsPendingUntilItsEnd() {
    VerificationPolicy p = policy(null);
    MonitoringWindow w = with(window(), HEALTHY, false, p);
    assertThat(VerificationDecision.decide(w, p, END - 1).outcome())
        .isEqualTo(Verdict.Outcome.PENDING);
    assertThat(VerificationDecision.decide(w, p, END))
        .isEqualTo(Verdict.passed(java.util.List.of()));
  }

  @Test
  void aBreachFailsAtOnceWithItsAssessment() {
    VerificationPolicy p = policy(OnNoData.PASS);
    MonitoringWindow w = with(with(window(), HEALTHY, false, p), FAILING, false, p);
    Verdict v = VerificationDecision.decide(w, p, T0 + 1);
    assertThat(v.outcome()).isEqualTo(Verdict.Outcome.FAILED);
    assertThat(v.failure().score()).isEqualTo(70);
    assertThat(v.reasons())
        .containsExactly("2 critical anomalies (+40)", "health 0.30 below 0.80 (+30)");
    // a later healthy report does not undo it
    assertThat(VerificationDecision.decide(with(w, HEALTHY, false, p), p, END).outcome())
        .isEqualTo(Verdict.Outcome.FAILED);
  }

  @Test
  void aWindowWithoutDataEndsAsItsStageSays() {
    String reason = "no health report and no Prometheus sample in the 3 s window";
    assertThat(VerificationDecision.decide(window(), policy(null), END))
        .isEqualTo(Verdict.inconclusive(java.util.List.of(reason)));
    Verdict failed = VerificationDecision.decide(window(), policy(OnNoData.FAIL), END);
    assertThat(failed.outcome()).isEqualTo(Verdict.Outcome.FAILED);
    assertThat(failed.failure())
        .isEqualTo(new Assessment(70, true, "HIGH", java.util.List.of(reason)));
    assertThat(VerificationDecision.decide(window(), policy(OnNoData.PASS), END))
        .isEqualTo(Verdict.passed(java.util.List.of(reason)));
    // a stage the policy no longer has: its defaults, inconclusive
    assertThat(VerificationDecision.decide(window(), VerificationPolicy.DEFAULTS, END).outcome())
        .isEqualTo(Verdict.Outcome.INCONCLUSIVE);
  }

  @Test
  void aStageReadingPrometheusHasNoDataWhenEveryQueryFailedEvenWithPushedReports() {
    VerificationPolicy p = prometheus();
    MonitoringWindow pushedOnly =
        with(window(), HEALTHY, false, p).queryFailed("healthScore", "timeout");
    Verdict v = VerificationDecision.decide(pushedOnly, p, END);
    assertThat(v.outcome()).isEqualTo(Verdict.Outcome.INCONCLUSIVE);
    assertThat(v.reasons())
        .containsExactly("every Prometheus query failed or returned nothing: healthScore: timeout");
    MonitoringWindow sampled = with(pushedOnly, HEALTHY, true, p);
    assertThat(VerificationDecision.decide(sampled, p, END).outcome())
        .isEqualTo(Verdict.Outcome.PASSED);
  }

  @Test
  void theVerdictAtTheEndDoesNotDependOnWhenItIsAsked() {
    VerificationPolicy p = policy(null);
    MonitoringWindow w = with(window(), HEALTHY, false, p);
    assertThat(VerificationDecision.decide(w, p, END + Duration.ofHours(5).toMillis()))
        .isEqualTo(VerificationDecision.decide(w, p, END));
  }
}
