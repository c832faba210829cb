package io.promoflow.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HmacTest {

  @Test
  void signsLikeGithub() {
    // GitHub's documented example: secret "It's a Secret to Everybody", payload "Hello, World!"
    assertThat(Hmac.sha256Signature("It's a Secret to Everybody", "Hello, World!".getBytes(StandardCharsets.UTF_8)))
        .isEqualTo("sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17");
  }

  @Test
  void anEmptyKeyIsRefused() {
    assertThatThrownBy(() -> Hmac.sha256Signature("", new byte[1])).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("non-empty key");
    assertThatThrownBy(() -> Hmac.sha256Signature((byte[]) null, new byte[1])).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void verifiesOnlyTheRightSignature() {
    byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
    String header = Hmac.sha256Signature("k", body);
    assertThat(Hmac.verify("k", body, header)).isTrue();
    assertThat(Hmac.verify("other", body, header)).isFalse();
    assertThat(Hmac.verify("", body, header)).isFalse();
    assertThat(Hmac.verify("k", body, null)).isFalse();
  }
}
