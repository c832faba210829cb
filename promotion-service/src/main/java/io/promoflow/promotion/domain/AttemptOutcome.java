package io.promoflow.promotion.domain;

/**
 * Result of one executor call.
 *
 * @param category null on success; else VALIDATION, NETWORK, AUTHENTICATION, PERMISSION, REGISTRY,
 *     TIMEOUT or UNKNOWN
 * @param severity null on success; CRITICAL fails at once, HIGH is retried
 * @param httpStatus the answer's status, null when there was none
 * @param durationMs time the call took, in ms
 * @param detail what happened, including (the start of) the answer
 */
public record AttemptOutcome(
    boolean succeeded,
    String category,
    String severity,
    Integer httpStatus,
    long durationMs,
    String detail) {

  /**
   * True when another call may succeed: HIGH severity (reference workflow: "HIGH: retry logic +
   * alerts").
   */
  public boolean retryable() {
    return !succeeded && "HIGH".equals(severity);
  }
}
