package io.promoflow.schemas;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The one SHA-256 of Promoflow: lower-case hex of the digest of bytes, of a string's UTF-8 bytes or
 * of a stream, and the {@code sha256:<64 hex>} form of the contract (docs/architecture.md: artifact
 * digests, {@code policyDigest}, {@code gateResultsDigest}). Null input is refused with a {@link
 * NullPointerException} naming it: a digest of nothing must not look like the digest of something.
 */
public final class Digests {

  /** The prefix of the contract's digest form. */
  public static final String SHA256_PREFIX = "sha256:";

  private Digests() {}

  /** Lower-case hex SHA-256 of {@code bytes} (64 characters). */
  public static String sha256Hex(byte[] bytes) {
    Objects.requireNonNull(bytes, "bytes to digest");
    return HexFormat.of().formatHex(sha256().digest(bytes));
  }

  /** Lower-case hex SHA-256 of the UTF-8 bytes of {@code text} (64 characters). */
  public static String sha256Hex(String text) {
    Objects.requireNonNull(text, "text to digest");
    return sha256Hex(text.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Lower-case hex SHA-256 of everything {@code in} yields until its end, read in 8 KiB blocks; the
   * stream is not closed.
   *
   * @throws IOException when reading fails (no digest of a partial read is returned)
   */
  public static String sha256Hex(InputStream in) throws IOException {
    Objects.requireNonNull(in, "stream to digest");
    MessageDigest sha = sha256();
    byte[] block = new byte[8192];
    for (int n = in.read(block); n != -1; n = in.read(block)) {
      sha.update(block, 0, n);
    }
    return HexFormat.of().formatHex(sha.digest());
  }

  /** {@code sha256:<hex>} of {@code bytes}. */
  public static String sha256Digest(byte[] bytes) {
    return SHA256_PREFIX + sha256Hex(bytes);
  }

  /** {@code sha256:<hex>} of the UTF-8 bytes of {@code text}. */
  public static String sha256Digest(String text) {
    return SHA256_PREFIX + sha256Hex(text);
  }

  /**
   * True when {@code digest} has the contract's form {@code sha256:<64 lower-case hex>} (artifact
   * digests, OCI manifest digests as in {@code Docker-Content-Digest}); false for null.
   */
  public static boolean isSha256Digest(String digest) {
    return digest != null && SHA256_FORM.matcher(digest).matches();
  }

  private static final java.util.regex.Pattern SHA256_FORM =
      java.util.regex.Pattern.compile("sha256:[0-9a-f]{64}");

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by the JVM specification", e);
    }
  }
}
