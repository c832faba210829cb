package io.promoflow.rollback.domain;

import java.util.List;

/**
 * What {@link VerificationDecision} says about a monitoring window.
 *
 * @param outcome pending (still open, no breach), passed, failed or inconclusive
 * @param reasons why: the breach or what data was missing; for a window passed on {@code onNoData:
 *     pass}, what was missing; empty otherwise
 * @param failure for a failed window, the assessment the rollback decision uses (score, urgency,
 *     reasons); else null
 */
public record Verdict(Outcome outcome, List<String> reasons, Assessment failure) {

  public Verdict {
    reasons = List.copyOf(reasons);
  }

  /** The outcome of a window. */
  public enum Outcome {
    PENDING,
    PASSED,
    FAILED,
    INCONCLUSIVE
  }

  /** The window is open and saw no breach. */
  public static Verdict pending() {
    return new Verdict(Outcome.PENDING, List.of(), null);
  }

  /**
   * The window passed; {@code reasons} name missing data when it passed on {@code onNoData: pass}.
   */
  public static Verdict passed(List<String> reasons) {
    return new Verdict(Outcome.PASSED, reasons, null);
  }

  /** The window failed with {@code failure}. */
  public static Verdict failed(Assessment failure) {
    return new Verdict(Outcome.FAILED, failure.reasons(), failure);
  }

  /** The window ended without health data and its stage says {@code onNoData: inconclusive}. */
  public static Verdict inconclusive(List<String> reasons) {
    return new Verdict(Outcome.INCONCLUSIVE, reasons, null);
  }
}
