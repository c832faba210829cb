package io.promoflow.approval.domain;

/**
 * A decision that may not be recorded.
 *
 * @param kind FORBIDDEN (who decides), CONFLICT (the approval's state) or INVALID (the input)
 * @param field the input at fault, or null
 */
public class DecisionRefused extends RuntimeException {

  /** Why a decision is refused. */
  public enum Kind {
    FORBIDDEN,
    CONFLICT,
    INVALID
  }

  private final Kind kind;
  private final String field;

  public DecisionRefused(Kind kind, String reason, String field) {
    super(reason);
    this.kind = kind;
    this.field = field;
  }

  public Kind kind() {
    return kind;
  }

  public String field() {
    return field;
  }
}
