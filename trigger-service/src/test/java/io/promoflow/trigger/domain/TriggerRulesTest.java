package io.promoflow.trigger.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.promoflow.platform.events.Events;
import io.promoflow.platform.testing.TopologyTests;
import io.promoflow.schemas.common.ArtifactRef;
import io.promoflow.schemas.requests.PromotionType;
import io.promoflow.schemas.rollbacks.RollbackDecided;
import io.promoflow.schemas.rollbacks.RollbacksEnvelope;
import java.util.List;
import org.junit.jupiter.api.Test;

class TriggerRulesTest {

  static final ArtifactRef FAILING =
      new ArtifactRef("inventory", "1.4.2", "sha256:" + "a".repeat(64));
  final Events events = TopologyTests.events("rollback-service");
  final TriggerRules rules = new TriggerRules(TopologyTests.localPolicy(), "trigger-service");

  RollbacksEnvelope decided(String mode, String actor) {
    return new RollbacksEnvelope(
        events.meta(FAILING, "p-1", null, actor),
        new RollbackDecided(
            "PROD",
            "1.4.1",
            "sha256:" + "c".repeat(64),
            mode,
            "blue_green",
            100,
            List.of("requested by " + actor + ": outage"),
            "HIGH"));
  }

  @Test
  void aRequestedRollbackIsRequestedByThePersonWhoAskedForIt() {
    PromotionIntent intent =
        rules.afterRollbackDecision(decided(TriggerRules.REQUESTED, "oncall")).orElseThrow();
    assertThat(intent.requestedBy()).isEqualTo("oncall");
    assertThat(intent.type()).isEqualTo(PromotionType.ROLLBACK);
    assertThat(intent.targetStage()).isEqualTo("PROD");
    assertThat(intent.artifact().getVersion()).isEqualTo("1.4.1");
  }

  @Test
  void aRequestedRollbackWithoutAPersonIsNotRequested() {
    assertThat(rules.afterRollbackDecision(decided(TriggerRules.REQUESTED, " "))).isEmpty();
  }

  @Test
  void aRollbackDecidedByRollbackServiceIsRequestedByTheTriggerAndManualOnesNotAtAll() {
    assertThat(rules.afterRollbackDecision(decided("approval", null)).orElseThrow().requestedBy())
        .isEqualTo("trigger-service");
    assertThat(rules.afterRollbackDecision(decided("manual", "oncall"))).isEmpty();
  }
}
