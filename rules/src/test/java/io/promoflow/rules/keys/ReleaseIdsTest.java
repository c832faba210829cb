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
}
