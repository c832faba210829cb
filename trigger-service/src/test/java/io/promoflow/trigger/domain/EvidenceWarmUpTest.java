package io.promoflow.trigger.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class EvidenceWarmUpTest {

  @Test
  void parsesEachGeneratedDocumentOncePerRound() {
    assertThat(EvidenceWarmUp.run(2)).isEqualTo(6);
  }

  @Test
  void theGeneratedSbomIsAValidCycloneDxDocumentWithItsComponentsAndVulnerabilities() {
    Map<String, Double> metrics =
        EvidenceMetrics.of(EvidenceFormat.CYCLONEDX_JSON, EvidenceWarmUp.sbom(40));
    assertThat(metrics)
        .containsEntry("sbom.components", 40.0)
        .containsEntry("vulnerabilities.low", 4.0)
        .containsEntry("license.MIT", 40.0);
  }
}
