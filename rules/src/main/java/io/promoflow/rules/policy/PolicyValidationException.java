package io.promoflow.rules.policy;

import java.util.List;

/**
 * The pipeline policy breaks a rule; the service refuses to start. Each violation starts with the
 * key's path.
 */
public class PolicyValidationException extends RuntimeException {

  private final List<String> violations;

  public PolicyValidationException(String location, List<String> violations) {
    super("invalid pipeline policy " + location + ":\n  " + String.join("\n  ", violations));
    this.violations = List.copyOf(violations);
  }

  /** One entry per bad key: {@code <path>: <what is wrong>}. */
  public List<String> violations() {
    return violations;
  }
}
