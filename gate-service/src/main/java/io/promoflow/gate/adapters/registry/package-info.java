/**
 * OCI registries (Distribution API v2): the client that observes an artifact's manifest for the
 * {@code registry} gate, and the per-host credentials it uses.
 */
package io.promoflow.gate.adapters.registry;
