package io.promoflow.rules.gates;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the registry said about one manifest: the recorded fact the {@code registry} gate is decided
 * on. gate-service observes it over HTTP and records it in the gate's {@code inputs} ({@link
 * #toInputs}); {@code promoflow audit replay} reads it back from there ({@link #fromInputs}) and
 * decides again without calling the registry.
 *
 * @param status FOUND (the manifest exists), NOT_FOUND (the registry answered 404) or ERROR (no
 *     answer about the manifest)
 * @param category for ERROR and NOT_FOUND, the error category of the reference
 *     image-promotion-workflow.md: {@code REGISTRY}, {@code NETWORK} or {@code AUTHENTICATION};
 *     null when FOUND
 * @param digest the {@code Docker-Content-Digest} the registry answered, null when none
 * @param sizeBytes the image size in bytes (config and layers of the manifest), null when unknown
 *     (an index, or not read)
 * @param labels the image config's labels, null when not read
 * @param architectures the image's architecture, or each platform's for an index; empty when
 *     unknown
 * @param detail what went wrong, for ERROR (never a credential)
 */
public record RegistryObservation(
    Status status,
    String category,
    String digest,
    Long sizeBytes,
    Map<String, String> labels,
    List<String> architectures,
    String detail) {

  /** Whether the registry answered about the manifest. */
  public enum Status {
    FOUND,
    NOT_FOUND,
    ERROR
  }

  /** Error categories of the reference image promotion workflow used by the gate. */
  public static final String REGISTRY = "REGISTRY";

  public static final String NETWORK = "NETWORK";
  public static final String AUTHENTICATION = "AUTHENTICATION";

  private static final String PREFIX = "registry.";
  private static final String LABEL = PREFIX + "label.";

  public RegistryObservation {
    labels = labels == null ? null : Map.copyOf(labels);
    architectures = architectures == null ? List.of() : List.copyOf(architectures);
  }

  /** A manifest the registry has. */
  public static RegistryObservation found(
      String digest, Long sizeBytes, Map<String, String> labels, List<String> architectures) {
    return new RegistryObservation(
        Status.FOUND, null, digest, sizeBytes, labels, architectures, null);
  }

  /** The registry answered that it has no such manifest (or repository). */
  public static RegistryObservation notFound(String detail) {
    return new RegistryObservation(Status.NOT_FOUND, REGISTRY, null, null, null, List.of(), detail);
  }

  /** No answer about the manifest, for the reason {@code detail}. */
  public static RegistryObservation error(String category, String detail) {
    return new RegistryObservation(Status.ERROR, category, null, null, null, List.of(), detail);
  }

  /** The observation as gate inputs, every key prefixed {@code registry.}, in a stable order. */
  public Map<String, String> toInputs() {
    Map<String, String> in = new LinkedHashMap<>();
    in.put(PREFIX + "status", status.name());
    if (category != null) {
      in.put(PREFIX + "category", category);
    }
    if (digest != null) {
      in.put(PREFIX + "digest", digest);
    }
    if (sizeBytes != null) {
      in.put(PREFIX + "sizeBytes", Long.toString(sizeBytes));
    }
    if (!architectures.isEmpty()) {
      in.put(PREFIX + "architecture", String.join(",", architectures));
    }
    if (labels != null) {
      in.put(PREFIX + "labelsRead", "true");
      new TreeMap<>(labels).forEach((k, v) -> in.put(LABEL + k, v));
    }
    if (detail != null) {
      in.put(PREFIX + "detail", detail);
    }
    return in;
  }

  /**
   * The observation recorded in {@code inputs}, or null when they hold none (or an unreadable one:
   * the gate then fails as unchecked).
   */
  public static RegistryObservation fromInputs(Map<String, String> inputs) {
    String status = inputs.get(PREFIX + "status");
    if (status == null) {
      return null;
    }
    try {
      Map<String, String> labels = null;
      if ("true".equals(inputs.get(PREFIX + "labelsRead"))) {
        labels = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : new TreeMap<>(inputs).entrySet()) {
          if (e.getKey().startsWith(LABEL)) {
            labels.put(e.getKey().substring(LABEL.length()), e.getValue());
          }
        }
      }
      String size = inputs.get(PREFIX + "sizeBytes");
      String arch = inputs.get(PREFIX + "architecture");
      return new RegistryObservation(
          Status.valueOf(status),
          inputs.get(PREFIX + "category"),
          inputs.get(PREFIX + "digest"),
          size == null ? null : Long.valueOf(size),
          labels,
          arch == null ? List.of() : List.of(arch.split(",")),
          inputs.get(PREFIX + "detail"));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
