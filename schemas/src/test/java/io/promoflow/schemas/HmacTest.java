package io.promoflow.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HmacTest {

  @Test
  void signsLikeGithub() {
    // GitHub's documented example: secret "It's a Secret to Everybody", payload "Hello, World!"
    assertThat(
            Hmac.sha256Signature(
                "It's a Secret to Everybody", "Hello, World!".getBytes(StandardCharsets.UTF_8)))
        .isEqualTo("sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17");
  }

  /**
   * RFC 4231 section 4 test cases 1, 2, 3 and 6 (HMAC-SHA-256 column); keys and data given as byte,
   * count.
   */
  @ParameterizedTest(name = "RFC 4231 test case {0}")
  @CsvSource({
    "1, 0x0b, 20, Hi There, , 0, b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7",
    "2, , 0, what do ya want for nothing?, , 0, 5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
    "3, 0xaa, 20, , 0xdd, 50, 773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe",
    "6, 0xaa, 131, Test Using Larger Than Block-Size Key - Hash Key First, , 0, "
        + "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"
  })
  void matchesRfc4231(
      int testCase,
      String keyByte,
      int keyLength,
      String text,
      String dataByte,
      int dataLength,
      String hex) {
    byte[] key =
        keyByte == null ? "Jefe".getBytes(StandardCharsets.US_ASCII) : repeat(keyByte, keyLength);
    byte[] data =
        text != null ? text.getBytes(StandardCharsets.US_ASCII) : repeat(dataByte, dataLength);
    assertThat(Hmac.sha256Signature(key, data)).isEqualTo("sha256=" + hex);
    assertThat(Hmac.verify(key, data, "sha256=" + hex)).isTrue();
  }

  @Test
  void anEmptyOrMissingKeyIsRefused() {
    assertThatThrownBy(() -> Hmac.sha256Signature("", new byte[1]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("non-empty key");
    assertThatThrownBy(() -> Hmac.sha256Signature((String) null, new byte[1]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("non-empty key");
    assertThatThrownBy(() -> Hmac.sha256Signature((byte[]) null, new byte[1]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("non-empty key");
    assertThatThrownBy(() -> Hmac.sha256Signature(new byte[0], new byte[1]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("non-empty key");
    assertThatThrownBy(() -> Hmac.sha256Signature("k", null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("body");
  }

  @Test
  void anEmptyBodyIsSigned() {
    // GitHub pings and empty webhook bodies are still authenticated: only the key may not be empty
    assertThat(Hmac.sha256Signature("k", new byte[0])).matches("sha256=[0-9a-f]{64}");
  }

  @Test
  void verifiesOnlyTheRightSignature() {
    byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
    String header = Hmac.sha256Signature("k", body);
    assertThat(Hmac.verify("k", body, header)).isTrue();
    assertThat(Hmac.verify("k".getBytes(StandardCharsets.UTF_8), body, header)).isTrue();
    assertThat(Hmac.verify("other", body, header)).isFalse();
    assertThat(Hmac.verify("k", "{ }".getBytes(StandardCharsets.UTF_8), header)).isFalse();
    assertThat(Hmac.verify("k", body, header.toUpperCase())).isFalse();
    assertThat(Hmac.verify("k", body, header.substring("sha256=".length()))).isFalse();
  }

  @Test
  void verificationWithoutAKeyRefusesEvenTheEmptyKeysOwnSignature() {
    byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
    // what a sender holding no secret could compute: HMAC with an empty key (the JCE refuses an
    // empty key spec, so
    // this is the RFC 2104 value for key = 0x00, which HMAC pads an empty key to)
    String emptyKeysSignature = Hmac.sha256Signature(new byte[1], body);
    assertThat(Hmac.verify("", body, emptyKeysSignature)).isFalse();
    assertThat(Hmac.verify((String) null, body, emptyKeysSignature)).isFalse();
    assertThat(Hmac.verify(new byte[0], body, emptyKeysSignature)).isFalse();
    assertThat(Hmac.verify("k", body, null)).isFalse();
    assertThat(Hmac.verify("k", null, Hmac.sha256Signature("k", body))).isFalse();
  }

  private static byte[] repeat(String hexByte, int count) {
    byte[] bytes = new byte[count];
    Arrays.fill(bytes, (byte) Integer.parseInt(hexByte.substring(2), 16));
    return bytes;
  }
}
