package io.promoflow.rules.policy;

import java.util.List;

/**
 * The {@code registry} gate of a transition ({@code transitions[].registry}): before an {@code
 * oci://} artifact enters the stage, its manifest must exist in the registry with the digest CI
 * recorded (OCI Distribution API {@code HEAD /v2/<name>/manifests/<digest>}), and it may be held to
 * a size limit, required labels and an architecture (GitHub issue 18 point 5; reference
 * image-promotion-workflow.md "Image Validation Process": exists, size, architecture, metadata).
 * The gate is always critical.
 *
 * @param enabled whether the gate runs; null: the default, on into the production stage and the
 *     stage before it ({@link PipelinePolicy#registryInto})
 * @param maxSizeBytes largest image allowed, bytes (config and layers of the manifest); null: not
 *     checked
 * @param labels labels the image config must carry: {@code name} (any value) or {@code name=value};
 *     empty: not checked
 * @param architecture the image's architecture ({@code amd64}, {@code arm64}); null: not checked
 */
public record RegistryPolicy(
    Boolean enabled, Long maxSizeBytes, List<String> labels, String architecture) {

  /** The gate with no extra checks, as used when a transition says nothing. */
  public static final RegistryPolicy DEFAULT = new RegistryPolicy(null, null, null, null);

  public RegistryPolicy {
    labels = labels == null ? List.of() : List.copyOf(labels);
  }
}
