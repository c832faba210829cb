package io.promoflow.rules.stage;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StageLedgerTest {

  @Test
  void rollbackTargetIsTheNewestKnownGoodVersionOtherThanTheFailingOne() {
    StageLedger l =
        StageLedger.empty("inventory")
            .promoted("QA", "1.0", "sha256:1", "p1", 1)
            .verificationPassed("QA", "1.0", "sha256:1", 2)
            .promoted("QA", "1.1", "sha256:2", "p2", 3)
            .verificationPassed("QA", "1.1", "sha256:2", 4)
            .promoted("QA", "1.2", "sha256:3", "p3", 5);
    assertThat(l.in("QA").orElseThrow().verification()).isEqualTo(StageLedger.Verification.PENDING);
    assertThat(l.lastKnownGood("QA", "1.2").orElseThrow().version()).isEqualTo("1.1");

    StageLedger failed = l.verificationFailed("QA", "1.2", 6);
    assertThat(failed.in("QA").orElseThrow().verification())
        .isEqualTo(StageLedger.Verification.FAILED);
    assertThat(failed.isKnownGood("QA", "1.2")).isFalse();
    // 1.1 failing later leaves 1.0 as the only known-good version
    StageLedger again =
        failed.promoted("QA", "1.1", "sha256:2", "p4", 7).verificationFailed("QA", "1.1", 8);
    assertThat(again.lastKnownGood("QA", "1.1").orElseThrow().version()).isEqualTo("1.0");
    assertThat(again.lastKnownGood("DEV", "x")).isEmpty();
  }

  @Test
  void anInconclusiveWindowIsNeitherKnownGoodNorHeldAndARerunMakesItPendingAgain() {
    StageLedger l =
        StageLedger.empty("inventory")
            .promoted("QA", "1.0", "sha256:1", "p1", 1)
            .verificationInconclusive("QA", "1.0", 2);
    assertThat(l.in("QA").orElseThrow().verification())
        .isEqualTo(StageLedger.Verification.INCONCLUSIVE);
    assertThat(l.isKnownGood("QA", "1.0")).isFalse();
    assertThat(l.isHeld("QA", "1.0")).isFalse();
    assertThat(l.verificationInconclusive("QA", "0.9", 3)).as("not the version in QA").isSameAs(l);
    StageLedger rerun = l.verificationRestarted("QA", "1.0");
    assertThat(rerun.in("QA").orElseThrow().verification())
        .isEqualTo(StageLedger.Verification.PENDING);
    assertThat(rerun.in("QA").orElseThrow().verifiedAt()).isNull();
    assertThat(rerun.verificationPassed("QA", "1.0", "sha256:1", 4).isKnownGood("QA", "1.0"))
        .isTrue();
  }
}
