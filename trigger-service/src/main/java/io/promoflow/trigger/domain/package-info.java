/**
 * Pure rules, no Spring or Kafka: when promotions start by themselves ({@code TriggerRules}), the
 * parsing of evidence documents into metrics ({@code EvidenceMetrics}), the recorded build, input
 * patterns and the evidence archive port. Start reading at {@code TriggerRules}.
 */
package io.promoflow.trigger.domain;
