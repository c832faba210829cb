package io.promoflow.schemas;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The hash chain of {@code promoflow.audit.v1}, per application: record n carries {@code previousHash} (the hash of
 * record n-1, null for the first) and {@code hash = sha256(previousHash + "\n" + content)} in hex, where content is
 * the subject event's canonical JSON. Anyone can recompute it from the topic alone.
 */
public final class AuditHashes {

  private AuditHashes() {
  }

  /** {@code sha256(previousHash + "\n" + content)} in lower-case hex; a null previousHash counts as empty. */
  public static String hash(String previousHash, String content) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update((previousHash == null ? "" : previousHash).getBytes(StandardCharsets.UTF_8));
      sha.update((byte) '\n');
      return HexFormat.of().formatHex(sha.digest(content.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by the JVM specification", e);
    }
  }
}
