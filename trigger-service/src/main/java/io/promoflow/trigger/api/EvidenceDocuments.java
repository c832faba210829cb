package io.promoflow.trigger.api;

import io.promoflow.platform.web.ProblemException;
import io.promoflow.rules.release.Compatibility;
import io.promoflow.schemas.Digests;
import io.promoflow.schemas.builds.EvidenceRef;
import io.promoflow.trigger.EvidenceLimits;
import io.promoflow.trigger.domain.EvidenceFormat;
import io.promoflow.trigger.domain.EvidenceMetrics;
import io.promoflow.trigger.domain.Patterns;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParserFactory;
import org.springframework.stereotype.Component;
import org.xml.sax.SAXException;
import org.xml.sax.helpers.DefaultHandler;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Accepts an evidence document: known format, within the size limit, well-formed XML or a JSON
 * object that its format's parser reads ({@link EvidenceMetrics}), finite values, within the metric
 * limits ({@link EvidenceLimits}); returns its content address (sha256 of the bytes) and its
 * normalised metrics. A bad document is a 400 naming the document's field ({@code
 * evidence[2].metrics}, {@code evidence[0].content.p95LatencyMs}) and the reason.
 */
@Component
public class EvidenceDocuments {

  /**
   * Evidence names its own keys (benchmark summaries, SARIF property bags): never canonicalised, so
   * that a document of many similar keys is refused by its metric limit every time rather than,
   * depending on the hash seed, by Jackson's symbol-table flood guard.
   */
  private static final JsonMapper JSON =
      JsonMapper.builder(
              tools.jackson.core.json.JsonFactory.builder()
                  .disable(
                      tools.jackson.core.TokenStreamFactory.Feature.CANONICALIZE_PROPERTY_NAMES)
                  .build())
          .build();

  private final EvidenceLimits limits;
  private final long maxBytes;
  private final SAXParserFactory xml;

  public EvidenceDocuments(EvidenceLimits limits)
      throws ParserConfigurationException, SAXException {
    this.limits = limits;
    this.maxBytes = limits.maxDocumentSize().toBytes();
    this.xml = SAXParserFactory.newInstance();
    xml.setNamespaceAware(true);
    // JaCoCo reports declare a DOCTYPE: allow the declaration but never fetch DTDs or external
    // entities.
    xml.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
    xml.setFeature("http://xml.org/sax/features/external-general-entities", false);
    xml.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
    xml.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
  }

  /**
   * Checks one document.
   *
   * @param field the request field that holds it, named in errors (e.g. {@code evidence[1]})
   * @throws ProblemException 400 for an unknown format, an empty, oversized or malformed document
   */
  public EvidenceRef check(String field, String format, byte[] content) {
    return check(field, format, null, content);
  }

  /**
   * Checks one document of a {@code kind}: {@code integration} marks a JUnit report of integration
   * tests (its metrics are {@code integration.tests.*}); null or {@code unit} otherwise.
   *
   * @throws ProblemException 400 for an unknown format or kind, an empty, oversized or malformed
   *     document, a value that is not finite or out of range, or too many or badly named metrics
   */
  public EvidenceRef check(String field, String format, String kind, byte[] content) {
    if (kind != null
        && !kind.equals("unit")
        && !(kind.equals("integration") && "junit-xml".equals(format))) {
      throw ProblemException.badField(
          field + ".kind",
          "kind "
              + kind
              + " is not known for "
              + format
              + " (junit-xml takes unit or integration)");
    }
    EvidenceFormat f =
        EvidenceFormat.of(format)
            .orElseThrow(
                () ->
                    ProblemException.badField(
                        field + ".format",
                        "unknown format " + format + " (known: " + EvidenceFormat.names() + ")"));
    if (content == null || content.length == 0) {
      throw ProblemException.badField(field + ".content", "empty " + format + " document");
    }
    if (content.length > maxBytes) {
      throw ProblemException.badField(
          field + ".content",
          format
              + " document of "
              + content.length
              + " bytes exceeds the limit of "
              + maxBytes
              + " bytes");
    }
    if (f.xml()) {
      parseXml(field, format, content);
    } else {
      parseJson(field, format, content);
    }
    Map<String, Double> metrics;
    try {
      metrics =
          "integration".equals(kind)
              ? EvidenceMetrics.asIntegration(EvidenceMetrics.of(f, content))
              : EvidenceMetrics.of(f, content);
      EvidenceMetrics.within(metrics, limits);
    } catch (EvidenceMetrics.InvalidEvidence e) {
      throw ProblemException.badField(field + "." + e.path(), e.getMessage());
    } catch (IllegalArgumentException e) {
      throw ProblemException.badField(
          field + ".content", format + " document cannot be read: " + e.getMessage());
    }
    Map<String, String> attributes =
        f == EvidenceFormat.DEPENDENCIES_JSON ? requires(field, content) : Map.of();
    return new EvidenceRef(f.id(), sha256(content), (long) content.length, metrics, attributes);
  }

  /**
   * The requirements of a {@code dependencies-json} document: a JSON object application → SemVer
   * range ({@code {"inventory": ">=1.4 <2"}}), or the same under {@code requires}. Each name must
   * be an application name as the build routes accept it, each value a string holding a range
   * {@link Compatibility} reads, at most {@code maxMetricsPerDocument} entries.
   *
   * @throws ProblemException 400 naming {@code <field>.content} or {@code
   *     <field>.content.<application>}
   */
  Map<String, String> requires(String field, byte[] content) {
    JsonNode root = JSON.readTree(content);
    String at = field + ".content";
    JsonNode map = root;
    if (root.has("requires")) {
      if (root.size() != 1 || !root.get("requires").isObject()) {
        throw ProblemException.badField(
            at, "dependencies-json is an object application -> range, or {\"requires\": {...}}");
      }
      map = root.get("requires");
      at = at + ".requires";
    }
    if (map.size() > limits.maxMetricsPerDocument()) {
      throw ProblemException.badField(
          at, map.size() + " requirements, at most " + limits.maxMetricsPerDocument());
    }
    Map<String, String> requires = new java.util.TreeMap<>();
    for (Map.Entry<String, JsonNode> e : map.properties()) {
      String name = e.getKey();
      if (!name.matches(Patterns.APPLICATION)) {
        throw ProblemException.badField(
            at,
            "'"
                + (name.length() > 60 ? name.substring(0, 60) + "…" : name)
                + "' is not an application name ("
                + Patterns.APPLICATION_MESSAGE
                + ")");
      }
      if (!e.getValue().isString()) {
        throw ProblemException.badField(
            at + "." + name, "a SemVer range as a string, e.g. \">=1.4 <2\"");
      }
      String range = e.getValue().asString();
      if (!Compatibility.validRange(range)) {
        throw ProblemException.badField(
            at + "." + name,
            "'" + range + "' is not an npm-style SemVer range (e.g. >=1.4 <2, ^1.4, ~1.4.2)");
      }
      requires.put(name, range);
    }
    return requires;
  }

  /**
   * Checks the documents of one request before any is parsed: at most {@code maxDocumentsPerBuild}
   * documents and {@code maxEvidenceSizePerBuild} bytes in all.
   *
   * @param field the request field holding the list, e.g. {@code evidence}
   * @param sizes each document's bytes
   * @throws ProblemException 400 naming {@code field}
   */
  public void checkCount(String field, List<Integer> sizes) {
    if (sizes.size() > limits.maxDocumentsPerBuild()) {
      throw ProblemException.badField(
          field,
          sizes.size() + " documents, at most " + limits.maxDocumentsPerBuild() + " per build");
    }
    long total = sizes.stream().mapToLong(Integer::longValue).sum();
    if (total > limits.maxEvidenceSizePerBuild().toBytes()) {
      throw ProblemException.badField(
          field,
          total
              + " bytes of evidence, at most "
              + limits.maxEvidenceSizePerBuild().toBytes()
              + " per build");
    }
  }

  /**
   * Checks the metrics of a build's accepted documents together: at most {@code maxMetricsPerBuild}
   * in all (the gate merges them into one record per build).
   *
   * @throws ProblemException 400 naming {@code field}
   */
  public void checkMetrics(String field, List<EvidenceRef> documents) {
    long total = documents.stream().mapToLong(d -> d.getMetrics().size()).sum();
    if (total > limits.maxMetricsPerBuild()) {
      throw ProblemException.badField(
          field,
          total
              + " metrics in all documents, at most "
              + limits.maxMetricsPerBuild()
              + " per build");
    }
  }

  private void parseXml(String field, String format, byte[] content) {
    try {
      xml.newSAXParser().parse(new ByteArrayInputStream(content), new DefaultHandler());
    } catch (SAXException | IOException | ParserConfigurationException e) {
      throw ProblemException.badField(
          field + ".content", format + " document is not well-formed XML: " + e.getMessage());
    }
  }

  private static void parseJson(String field, String format, byte[] content) {
    try {
      JsonNode node = JSON.readTree(content);
      if (node == null || !node.isObject()) {
        throw ProblemException.badField(
            field + ".content", format + " document must be a JSON object");
      }
    } catch (JacksonException e) {
      throw ProblemException.badField(
          field + ".content", format + " document is not JSON: " + e.getOriginalMessage());
    }
  }

  static String sha256(byte[] content) {
    return Digests.sha256Hex(content);
  }
}
