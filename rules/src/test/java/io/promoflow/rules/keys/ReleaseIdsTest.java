package io.promoflow.rules.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ReleaseIdsTest {

  @Test
  void idsDeriveFromNamesSoAReplayReproducesThem() {
    String id = ReleaseIds.of("2026.47.0");
    assertThat(id).startsWith("rel-").isEqualTo(ReleaseIds.of("2026.47.0"));
    assertThat(ReleaseIds.of("2026.47.1")).isNotEqualTo(id);
    assertThat(ReleaseIds.valid(id)).isTrue();
    assertThat(ReleaseIds.valid("rel-nope")).isFalse();
    assertThat(ReleaseIds.valid(null)).isFalse();

    String staging = ReleaseIds.promotionId(id, "STAGING", "inventory");
    assertThat(staging).isEqualTo(ReleaseIds.promotionId(id, "STAGING", "inventory"));
    assertThat(staging)
        .isNotEqualTo(ReleaseIds.promotionId(id, "PROD", "inventory"))
        .isNotEqualTo(ReleaseIds.promotionId(id, "STAGING", "orders"))
        .isNotEqualTo(ReleaseIds.rollbackId(id, "STAGING", "inventory"));
    assertThat(ReleaseIds.rollbackId(id, "PROD", "orders"))
        .isEqualTo(ReleaseIds.promotionId(id, "rollback:PROD", "orders"));
    assertThatThrownBy(() -> ReleaseIds.promotionId(id, "STAGING", "a|b"))
        .isInstanceOf(MalformedKeyException.class);
  }

  @Test
  void aRetryIntoTheSameStageGetsNewIdsAndTheFirstAttemptKeepsItsFormula() {
    String id = ReleaseIds.of("2026.47.0");
    String first = ReleaseIds.promotionId(id, "PROD", "inventory");
    assertThat(ReleaseIds.promotionId(id, "PROD", "inventory", 1)).isEqualTo(first);
    // attempt 1 is the formula of the release design: name-UUID of release:<id>|<stage>|<app>
    assertThat(first)
        .isEqualTo(
            java.util
                .UUID
                .nameUUIDFromBytes(
                    ("release:" + id + "|PROD|inventory")
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .toString());
    String second = ReleaseIds.promotionId(id, "PROD", "inventory", 2);
    assertThat(second)
        .isNotEqualTo(first)
        .isEqualTo(ReleaseIds.promotionId(id, "PROD", "inventory", 2))
        .isNotEqualTo(ReleaseIds.promotionId(id, "PROD", "inventory", 3));
    assertThat(ReleaseIds.rollbackId(id, "PROD", "inventory", 1))
        .isEqualTo(ReleaseIds.rollbackId(id, "PROD", "inventory"));
    assertThat(ReleaseIds.rollbackId(id, "PROD", "inventory", 2))
        .isNotEqualTo(ReleaseIds.rollbackId(id, "PROD", "inventory"))
        .isEqualTo(ReleaseIds.promotionId(id, "rollback:PROD", "inventory", 2));
    assertThatThrownBy(() -> ReleaseIds.promotionId(id, "PROD", "inventory", 0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
