package io.promoflow.rules.policy;

/** Severity of a notification; routes match events at or above a minimum severity. */
public enum Severity {
  LOW,
  MEDIUM,
  HIGH,
  CRITICAL
}
