package io.promoflow.promotion.domain;

import io.promoflow.schemas.AuditHashes;

/**
 * The head of one application's audit chain (hash rule: {@link AuditHashes}). Altering, removing or
 * inserting a record breaks every later link.
 *
 * @param sequence sequence number of the last record, 0 before the first
 * @param lastHash hash of the last record, null before the first
 */
public record AuditChain(long sequence, String lastHash) {

  /** The chain before its first record. */
  public static AuditChain start() {
    return new AuditChain(0, null);
  }

  /** The chain after appending {@code content}. */
  public AuditChain append(String content) {
    return new AuditChain(sequence + 1, hash(lastHash, content));
  }

  /** The hash of a record (see {@link AuditHashes}). */
  public static String hash(String previousHash, String content) {
    return AuditHashes.hash(previousHash, content);
  }
}
