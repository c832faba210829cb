package io.promoflow.notification.domain;

import io.promoflow.schemas.Hmac;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

/**
 * Slack's request signature ("Verifying requests from Slack", docs.slack.dev/authentication):
 * {@code X-Slack-Signature = v0=<hex HMAC-SHA256(signing secret, "v0:" + X-Slack-Request-Timestamp
 * + ":" + raw body)>}, computed and compared in constant time by {@link Hmac}. A timestamp more
 * than {@link #TOLERANCE} away from now (either way) is refused, so a captured request cannot be
 * replayed later. Fail closed: no secret, no header, a malformed timestamp → refused.
 */
public final class SlackSignature {

  /** How far a request's timestamp may be from now: 5 minutes, Slack's recommendation. */
  public static final Duration TOLERANCE = Duration.ofMinutes(5);

  private final byte[] secret;

  /**
   * @param signingSecret the Slack app's signing secret; null or empty refuses every request
   */
  public SlackSignature(String signingSecret) {
    this.secret =
        signingSecret == null || signingSecret.isBlank()
            ? null
            : signingSecret.getBytes(StandardCharsets.UTF_8);
  }

  /** Why a request was refused, or {@link #VALID}. */
  public enum Verdict {
    VALID,
    MISSING,
    STALE,
    MISMATCH
  }

  /**
   * Checks one request.
   *
   * @param timestamp {@code X-Slack-Request-Timestamp}: seconds since the epoch
   * @param signature {@code X-Slack-Signature}
   * @param body the raw body, exactly as received
   * @param now the time to judge the timestamp against
   */
  public Verdict verify(String timestamp, String signature, byte[] body, Instant now) {
    if (secret == null || timestamp == null || signature == null || body == null) {
      return Verdict.MISSING;
    }
    long seconds;
    try {
      seconds = Long.parseLong(timestamp.strip());
    } catch (NumberFormatException e) {
      return Verdict.MISSING;
    }
    if (Math.abs(now.getEpochSecond() - seconds) > TOLERANCE.toSeconds()) {
      return Verdict.STALE;
    }
    if (!signature.startsWith("v0=")) {
      return Verdict.MISMATCH;
    }
    byte[] prefix = ("v0:" + timestamp.strip() + ":").getBytes(StandardCharsets.UTF_8);
    byte[] base = new byte[prefix.length + body.length];
    System.arraycopy(prefix, 0, base, 0, prefix.length);
    System.arraycopy(body, 0, base, prefix.length, body.length);
    // Hmac speaks "sha256=<hex>"; Slack's scheme "v0=" carries the same hex HMAC-SHA256
    return Hmac.verify(secret, base, "sha256=" + signature.substring(3))
        ? Verdict.VALID
        : Verdict.MISMATCH;
  }

  /** {@code v0=<hex>} for {@code body} at {@code timestamp} (tests and stand-ins sign with it). */
  public static String sign(String signingSecret, String timestamp, byte[] body) {
    byte[] prefix = ("v0:" + timestamp + ":").getBytes(StandardCharsets.UTF_8);
    byte[] base = new byte[prefix.length + body.length];
    System.arraycopy(prefix, 0, base, 0, prefix.length);
    System.arraycopy(body, 0, base, prefix.length, body.length);
    return "v0=" + Hmac.sha256Signature(signingSecret, base).substring("sha256=".length());
  }
}
