package io.promoflow.trigger.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promoflow.platform.web.ProblemException;
import io.promoflow.trigger.EvidenceLimits;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class EvidenceDocumentsTest {

  /**
   * Repeated: Jackson's symbol-table flood guard once refused it as "not JSON", depending on the
   * hash seed.
   */
  @org.junit.jupiter.api.RepeatedTest(5)
  void aSummaryOfFiftyThousandTinyMetricsIsRefusedAtItsMetrics() throws Exception {
    StringBuilder summary = new StringBuilder("{\"p95LatencyMs\": 1");
    for (int i = 0; i < 50_000; i++) {
      summary.append(String.format(",\"perfcounter_%06d\":1.0", i));
    }
    byte[] content = summary.append('}').toString().getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(
            () ->
                new EvidenceDocuments(EvidenceLimits.DEFAULTS)
                    .check("evidence[2]", "benchmark-json", content))
        .isInstanceOfSatisfying(
            ProblemException.class,
            e -> assertThat(e.field()).as(e.getMessage()).isEqualTo("evidence[2].metrics"))
        .hasMessage("evidence[2].metrics: 50001 metrics, at most 2000");
  }

  @Test
  void aBuildsDocumentsAreCountedAndSizedTogether() throws Exception {
    EvidenceDocuments documents = new EvidenceDocuments(EvidenceLimits.DEFAULTS);
    documents.checkCount("evidence", java.util.Collections.nCopies(20, 1024));
    assertThatThrownBy(() -> documents.checkCount("evidence", java.util.Collections.nCopies(21, 1)))
        .hasMessage("evidence: 21 documents, at most 20 per build");
    assertThatThrownBy(
            () -> documents.checkCount("evidence", List.of(10 << 20, 10 << 20, 10 << 20, 10 << 20)))
        .hasMessageContaining("41943040 bytes of evidence, at most 33554432 per build");
  }
}
