package io.promoflow.rollback.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.promoflow.rules.policy.VerificationPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RollbackDecisionEngineTest {

  static final VerificationPolicy REFERENCE = VerificationPolicy.DEFAULTS;

  @ParameterizedTest(name = "health {0}, anomalies {1}, impact {2} -> score {3}, rollback {4}")
  @CsvSource({
    "0.95, 0, LOW, 0, false",
    "0.80, 0, LOW, 0, false", // at the health threshold: healthy
    "0.79, 0, LOW, 30, false", // just below: +30, not enough alone
    "0.79, 1, LOW, 70, true", // +30 +40 reaches 70
    "0.95, 1, HIGH, 70, true", // +40 +30
    "0.95, 1, MEDIUM, 40, false",
    "0.79, 0, HIGH, 60, false",
    "0.10, 3, HIGH, 100, true"
  })
  void scoresFollowTheReferenceWeights(
      double health, int anomalies, String impact, int score, boolean rollback) {
    Assessment a =
        RollbackDecisionEngine.assess(
            new HealthReport(health, 0.0, null, anomalies, impact), REFERENCE);
    assertThat(a.score()).isEqualTo(score);
    assertThat(a.rollback()).isEqualTo(rollback);
    assertThat(a.reasons().isEmpty()).isEqualTo(score == 0);
  }

  @Test
  void errorRateAndLatencyCountWhenThePolicySetsThemAndUrgencyFollowsTheScore() {
    VerificationPolicy strict =
        new VerificationPolicy(0.8, 0.01, 500L, null, null, null, null, null, null, null, null);
    Assessment a =
        RollbackDecisionEngine.assess(new HealthReport(0.7, 0.02, 900L, 0, "LOW"), strict);
    assertThat(a.score()).isEqualTo(100);
    assertThat(a.urgency()).isEqualTo("CRITICAL");
    assertThat(a.reasons())
        .anyMatch(r -> r.startsWith("error rate 0.020 above 0.010"))
        .anyMatch(r -> r.startsWith("p99 latency 900 ms above 500 ms"));
    assertThat(
            RollbackDecisionEngine.assess(new HealthReport(0.9, 0.0, 400L, 0, "LOW"), strict)
                .rollback())
        .isFalse();
  }
}
