/**
 * Kafka in and out: the promotion topology (routing, inputs, enrichment, retries), the audit chain
 * processor, the executor listener recording each attempt, and the policy announcement at start.
 */
package io.promoflow.promotion.flow;
