package io.promoflow.console.flow.board;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Whether the {@code StagePromoted} of a promotion carried a signed attestation, as this console
 * instance saw it go by (the last {@value #LIMIT}). A promotion completed before the console
 * started is "not seen": the board then says so and points to {@code promoflow audit verify
 * --signatures}, which reads the topic; it never claims a signature it did not see.
 */
@Component
public class Attestations {

  static final int LIMIT = 10_000;

  /** What the board says about a promotion's attestation. */
  public enum Status {
    SIGNED,
    UNSIGNED,
    NOT_SEEN
  }

  private final Map<String, Boolean> seen =
      new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
          return size() > LIMIT;
        }
      };

  /** Records that promotion {@code promotionId} completed, with or without an attestation. */
  public synchronized void completed(String promotionId, boolean signed) {
    if (promotionId != null) {
      seen.put(promotionId, signed);
    }
  }

  /** The status of {@code promotionId}. */
  public synchronized Status of(String promotionId) {
    return Optional.ofNullable(seen.get(promotionId))
        .map(signed -> signed ? Status.SIGNED : Status.UNSIGNED)
        .orElse(Status.NOT_SEEN);
  }
}
