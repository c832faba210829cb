/**
 * Raw evidence documents on disk, content-addressed by sha256, behind the {@code EvidenceArchive}
 * port.
 */
package io.promoflow.trigger.adapters.evidence;
