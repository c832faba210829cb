package io.promoflow.cli.demo;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Evidence of the demo build, kept in the CLI: real tool output of this repository's own build (the
 * {@code schemas} module's Surefire JUnit XML and JaCoCo XML, the CycloneDX SBOM the Spring Boot
 * parent generates, and the JUnit XML of the rollback-service integration test {@code
 * RollbackServiceIT}), plus a benchmark summary in the format CI attaches ({@code benchmark-json});
 * that one is a fixed sample, as the demo application has no load test. Together they feed every
 * gate of the local policy except the SARIF ones (secrets, static-analysis), which it leaves out.
 */
public final class DemoEvidence {

  private static final Map<String, String> FILES =
      Map.of(
          "junit-xml",
          "surefire-junit.xml",
          "jacoco-xml",
          "jacoco.xml",
          "cyclonedx-json",
          "cyclonedx-sbom.json",
          "benchmark-json",
          "benchmark.json");
  private static final String INTEGRATION = "failsafe-integration-junit.xml";

  private DemoEvidence() {}

  /** Format → document text of the unit-test, coverage, SBOM and benchmark documents. */
  public static Map<String, String> documents() {
    Map<String, String> docs = new LinkedHashMap<>();
    for (String format :
        new String[] {"junit-xml", "jacoco-xml", "cyclonedx-json", "benchmark-json"}) {
      docs.put(format, read(FILES.get(format)));
    }
    return docs;
  }

  /** The JUnit XML of the integration tests (evidence {@code kind: integration}). */
  public static String integrationTests() {
    return read(INTEGRATION);
  }

  /**
   * Every document as the builds route takes it: {@code {format, content}}, and {@code kind:
   * integration} for the integration-test report.
   */
  public static List<Map<String, String>> evidence() {
    List<Map<String, String>> evidence = new ArrayList<>();
    documents()
        .forEach((format, content) -> evidence.add(Map.of("format", format, "content", content)));
    evidence.add(
        Map.of("format", "junit-xml", "kind", "integration", "content", integrationTests()));
    return evidence;
  }

  /**
   * A {@code dependencies-json} evidence document: the application → SemVer range map a build
   * requires of the other components of a platform release (npm-style ranges, e.g. {@code >=1.0
   * <2}); trigger-service copies it into the build's evidence attributes, the release's
   * compatibility gate checks it (RELEASES.md point 3).
   *
   * @param requires application → range, in the order to write them
   */
  public static Map<String, String> dependencies(Map<String, String> requires) {
    StringBuilder json = new StringBuilder("{");
    requires.forEach(
        (application, range) ->
            json.append(json.length() > 1 ? ", " : "")
                .append(quoted(application))
                .append(": ")
                .append(quoted(range)));
    return Map.of("format", "dependencies-json", "content", json.append('}').toString());
  }

  /** {@code text} as a JSON string (quotes, backslashes and control characters escaped). */
  private static String quoted(String text) {
    StringBuilder out = new StringBuilder("\"");
    for (char c : text.toCharArray()) {
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.append('"').toString();
  }

  private static String read(String name) {
    try (InputStream in = DemoEvidence.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("demo evidence " + name + " missing from the CLI");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
