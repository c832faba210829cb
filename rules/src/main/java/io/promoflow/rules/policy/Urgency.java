package io.promoflow.rules.policy;

/** Hotfix urgency, from the release-management guide. */
public enum Urgency {
  LOW,
  MEDIUM,
  HIGH,
  CRITICAL
}
