package io.promoflow.trigger;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * How much evidence a build may carry ({@code promoflow.trigger.limits.*}). The metrics of every
 * document travel in the {@code BuildCompleted} event, in the gate's build store and in the audit
 * record of the event, all bounded by Kafka's 1 MB message limit: one ~0.9 MB build once killed a
 * stream thread. The defaults keep a {@code BuildCompleted} below ~300 KB in the worst case ({@link
 * #worstCaseBuildBytes()}); a configuration that would allow more than {@value #BUDGET_BYTES} bytes
 * is refused at start. Raw documents stay on disk ({@code domain.EvidenceArchive}), so only their
 * sizes are bounded by the byte limits.
 *
 * @param maxDocumentsPerBuild evidence documents of one build, inline and uploaded together
 * @param maxDocumentSize one document's bytes
 * @param maxEvidenceSizePerBuild bytes of all documents of one build
 * @param maxMetricsPerDocument metrics one document yields
 * @param maxMetricsPerBuild metrics of all documents of one build
 * @param maxMetricNameLength characters of a metric name (printable ASCII only, so characters =
 *     bytes)
 */
@ConfigurationProperties("promoflow.trigger.limits")
public record EvidenceLimits(
    @DefaultValue("20") int maxDocumentsPerBuild,
    @DefaultValue("10MB") DataSize maxDocumentSize,
    @DefaultValue("32MB") DataSize maxEvidenceSizePerBuild,
    @DefaultValue("2000") int maxMetricsPerDocument,
    @DefaultValue("2000") int maxMetricsPerBuild,
    @DefaultValue("128") int maxMetricNameLength) {

  /**
   * Largest {@code BuildCompleted} the limits may allow, in bytes: a quarter of Kafka's default 1
   * MiB message.
   */
  public static final long BUDGET_BYTES = 512 * 1024;

  /**
   * Bytes of a {@code BuildCompleted} besides its metrics, at most: the request's bounded strings
   * (uri and pipeline URL 2048 each, repository, run id, author 256 each, commit 40, delivery id
   * 128) and the event metadata (~1 KB).
   */
  static final long FIXED_BYTES = 8 * 1024;

  /**
   * Bytes of one evidence reference besides its metrics: format (≤ 16), sha256 hex (64), size and
   * lengths (≤ 16).
   */
  static final long DOCUMENT_BYTES = 96;

  /** The defaults, for tests and tools. */
  public static final EvidenceLimits DEFAULTS =
      new EvidenceLimits(20, DataSize.ofMegabytes(10), DataSize.ofMegabytes(32), 2000, 2000, 128);

  public EvidenceLimits {
    positive("max-documents-per-build", maxDocumentsPerBuild);
    positive("max-metrics-per-document", maxMetricsPerDocument);
    positive("max-metrics-per-build", maxMetricsPerBuild);
    positive("max-metric-name-length", maxMetricNameLength);
    if (maxDocumentSize == null || maxDocumentSize.toBytes() < 1) {
      throw new IllegalArgumentException(
          "promoflow.trigger.limits.max-document-size: must be at least 1 byte");
    }
    if (maxEvidenceSizePerBuild == null
        || maxEvidenceSizePerBuild.toBytes() < maxDocumentSize.toBytes()) {
      throw new IllegalArgumentException(
          "promoflow.trigger.limits.max-evidence-size-per-build: must be at least "
              + "max-document-size ("
              + maxDocumentSize.toBytes()
              + " bytes)");
    }
    long worst = worstCase(maxDocumentsPerBuild, maxMetricsPerBuild, maxMetricNameLength);
    if (worst > BUDGET_BYTES) {
      throw new IllegalArgumentException(
          "promoflow.trigger.limits: a build could carry "
              + worst
              + " bytes of metrics "
              + "and references, more than "
              + BUDGET_BYTES
              + " (Kafka refuses records over 1 MiB): lower "
              + "max-metrics-per-build, max-metric-name-length or max-documents-per-build");
    }
  }

  /**
   * Largest Avro encoding of a {@code BuildCompleted} these limits allow, in bytes: per metric a
   * name (≤ 2 bytes of length + the name) and an 8-byte double, per document {@value
   * #DOCUMENT_BYTES}, plus {@value #FIXED_BYTES}. With the defaults 2000 × 138 + 20 × 96 + 8192 =
   * 286,112 bytes (27% of 1 MiB). The audit record's JSON rendering of the same event spends at
   * most ~158 bytes per metric (name, quotes, separators, a 24-character double): 2000 × 158 + 8192
   * ≈ 324 KB.
   */
  public long worstCaseBuildBytes() {
    return worstCase(maxDocumentsPerBuild, maxMetricsPerBuild, maxMetricNameLength);
  }

  private static long worstCase(int documents, int metrics, int nameLength) {
    return (long) metrics * (2 + nameLength + 8) + (long) documents * DOCUMENT_BYTES + FIXED_BYTES;
  }

  private static void positive(String name, int value) {
    if (value < 1) {
      throw new IllegalArgumentException(
          "promoflow.trigger.limits." + name + ": must be at least 1, not " + value);
    }
  }
}
