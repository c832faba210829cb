package io.promoflow.trigger.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.promoflow.platform.testing.TopologyTests;
import io.promoflow.rules.policy.PipelinePolicy;
import io.promoflow.rules.release.ReleaseState;
import io.promoflow.rules.release.ReleaseState.PromotionState;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** When a release may be promoted (RELEASES.md step 2; a retry after a failure, issue 18). */
class ReleasePromotionCheckTest {

  static final PipelinePolicy POLICY = TopologyTests.localPolicy();
  static final List<ReleaseState.Component> COMPONENTS =
      List.of(new ReleaseState.Component("inventory", "1.4.2", "sha256:" + "a".repeat(64), null));

  static ReleaseState release(
      boolean train, List<ReleaseState.Component> components, Object... promotions) {
    List<ReleaseState.Promotion> list = new ArrayList<>();
    for (int i = 0; i < promotions.length; i += 2) {
      list.add(
          new ReleaseState.Promotion(
              null,
              (String) promotions[i],
              (PromotionState) promotions[i + 1],
              "dev",
              null,
              0,
              "e" + i,
              null,
              null,
              null,
              null));
    }
    return new ReleaseState(
        "rel-1",
        "2026.47.0",
        "PLATFORM_MINOR",
        "standard",
        "rolling",
        train,
        null,
        "dev",
        null,
        0,
        components,
        list,
        null,
        null);
  }

  static String refusal(ReleaseState r, String target) {
    return ReleasePromotionCheck.check(r, POLICY, target)
        .map(x -> (x.conflict() ? "409 " : "400 ") + x.field())
        .orElse("ok");
  }

  @Test
  void aFailedStageMayBeRetriedButNotSkipped() {
    ReleaseState gatesFailed = release(false, COMPONENTS, "STAGING", PromotionState.GATES_FAILED);
    assertThat(refusal(gatesFailed, "STAGING")).isEqualTo("ok");
    assertThat(refusal(gatesFailed, "PROD")).isEqualTo("409 targetStage");

    ReleaseState failedIntoProd =
        release(
            false, COMPONENTS, "STAGING", PromotionState.PROMOTED, "PROD", PromotionState.FAILED);
    assertThat(refusal(failedIntoProd, "PROD")).isEqualTo("ok");
    assertThat(refusal(failedIntoProd, "STAGING")).isEqualTo("400 targetStage");

    ReleaseState retrying =
        release(
            false,
            COMPONENTS,
            "STAGING",
            PromotionState.FAILED,
            "STAGING",
            PromotionState.PROMOTING);
    assertThat(refusal(retrying, "STAGING")).as("one in flight").isEqualTo("409 targetStage");
    assertThat(refusal(retrying, "PROD")).isEqualTo("409 targetStage");
  }

  @Test
  void theFirstPromotionGoesPastTheFirstStageAndOnlyIntoAKnownStage() {
    ReleaseState fresh = release(false, COMPONENTS);
    assertThat(refusal(fresh, "STAGING")).isEqualTo("ok");
    assertThat(refusal(fresh, "DEV")).isEqualTo("400 targetStage");
    assertThat(refusal(fresh, "NOWHERE")).isEqualTo("400 targetStage");
    ReleaseState promoted = release(false, COMPONENTS, "STAGING", PromotionState.PROMOTED);
    assertThat(refusal(promoted, "PROD")).isEqualTo("ok");
    assertThat(refusal(promoted, "STAGING")).isEqualTo("400 targetStage");
  }

  @Test
  void aTrainWithoutComponentsIsNotPromoted() {
    assertThat(refusal(release(true, List.of()), "STAGING")).isEqualTo("409 targetStage");
    assertThat(ReleasePromotionCheck.check(release(true, List.of()), POLICY, "STAGING"))
        .get()
        .extracting(ReleasePromotionCheck.Refusal::detail)
        .asString()
        .contains("collection phase");
    assertThat(refusal(release(true, COMPONENTS), "STAGING")).isEqualTo("ok");
  }
}
