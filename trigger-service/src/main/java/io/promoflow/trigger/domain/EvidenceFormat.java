package io.promoflow.trigger.domain;

import java.util.Arrays;
import java.util.Optional;

/** Evidence document formats CI may attach to a build. */
public enum EvidenceFormat {
  JUNIT_XML("junit-xml", true),
  JACOCO_XML("jacoco-xml", true),
  CYCLONEDX_JSON("cyclonedx-json", false),
  CYCLONEDX_XML("cyclonedx-xml", true),
  SARIF("sarif", false),
  BENCHMARK_JSON("benchmark-json", false),
  /**
   * What a build requires of other applications (GitHub issue 18 point 1): a JSON object
   * application → npm-style SemVer range, or {@code {"requires": {...}}}; kept as the evidence's
   * attributes, no metrics.
   */
  DEPENDENCIES_JSON("dependencies-json", false);

  private final String id;
  private final boolean xml;

  EvidenceFormat(String id, boolean xml) {
    this.id = id;
    this.xml = xml;
  }

  /** The name used in requests and events, e.g. {@code junit-xml}. */
  public String id() {
    return id;
  }

  /** True for XML documents, false for JSON. */
  public boolean xml() {
    return xml;
  }

  /** The format called {@code id}. */
  public static Optional<EvidenceFormat> of(String id) {
    return Arrays.stream(values()).filter(f -> f.id.equals(id)).findFirst();
  }

  /** Every accepted name, for messages. */
  public static String names() {
    return String.join(", ", Arrays.stream(values()).map(EvidenceFormat::id).toList());
  }
}
