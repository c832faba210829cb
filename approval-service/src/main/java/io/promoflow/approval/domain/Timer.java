package io.promoflow.approval.domain;

/**
 * What the clock did to an approval.
 *
 * @param kind NONE, REMINDED, ESCALATED, EXTENDED or EXPIRED
 */
public record Timer(Approval approval, Kind kind) {

  /** The step a tick took. */
  public enum Kind {
    NONE,
    REMINDED,
    ESCALATED,
    EXTENDED,
    EXPIRED
  }
}
