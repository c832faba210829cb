package io.promoflow.platform.policy;

import io.promoflow.rules.policy.PolicyValidationException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns an invalid policy into a start-up message that lists every bad key, instead of a stack
 * trace.
 */
public class PolicyFailureAnalyzer extends AbstractFailureAnalyzer<PolicyValidationException> {

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, PolicyValidationException cause) {
    return new FailureAnalysis(
        cause.getMessage(),
        "Fix the keys above in the pipeline policy (docs: README, 'Pipeline policy') and start again.",
        cause);
  }
}
