package io.promoflow.rules.policy;

import java.time.Duration;

/**
 * What executing a promotion into a stage does ({@code transitions[].executor}); promotions of
 * every type into that stage (automatic, manual, hotfix, rollback) use the executor of the
 * transition into it.
 *
 * <ul>
 *   <li>{@code record}: the decision is recorded and published as {@code StagePromoted}; deployers
 *       subscribe to it.
 *   <li>{@code webhook}: an HTTP POST of the promotion (JSON, signed with HMAC-SHA256, with an
 *       idempotency key) to {@code url}; {@code StagePromoted} follows a 2xx answer. Failures are
 *       categorised; HIGH-severity ones (5xx, 429, time-outs, network errors, malformed answers)
 *       are retried with exponential backoff and jitter, others (400, 401, 403, 404, 409, …) fail
 *       at once.
 * </ul>
 *
 * @param type {@code record} or {@code webhook}
 * @param url webhook target (http or https)
 * @param signingKey name of the key in {@code promoflow.executors.keys.<name>} that signs the body;
 *     null: unsigned
 * @param attemptTimeout time limit of one call (connect and answer)
 * @param maxAttempts calls at most, the first included (1–20)
 * @param initialBackoff wait before the first retry; each further wait is {@code backoffMultiplier}
 *     times longer
 * @param backoffMultiplier growth of the wait between retries (≥ 1)
 * @param jitter randomisation of each wait, 0.0–1.0 (0.5: ±50 %)
 * @param rollbackOnFailure a failed execution also rolls the stage back to its last known-good
 *     version
 */
public record ExecutorPolicy(
    String type,
    String url,
    String signingKey,
    Duration attemptTimeout,
    Integer maxAttempts,
    Duration initialBackoff,
    Double backoffMultiplier,
    Double jitter,
    Boolean rollbackOnFailure) {

  public static final ExecutorPolicy RECORD =
      new ExecutorPolicy("record", null, null, null, null, null, null, null, null);

  public ExecutorPolicy {
    type = type == null ? "record" : type;
    attemptTimeout = attemptTimeout == null ? Duration.ofSeconds(10) : attemptTimeout;
    maxAttempts = maxAttempts == null ? 5 : maxAttempts;
    initialBackoff = initialBackoff == null ? Duration.ofMillis(500) : initialBackoff;
    backoffMultiplier = backoffMultiplier == null ? 2.0 : backoffMultiplier;
    jitter = jitter == null ? 0.5 : jitter;
    rollbackOnFailure = rollbackOnFailure != null && rollbackOnFailure;
  }

  /**
   * True for {@code record}: the promotion completes with the decision, without an outside call.
   */
  public boolean immediate() {
    return "record".equals(type);
  }
}
