package io.promoflow.schemas;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The one HMAC-SHA256 body signature of Promoflow, in GitHub's {@code X-Hub-Signature-256} form:
 * {@code sha256=} + lower-case hex of HMAC-SHA256(key, body). Used for GitHub webhooks in
 * (trigger-service), executor calls out (promotion-service) and notification webhooks out
 * (notification-service). An empty key is refused: a body "signed" with no secret proves nothing,
 * so a caller that meant to sign must not silently send it unsigned or signed with a guessable key
 * (fail closed). Verification compares in constant time ({@link MessageDigest#isEqual}) and refuses
 * (answers false) when the key or the header is missing, so an unconfigured secret rejects every
 * delivery rather than accepting any.
 */
public final class Hmac {

  private Hmac() {}

  /**
   * {@code sha256=<hex HMAC-SHA256 of body with key>}.
   *
   * @throws IllegalArgumentException when the key is null or empty, or the body is null
   */
  public static String sha256Signature(byte[] key, byte[] body) {
    if (key == null || key.length == 0) {
      throw new IllegalArgumentException("an HMAC-SHA256 signature needs a non-empty key");
    }
    if (body == null) {
      throw new IllegalArgumentException(
          "an HMAC-SHA256 signature needs a body (empty is allowed, null is not)");
    }
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is required by the JVM specification", e);
    }
  }

  /**
   * {@link #sha256Signature(byte[], byte[])} with the UTF-8 bytes of {@code key}.
   *
   * @throws IllegalArgumentException when the key is null or empty
   */
  public static String sha256Signature(String key, byte[] body) {
    return sha256Signature(key == null ? null : key.getBytes(StandardCharsets.UTF_8), body);
  }

  /**
   * True when {@code header} is the signature of {@code body} with {@code key}; false for a missing
   * key or header. Constant time in the header's content.
   */
  public static boolean verify(String key, byte[] body, String header) {
    return verify(key == null ? null : key.getBytes(StandardCharsets.UTF_8), body, header);
  }

  /**
   * True when {@code header} is the signature of {@code body} with {@code key}; false for a missing
   * key, body or header. Constant time in the header's content.
   */
  public static boolean verify(byte[] key, byte[] body, String header) {
    if (key == null || key.length == 0 || body == null || header == null) {
      return false;
    }
    return MessageDigest.isEqual(
        sha256Signature(key, body).getBytes(StandardCharsets.UTF_8),
        header.getBytes(StandardCharsets.UTF_8));
  }
}
