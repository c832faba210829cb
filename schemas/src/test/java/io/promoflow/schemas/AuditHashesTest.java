package io.promoflow.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AuditHashesTest {

  @Test
  void hashesThePreviousHashANewlineAndTheContent() {
    // values computed independently: printf '\nabc' | sha256sum ; printf 'ab12\n{"a":1}' |
    // sha256sum
    assertThat(AuditHashes.hash(null, "abc"))
        .isEqualTo("f39d39bfc99287b848780d4110eb663f0e7c344ae41f46a390c4135b89dc2756");
    assertThat(AuditHashes.hash("", "abc")).isEqualTo(AuditHashes.hash(null, "abc"));
    assertThat(AuditHashes.hash("ab12", "{\"a\":1}"))
        .isEqualTo("875ad2815f81031cfae0373a558e910b86e441493d4662bad241642d8207f66d");
  }

  @Test
  void aMissingContentIsRefusedNotHashedAsText() {
    assertThatThrownBy(() -> AuditHashes.hash("ab12", null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("content");
  }
}
