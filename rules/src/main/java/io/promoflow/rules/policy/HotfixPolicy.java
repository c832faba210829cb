package io.promoflow.rules.policy;

import java.util.List;

/**
 * The path a hotfix of one urgency may take (release-management guide: CRITICAL needs one on-call,
 * HIGH a team lead and a platform owner, …).
 *
 * @param path stages the hotfix passes through, in order; consecutive entries may skip stages
 * @param approval approval needed to enter the production stage on this path
 * @param gates the hotfix's gate profile, replacing the quality gates of the transition into each
 *     stage; null: those
 */
public record HotfixPolicy(List<String> path, ApprovalPolicy approval, List<GatePolicy> gates) {

  public HotfixPolicy {
    path = path == null ? List.of() : List.copyOf(path);
    gates = gates == null ? null : List.copyOf(gates);
  }
}
