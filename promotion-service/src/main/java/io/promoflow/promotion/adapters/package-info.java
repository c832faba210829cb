/**
 * Outside systems: the promotion executors ({@code execution}) and the attestation signer ({@code
 * attestation}).
 */
package io.promoflow.promotion.adapters;
