package io.promoflow.rules.policy;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Platform releases ({@code releases}; GitHub issue 18): per release type its validation level,
 * deployment strategy, gate profile and approval, and the release train.
 *
 * @param types what the policy overrides per type; a type not named takes the guide's defaults
 * @param train the release train
 */
public record ReleasesPolicy(Map<ReleaseType, ReleaseTypePolicy> types, TrainPolicy train) {

  /** The releases policy when the document says nothing. */
  public static final ReleasesPolicy DEFAULTS = new ReleasesPolicy(null, null);

  public ReleasesPolicy {
    types = types == null ? Map.of() : Map.copyOf(types);
    train = train == null ? TrainPolicy.DEFAULTS : train;
  }

  /** The validation level of {@code type}: the policy's, else the guide's. */
  public String validation(ReleaseType type) {
    ReleaseTypePolicy p = types.get(type);
    return p == null || p.validation() == null ? type.defaultValidation() : p.validation();
  }

  /** The deployment strategy of {@code type}: the policy's, else the guide's. */
  public String strategy(ReleaseType type) {
    ReleaseTypePolicy p = types.get(type);
    return p == null || p.strategy() == null ? type.defaultStrategy() : p.strategy();
  }

  /**
   * The quality gates a component promotion of a release of {@code type} is held to on a transition
   * whose own gates are {@code transitionGates}: the type's gate profile if the policy gives one,
   * else its validation level's selection ({@link ReleaseType#gates}).
   */
  public List<GatePolicy> gates(ReleaseType type, List<GatePolicy> transitionGates) {
    ReleaseTypePolicy p = types.get(type);
    if (p != null && p.gates() != null) {
      return p.gates();
    }
    return ReleaseType.gates(validation(type), transitionGates);
  }

  /**
   * The approval the type requires, or null to use the transition's (promotion-service still
   * requires one into production whatever this says).
   */
  public ApprovalPolicy approval(ReleaseType type) {
    ReleaseTypePolicy p = types.get(type);
    return p == null ? null : p.approval();
  }

  /** Every type with its effective settings, for documentation and the API. */
  public Map<ReleaseType, ReleaseTypePolicy> effective() {
    Map<ReleaseType, ReleaseTypePolicy> all = new EnumMap<>(ReleaseType.class);
    for (ReleaseType t : ReleaseType.values()) {
      ReleaseTypePolicy p = types.get(t);
      all.put(
          t,
          new ReleaseTypePolicy(
              validation(t), strategy(t), p == null ? null : p.gates(), approval(t)));
    }
    return all;
  }
}
