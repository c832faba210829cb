package io.promoflow.schemas;

import java.util.Objects;

/**
 * The hash chain of {@code promoflow.audit.v1}, per application: record n carries {@code
 * previousHash} (the hash of record n-1, null for the first) and {@code hash = sha256(previousHash
 * + "\n" + content)} in hex, where content is the subject event's canonical JSON ({@link Digests}).
 * Anyone can recompute it from the topic alone.
 */
public final class AuditHashes {

  private AuditHashes() {}

  /**
   * {@code sha256(previousHash + "\n" + content)} in lower-case hex; a null previousHash counts as
   * empty.
   */
  public static String hash(String previousHash, String content) {
    // a missing content is refused, not hashed as the text "null"
    Objects.requireNonNull(content, "audit record content");
    return Digests.sha256Hex((previousHash == null ? "" : previousHash) + "\n" + content);
  }
}
