package io.promoflow.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Evidence of the demo build: real tool output of this repository's own build (the {@code schemas} module's Surefire
 * JUnit XML and JaCoCo XML, and the CycloneDX SBOM the Spring Boot parent generates), kept in the CLI.
 */
public final class DemoEvidence {

  private static final Map<String, String> FILES = Map.of(
      "junit-xml", "surefire-junit.xml", "jacoco-xml", "jacoco.xml", "cyclonedx-json", "cyclonedx-sbom.json");

  private DemoEvidence() {
  }

  /** Format → document text. */
  public static Map<String, String> documents() {
    Map<String, String> docs = new LinkedHashMap<>();
    for (String format : new String[] {"junit-xml", "jacoco-xml", "cyclonedx-json"}) {
      docs.put(format, read(FILES.get(format)));
    }
    return docs;
  }

  private static String read(String name) {
    try (InputStream in = DemoEvidence.class.getResourceAsStream("demo/" + name)) {
      if (in == null) {
        throw new IllegalStateException("demo evidence " + name + " missing from the CLI");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
