package io.promoflow.trigger.domain;

import java.util.Optional;

/**
 * Where raw evidence documents are kept, content-addressed by the hex sha256 of their bytes: the
 * port the HTTP routes use, so that they never depend on a storage adapter (ArchitectureTest; the
 * file store is {@code adapters.evidence.EvidenceStore}).
 */
public interface EvidenceArchive {

  /**
   * Keeps {@code content} under {@code sha256} (hex); keeping the same document twice keeps it
   * once.
   */
  void put(String sha256, byte[] content);

  /** The document with {@code sha256}, or empty when unknown or not a hex sha256. */
  Optional<byte[]> get(String sha256);
}
