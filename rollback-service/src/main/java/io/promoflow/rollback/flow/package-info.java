/**
 * Kafka in and out: the rollback topology that opens a window per {@code StagePromoted}, scores the
 * health reports read inside it and publishes verifications and rollback decisions.
 */
package io.promoflow.rollback.flow;
