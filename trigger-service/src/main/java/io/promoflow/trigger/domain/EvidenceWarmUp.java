package io.promoflow.trigger.domain;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Parses small generated evidence documents of every format the builds route reads most (CycloneDX
 * JSON, JUnit XML, JaCoCo XML), so that the parsers' classes are loaded and their hot loops
 * compiled before the first real document arrives (GitHub issue 15: "5 MB CycloneDX SBOM parse +
 * gates ≤ 200 ms including the first"; docs/performance.md "SBOM"). Pure: it reads nothing and its
 * results are discarded; a document it fails on is a bug of this class, reported as such.
 */
public final class EvidenceWarmUp {

  /** Parses of each document at start-up: enough for the JIT to compile the parsers' loops. */
  public static final int ROUNDS = 20;

  /** Components of the warm-up SBOM (about 100 KiB). */
  static final int COMPONENTS = 400;

  private EvidenceWarmUp() {}

  /**
   * Parses each document {@code rounds} times.
   *
   * @return the number of documents parsed
   * @throws IllegalStateException when a generated document does not parse
   */
  public static int run(int rounds) {
    byte[] sbom = sbom(COMPONENTS);
    byte[] junit =
        ("<testsuite name=\"warm-up\" tests=\"2\" failures=\"0\" errors=\"0\" skipped=\"0\">"
                + "<testcase name=\"a\" classname=\"w\"/><testcase name=\"b\" classname=\"w\"/>"
                + "</testsuite>")
            .getBytes(StandardCharsets.UTF_8);
    byte[] jacoco =
        ("<report name=\"warm-up\"><counter type=\"LINE\" missed=\"1\" covered=\"9\"/>"
                + "<counter type=\"BRANCH\" missed=\"1\" covered=\"3\"/></report>")
            .getBytes(StandardCharsets.UTF_8);
    int parsed = 0;
    for (int i = 0; i < rounds; i++) {
      for (Map.Entry<EvidenceFormat, byte[]> doc :
          Map.of(
                  EvidenceFormat.CYCLONEDX_JSON, sbom,
                  EvidenceFormat.JUNIT_XML, junit,
                  EvidenceFormat.JACOCO_XML, jacoco)
              .entrySet()) {
        Map<String, Double> metrics = EvidenceMetrics.of(doc.getKey(), doc.getValue());
        if (metrics.isEmpty()) {
          throw new IllegalStateException("warm-up " + doc.getKey() + " gave no metrics");
        }
        parsed++;
      }
    }
    return parsed;
  }

  /** A CycloneDX 1.5 JSON SBOM with {@code components} libraries and a vulnerability per ten. */
  static byte[] sbom(int components) {
    StringBuilder json =
        new StringBuilder(
            "{\"bomFormat\": \"CycloneDX\", \"specVersion\": \"1.5\", \"version\": 1, "
                + "\"components\": [");
    for (int c = 0; c < components; c++) {
      json.append(c == 0 ? "" : ",")
          .append("{\"type\": \"library\", \"bom-ref\": \"pkg:maven/org.example/lib-")
          .append(c)
          .append("@1.0\", \"name\": \"lib-")
          .append(c)
          .append("\", \"version\": \"1.0\", \"licenses\": [{\"license\": {\"id\": \"MIT\"}}],")
          .append(" \"hashes\": [{\"alg\": \"SHA-256\", \"content\": \"")
          .append("ab".repeat(32))
          .append("\"}]}");
    }
    json.append("], \"vulnerabilities\": [");
    for (int v = 0; v < components / 10; v++) {
      json.append(v == 0 ? "" : ",")
          .append("{\"bom-ref\": \"v-")
          .append(v)
          .append("\", \"id\": \"CVE-2026-")
          .append(10000 + v)
          .append("\", \"ratings\": [{\"severity\": \"low\"}],")
          .append(" \"affects\": [{\"ref\": \"pkg:maven/org.example/lib-")
          .append(v)
          .append("@1.0\"}]}");
    }
    return json.append("]}").toString().getBytes(StandardCharsets.UTF_8);
  }
}
