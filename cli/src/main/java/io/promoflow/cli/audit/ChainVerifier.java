package io.promoflow.cli.audit;

import io.promoflow.schemas.AuditHashes;
import io.promoflow.schemas.audit.AuditRecorded;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks every hash chain on the audit topic (applications, policies {@code policy:<name>},
 * releases {@code release:<releaseId>}) and names the first broken link of each: a record whose
 * content no longer matches its hash (altered), whose previous hash is not the hash of the record
 * before it (inserted, forged or reordered), whose sequence skips (removed), or that cannot be
 * decoded at all.
 */
public final class ChainVerifier {

  /** One audit record as read: where it is, and its decoded payload (null when undecodable). */
  public record Entry(int partition, long offset, String application, AuditRecorded record) {}

  /** Result: records and chains checked, and the first break of each broken chain. */
  public record Report(int records, int chains, List<String> breaks) {

    public boolean intact() {
      return breaks.isEmpty();
    }
  }

  private ChainVerifier() {}

  /** Verifies {@code entries} in topic order (per partition by offset). */
  public static Report verify(List<Entry> entries) {
    Map<String, AuditRecorded> last = new HashMap<>();
    Map<String, Entry> lastAt = new HashMap<>();
    Map<String, String> broken = new LinkedHashMap<>();
    for (Entry e : entries) {
      String app = e.application();
      if (broken.containsKey(app)) {
        continue;
      }
      String where = app + ": partition " + e.partition() + " offset " + e.offset();
      AuditRecorded r = e.record();
      if (r == null) {
        broken.put(app, where + ": not an audit record (undecodable)");
        continue;
      }
      AuditRecorded previous = last.get(app);
      long expected = previous == null ? 1 : previous.getSequence() + 1;
      String expectedPrevious = previous == null ? null : previous.getHash();
      if (!AuditHashes.hash(r.getPreviousHash(), r.getContent()).equals(r.getHash())) {
        broken.put(
            app,
            where
                + " (sequence "
                + r.getSequence()
                + ", "
                + r.getSubjectEventType()
                + " "
                + r.getSubjectEventId()
                + "): content does not match its hash: the record was altered");
      } else if (!java.util.Objects.equals(expectedPrevious, r.getPreviousHash())) {
        broken.put(
            app,
            where
                + " (sequence "
                + r.getSequence()
                + "): previous hash does not link to "
                + (previous == null
                    ? "the start of the chain"
                    : "sequence "
                        + previous.getSequence()
                        + " at offset "
                        + lastAt.get(app).offset())
                + ": a record was inserted, forged or reordered");
      } else if (r.getSequence() != expected) {
        broken.put(
            app,
            where
                + ": sequence "
                + r.getSequence()
                + " where "
                + expected
                + " was expected: a record is missing");
      } else {
        last.put(app, r);
        lastAt.put(app, e);
      }
    }
    List<String> breaks = new ArrayList<>(broken.values());
    int chains = (int) entries.stream().map(Entry::application).distinct().count();
    return new Report(entries.size(), chains, breaks);
  }
}
