package io.promoflow.rules.policy;

import java.util.List;

/**
 * What the policy says about one release type ({@code releases.types.<TYPE>}); every field may be
 * left out and then takes the guide's default ({@link ReleaseType}).
 *
 * @param validation validation level, one of {@link ReleaseType#VALIDATION_LEVELS}; null: the
 *     type's default
 * @param strategy deployment strategy, one of {@link ReleaseType#STRATEGIES}; null: the type's
 *     default
 * @param gates the gate profile replacing the validation level's selection of the transition's
 *     gates; null: that selection ({@link ReleaseType#gates})
 * @param approval the approval a component promotion of this type needs into any stage; null: the
 *     transition's (into production one is always needed)
 */
public record ReleaseTypePolicy(
    String validation, String strategy, List<GatePolicy> gates, ApprovalPolicy approval) {

  public ReleaseTypePolicy {
    gates = gates == null ? null : List.copyOf(gates);
  }
}
