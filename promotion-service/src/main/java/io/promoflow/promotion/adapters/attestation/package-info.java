/**
 * Signs an in-toto statement for every promotion into a stage with the configured key; outside the
 * {@code local} profile the service does not start without one.
 */
package io.promoflow.promotion.adapters.attestation;
