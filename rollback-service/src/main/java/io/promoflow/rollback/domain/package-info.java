/**
 * Pure rules, no Spring or Kafka: a monitoring window, the assessment of health reports against the
 * stage's thresholds, the verification decision (including no data) and the rollback target. Start
 * reading at {@code RollbackDecisionEngine}.
 */
package io.promoflow.rollback.domain;
