package io.promoflow.cli.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.promoflow.schemas.AuditHashes;
import io.promoflow.schemas.audit.AuditRecorded;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChainVerifierTest {

  static List<ChainVerifier.Entry> chain(String app, int length) {
    List<ChainVerifier.Entry> entries = new ArrayList<>();
    String previous = null;
    for (int i = 1; i <= length; i++) {
      String content = "{\"event\":" + i + "}";
      String hash = AuditHashes.hash(previous, content);
      entries.add(
          new ChainVerifier.Entry(
              0,
              i * 10L,
              app,
              new AuditRecorded(
                  (long) i,
                  "promoflow.promotions.v1",
                  "e" + i,
                  "StagePromoted",
                  content,
                  previous,
                  hash)));
      previous = hash;
    }
    return entries;
  }

  @Test
  void anIntactChainVerifies() {
    List<ChainVerifier.Entry> entries = new ArrayList<>(chain("inventory", 5));
    entries.addAll(chain("bookstore", 3));
    ChainVerifier.Report report = ChainVerifier.verify(entries);
    assertThat(report.intact()).isTrue();
    assertThat(report.chains()).isEqualTo(2);
    assertThat(report.records()).isEqualTo(8);
  }

  @Test
  void rewrittenContentIsDetectedAndLocated() {
    List<ChainVerifier.Entry> entries = chain("inventory", 5);
    AuditRecorded third = entries.get(2).record();
    entries.set(
        2,
        new ChainVerifier.Entry(
            0,
            30,
            "inventory",
            new AuditRecorded(
                3L,
                third.getSubjectTopic(),
                third.getSubjectEventId(),
                third.getSubjectEventType(),
                "{\"event\":\"rewritten\"}",
                third.getPreviousHash(),
                third.getHash())));
    assertThat(ChainVerifier.verify(entries).breaks())
        .singleElement()
        .asString()
        .startsWith(
            "inventory: partition 0 offset 30 (sequence 3, StagePromoted e3): content does not match its hash");
  }

  @Test
  void aForgedRecordARemovedRecordAndGarbageAreDetected() {
    List<ChainVerifier.Entry> forged = chain("inventory", 4);
    String content = "{\"forged\":true}";
    forged.add(
        2,
        new ChainVerifier.Entry(
            0,
            25,
            "inventory",
            new AuditRecorded(
                3L, "x", "evil", "StagePromoted", content, null, AuditHashes.hash(null, content))));
    assertThat(ChainVerifier.verify(forged).breaks())
        .singleElement()
        .asString()
        .contains("offset 25")
        .contains("does not link to sequence 2 at offset 20")
        .contains("forged");

    List<ChainVerifier.Entry> removed = chain("inventory", 4);
    removed.remove(1);
    assertThat(ChainVerifier.verify(removed).breaks())
        .singleElement()
        .asString()
        .contains("offset 30");

    List<ChainVerifier.Entry> garbage = chain("inventory", 2);
    garbage.add(new ChainVerifier.Entry(0, 99, "inventory", null));
    assertThat(ChainVerifier.verify(garbage).breaks())
        .singleElement()
        .asString()
        .contains("offset 99")
        .contains("undecodable");
  }
}
