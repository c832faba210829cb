package io.promoflow.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class DigestsTest {

  /** FIPS 180-2 appendix B / NIST CSRC example values for SHA-256. */
  static final String EMPTY = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

  static final String ABC = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
  static final String TWO_BLOCKS =
      "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1";
  static final String MILLION_A =
      "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0";

  @Test
  void hexOfBytesAndStringsMatchesTheStandardVectors() {
    assertThat(Digests.sha256Hex(new byte[0])).isEqualTo(EMPTY);
    assertThat(Digests.sha256Hex("")).isEqualTo(EMPTY);
    assertThat(Digests.sha256Hex("abc")).isEqualTo(ABC);
    assertThat(Digests.sha256Hex("abc".getBytes(StandardCharsets.US_ASCII))).isEqualTo(ABC);
    assertThat(Digests.sha256Hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"))
        .isEqualTo(TWO_BLOCKS);
  }

  @Test
  void aStreamIsDigestedToItsEndAcrossBlocks() throws IOException {
    byte[] million = new byte[1_000_000];
    Arrays.fill(million, (byte) 'a');
    assertThat(Digests.sha256Hex(new ByteArrayInputStream(million))).isEqualTo(MILLION_A);
    assertThat(Digests.sha256Hex(new ByteArrayInputStream(new byte[0]))).isEqualTo(EMPTY);
  }

  @Test
  void aFailedReadGivesNoDigest() {
    InputStream broken =
        new InputStream() {
          @Override
          public int read() throws IOException {
            throw new IOException("disk gone");
          }
        };
    assertThatThrownBy(() -> Digests.sha256Hex(broken))
        .isInstanceOf(IOException.class)
        .hasMessage("disk gone");
  }

  @Test
  void theContractFormIsPrefixedLowerCaseHex() {
    assertThat(Digests.sha256Digest("abc")).isEqualTo("sha256:" + ABC);
    assertThat(Digests.sha256Digest("abc".getBytes(StandardCharsets.UTF_8)))
        .isEqualTo("sha256:" + ABC);
    assertThat(Digests.sha256Digest("é"))
        .matches("sha256:[0-9a-f]{64}")
        .isEqualTo(Digests.sha256Digest("é".getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void nothingIsNotDigested() {
    assertThatThrownBy(() -> Digests.sha256Hex((byte[]) null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("bytes");
    assertThatThrownBy(() -> Digests.sha256Hex((String) null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("text");
    assertThatThrownBy(() -> Digests.sha256Hex((InputStream) null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("stream");
  }

  @Test
  void theContractFormIsRecognisedAndNothingElse() {
    assertThat(Digests.isSha256Digest(Digests.sha256Digest("x"))).isTrue();
    assertThat(Digests.isSha256Digest("sha256:" + "A".repeat(64))).as("upper case").isFalse();
    assertThat(Digests.isSha256Digest("sha256:" + "a".repeat(63))).isFalse();
    assertThat(Digests.isSha256Digest("sha512:" + "a".repeat(64))).isFalse();
    assertThat(Digests.isSha256Digest("sha256:" + "a".repeat(64) + "/../x")).isFalse();
    assertThat(Digests.isSha256Digest(null)).isFalse();
  }
}
