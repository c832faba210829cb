package io.promoflow.trigger.domain;

/**
 * The change management system, asked whether a change request may be implemented before a
 * promotion naming it is accepted (GitHub issue 18 point 4; reference promotion-workflows-guide.md
 * "Phase 5: Change Management": the change must be approved). Optional: without a configured system
 * every id is accepted as given.
 */
public interface ChangeRequests {

  /** What change management says about {@code changeRequestId} (not blank). */
  Verdict verify(String changeRequestId);

  /** The answers. */
  enum Outcome {
    /** Approved (or no change management is configured). */
    ACCEPTED,
    /** Change management does not know the id. */
    UNKNOWN,
    /** Known, but not approved for implementation. */
    REFUSED,
    /** No answer: unreachable, timed out, an error, or it refused our credentials. */
    UNAVAILABLE
  }

  /**
   * An answer with its reason, in words for the requester (never a credential).
   *
   * @param outcome what was answered
   * @param reason why
   */
  record Verdict(Outcome outcome, String reason) {}
}
