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

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void aDependenciesDocumentBecomesTheEvidencesAttributes() throws Exception {
    EvidenceDocuments documents = new EvidenceDocuments(EvidenceLimits.DEFAULTS);
    assertThat(
            documents
                .check("evidence[0]", "dependencies-json", utf8("{\"inventory\": \">=1.4 <2\"}"))
                .getAttributes())
        .containsExactly(java.util.Map.entry("inventory", ">=1.4 <2"));
    var wrapped =
        documents.check(
            "evidence[0]",
            "dependencies-json",
            utf8("{\"requires\": {\"inventory\": \"^1.4\", \"payments\": \"~3.1.0\"}}"));
    assertThat(wrapped.getAttributes())
        .containsEntry("inventory", "^1.4")
        .containsEntry("payments", "~3.1.0");
    assertThat(wrapped.getMetrics()).isEmpty();
    assertThat(wrapped.getFormat()).isEqualTo("dependencies-json");
  }

  @Test
  void aBadDependenciesDocumentIsRefusedNamingTheField() throws Exception {
    EvidenceDocuments documents = new EvidenceDocuments(EvidenceLimits.DEFAULTS);
    assertThatThrownBy(() -> documents.check("evidence[1]", "dependencies-json", utf8("{\"a\": ")))
        .isInstanceOfSatisfying(
            ProblemException.class, e -> assertThat(e.field()).isEqualTo("evidence[1].content"));
    assertThatThrownBy(
            () -> documents.check("evidence[1]", "dependencies-json", utf8("{\"inventory\": 2}")))
        .isInstanceOfSatisfying(
            ProblemException.class,
            e -> assertThat(e.field()).isEqualTo("evidence[1].content.inventory"));
    assertThatThrownBy(
            () ->
                documents.check(
                    "evidence[1]",
                    "dependencies-json",
                    utf8("{\"requires\": {\"Bad Name\": \"^1\"}}")))
        .isInstanceOfSatisfying(
            ProblemException.class,
            e -> {
              assertThat(e.field()).isEqualTo("evidence[1].content.requires");
              assertThat(e.getMessage()).contains("not an application name");
            });
    assertThatThrownBy(
            () ->
                documents.check(
                    "evidence[1]", "dependencies-json", utf8("{\"inventory\": \"garbage\"}")))
        .isInstanceOfSatisfying(
            ProblemException.class,
            e -> assertThat(e.field()).isEqualTo("evidence[1].content.inventory"));
    assertThatThrownBy(
            () ->
                documents.check(
                    "evidence[1]",
                    "dependencies-json",
                    utf8("{\"requires\": {\"a\": \"^1\"}, \"other\": 1}")))
        .isInstanceOf(ProblemException.class);
  }
}
