package io.promoflow.benchmarks;

import java.nio.charset.StandardCharsets;

/**
 * Synthetic CycloneDX 1.5 JSON documents of a chosen size: libraries with a licence and a hash
 * each, then vulnerabilities (low, medium, high; never critical) against them, as a large service's
 * SBOM looks.
 */
public final class Sboms {

  private Sboms() {}

  /**
   * A document of about {@code targetBytes} bytes (UTF-8), 80 % components, the rest
   * vulnerabilities.
   */
  public static byte[] of(int targetBytes) {
    StringBuilder json =
        new StringBuilder(
            "{\"bomFormat\": \"CycloneDX\", \"specVersion\": \"1.5\", \"version\": 1, "
                + "\"components\": [");
    String[] licences = {"Apache-2.0", "MIT", "BSD-3-Clause", "EPL-2.0"};
    int components = 0;
    while (json.length() < targetBytes * 0.8) {
      String coordinates = "lib-" + components + "@1." + components % 50 + ".0";
      json.append(components == 0 ? "" : ",")
          .append("{\"type\": \"library\", \"bom-ref\": \"pkg:maven/org.example/")
          .append(coordinates)
          .append("\", \"group\": \"org.example\", \"name\": \"lib-")
          .append(components)
          .append("\", \"version\": \"1.")
          .append(components % 50)
          .append(".0\", \"purl\": \"pkg:maven/org.example/")
          .append(coordinates)
          .append("\", \"licenses\": [{\"license\": {\"id\": \"")
          .append(licences[components % licences.length])
          .append("\"}}], \"hashes\": [{\"alg\": \"SHA-256\", ")
          .append("\"content\": \"")
          .append("ab".repeat(32))
          .append("\"}]}");
      components++;
    }
    json.append("], \"vulnerabilities\": [");
    String[] severities = {"low", "medium", "high"};
    int v = 0;
    while (json.length() < targetBytes) {
      json.append(v == 0 ? "" : ",")
          .append("{\"bom-ref\": \"v-")
          .append(v)
          .append("\", \"id\": \"CVE-2026-")
          .append(10000 + v)
          .append("\", \"source\": {\"name\": \"NVD\"}, \"ratings\": [{\"score\": 5.0, ")
          .append("\"severity\": \"")
          .append(severities[v % severities.length])
          .append("\", \"method\": \"CVSSv31\"}], ")
          .append("\"affects\": [{\"ref\": \"pkg:maven/org.example/lib-")
          .append(v % components)
          .append("\"}]}");
      v++;
    }
    return json.append("]}").toString().getBytes(StandardCharsets.UTF_8);
  }
}
