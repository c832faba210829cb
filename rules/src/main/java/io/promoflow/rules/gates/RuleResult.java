package io.promoflow.rules.gates;

import java.util.Map;

/**
 * Outcome of one eligibility rule.
 *
 * @param gate rule name, e.g. {@code immutable-artifact}
 * @param passed true when the rule holds
 * @param score 0..{@code maxScore}
 * @param critical a failed critical rule blocks the promotion whatever the overall score
 * @param reason why, in words a release engineer reads
 * @param inputs the values the rule looked at
 * @param warned passed, but in the warning band (half the score)
 */
public record RuleResult(
    String gate,
    boolean passed,
    int score,
    int maxScore,
    boolean critical,
    String reason,
    Map<String, String> inputs,
    boolean warned) {

  static RuleResult pass(String gate, String reason, Map<String, String> inputs) {
    return new RuleResult(gate, true, 100, 100, true, reason, inputs, false);
  }

  static RuleResult fail(String gate, String reason, Map<String, String> inputs) {
    return new RuleResult(gate, false, 0, 100, true, reason, inputs, false);
  }
}
