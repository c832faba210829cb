package io.promoflow.rules.release;

import static org.assertj.core.api.Assertions.assertThat;

import io.promoflow.rules.release.ApplicationStages.Deployed;
import io.promoflow.rules.release.ApplicationStages.Status;
import io.promoflow.rules.release.ApplicationStages.Verification;
import io.promoflow.rules.release.ReleaseGates.Decision;
import io.promoflow.rules.release.ReleaseGates.Evaluation;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReleaseGatesTest {

  static final String D1 = "sha256:" + "1".repeat(64);
  static final String D2 = "sha256:" + "2".repeat(64);
  static final String D3 = "sha256:" + "3".repeat(64);

  final Map<String, ApplicationStages> platform = new HashMap<>();

  Evaluation evaluate(List<ReleaseState.Component> components) {
    return ReleaseGates.evaluate(
        components, "QA", "STAGING", a -> Optional.ofNullable(platform.get(a)));
  }

  void verified(String app, String version, String digest, Status status) {
    platform.put(
        app,
        platform
            .getOrDefault(app, ApplicationStages.empty(app))
            .verification("QA", new Verification(version, digest, status, 1_000)));
  }

  void running(String app, String stage, String version) {
    platform.put(
        app,
        platform
            .getOrDefault(app, ApplicationStages.empty(app))
            .promoted(stage, new Deployed(version, D3, null, null, 1_000, "p")));
  }

  static ReleaseState.Component c(
      String app, String version, String digest, Map<String, String> requires) {
    return new ReleaseState.Component(app, version, digest, requires);
  }

  @Test
  void verifiedComponentsWhoseRequirementsTheReleaseSatisfiesPassWithTheirInputsRecorded() {
    verified("inventory", "1.4.2", D1, Status.PASSED);
    verified("orders", "2.0.0", D2, Status.PASSED);
    Evaluation e =
        evaluate(
            List.of(
                c("inventory", "1.4.2", D1, Map.of()),
                c("orders", "2.0.0", D2, Map.of("inventory", ">=1.4 <2"))));
    assertThat(e.decision()).isEqualTo(Decision.PASSED);
    assertThat(e.results()).allMatch(ReleaseGates.Result::passed);
    ReleaseGates.Result compat = e.results().get(1);
    assertThat(compat.gate()).isEqualTo(ReleaseGates.COMPATIBILITY);
    assertThat(compat.inputs())
        .containsEntry("orders.requires.inventory", ">=1.4 <2")
        .containsEntry("orders.requires.inventory.version", "1.4.2")
        .containsEntry("orders.requires.inventory.from", "release");
    assertThat(e.results().get(0).inputs())
        .containsEntry("inventory.verification", "PASSED")
        .containsEntry("inventory.verifiedDigest", D1);
  }

  @Test
  void anUnsatisfiedRangeFails() {
    verified("inventory", "2.1.0", D1, Status.PASSED);
    verified("orders", "2.0.0", D2, Status.PASSED);
    Evaluation e =
        evaluate(
            List.of(
                c("inventory", "2.1.0", D1, Map.of()),
                c("orders", "2.0.0", D2, Map.of("inventory", ">=1.4 <2"))));
    assertThat(e.decision()).isEqualTo(Decision.FAILED);
    assertThat(e.reasons())
        .singleElement()
        .asString()
        .contains("orders requires inventory '>=1.4 <2'", "2.1.0 does not satisfy");
  }

  @Test
  void aDependencyOutsideTheReleaseIsTakenFromTheTargetStageOnly() {
    verified("orders", "2.0.0", D2, Status.PASSED);
    running("inventory", "QA", "1.9.0");
    Evaluation inSourceOnly =
        evaluate(List.of(c("orders", "2.0.0", D2, Map.of("inventory", "^1.4"))));
    assertThat(inSourceOnly.decision())
        .as("what runs in QA does not count for STAGING")
        .isEqualTo(Decision.FAILED);
    assertThat(inSourceOnly.reasons().get(0))
        .contains("inventory is neither in the release nor in STAGING");

    running("inventory", "STAGING", "1.5.0");
    Evaluation inTarget = evaluate(List.of(c("orders", "2.0.0", D2, Map.of("inventory", "^1.4"))));
    assertThat(inTarget.decision()).isEqualTo(Decision.PASSED);
    assertThat(inTarget.results().get(1).inputs())
        .containsEntry("orders.requires.inventory.version", "1.5.0")
        .containsEntry("orders.requires.inventory.from", "STAGING");
  }

  @Test
  void aMissingDependencyFails() {
    verified("orders", "2.0.0", D2, Status.PASSED);
    Evaluation e = evaluate(List.of(c("orders", "2.0.0", D2, Map.of("payments", ">=1"))));
    assertThat(e.decision()).isEqualTo(Decision.FAILED);
    assertThat(e.results().get(1).inputs())
        .containsEntry("orders.requires.payments.version", "none");
  }

  @Test
  void aGarbageRangeFailsClosed() {
    verified("orders", "2.0.0", D2, Status.PASSED);
    running("inventory", "STAGING", "1.5.0");
    Evaluation e = evaluate(List.of(c("orders", "2.0.0", D2, Map.of("inventory", "garbage"))));
    assertThat(e.decision()).isEqualTo(Decision.FAILED);
    assertThat(e.reasons().get(0)).contains("cannot be read");
  }

  @Test
  void anUnverifiedComponentWaitsThenTimesOut() {
    verified("orders", "2.0.0", D2, Status.PASSED);
    Evaluation e =
        evaluate(
            List.of(c("orders", "2.0.0", D2, Map.of()), c("inventory", "1.4.2", D1, Map.of())));
    assertThat(e.decision()).isEqualTo(Decision.WAITING);
    assertThat(e.waiting()).containsExactly("inventory 1.4.2");
    Evaluation late = ReleaseGates.timedOut(e, "QA", Duration.ofMinutes(10));
    assertThat(late.decision()).isEqualTo(Decision.FAILED);
    assertThat(late.reasons()).containsExactly("inventory 1.4.2: not verified in QA within PT10M");
  }

  @Test
  void anotherDigestOrAFailedVerificationFailsAtOnce() {
    verified("inventory", "1.4.2", D3, Status.PASSED);
    assertThat(evaluate(List.of(c("inventory", "1.4.2", D1, Map.of()))).reasons().get(0))
        .contains("immutable");
    verified("orders", "2.0.0", D2, Status.FAILED);
    assertThat(evaluate(List.of(c("orders", "2.0.0", D2, Map.of()))).decision())
        .isEqualTo(Decision.FAILED);
  }

  @Test
  void enteringTheFirstStageNeedsOnlyTheRecordedBuild() {
    Evaluation e =
        ReleaseGates.evaluate(
            List.of(c("inventory", "1.4.2", D1, Map.of())), null, "DEV", a -> Optional.empty());
    assertThat(e.decision()).isEqualTo(Decision.PASSED);
    assertThat(ReleaseGates.evaluate(List.of(), null, "DEV", a -> Optional.empty()).decision())
        .as("a release of nothing")
        .isEqualTo(Decision.FAILED);
  }
}
