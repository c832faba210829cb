package io.promoflow.trigger.adapters.github;

import io.promoflow.schemas.Hmac;

/**
 * GitHub's {@code X-Hub-Signature-256}: {@code sha256=} + hex HMAC-SHA256 of the raw body with the
 * webhook secret ({@link Hmac}, the one signature of Promoflow).
 */
public final class WebhookSignature {

  private WebhookSignature() {}

  /**
   * The header value GitHub sends for {@code body}.
   *
   * @throws IllegalArgumentException for an empty secret
   */
  public static String sign(String secret, byte[] body) {
    return Hmac.sha256Signature(secret, body);
  }

  /**
   * True when {@code header} is the signature of {@code body}; false for a missing secret or
   * header. Constant time.
   */
  public static boolean valid(String secret, byte[] body, String header) {
    return Hmac.verify(secret, body, header);
  }
}
