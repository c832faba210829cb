package io.promoflow.trigger.domain;

import com.contrastsecurity.sarif.Result;
import com.contrastsecurity.sarif.Run;
import com.contrastsecurity.sarif.SarifSchema210;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.promoflow.trigger.EvidenceLimits;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.cyclonedx.exception.ParseException;
import org.cyclonedx.model.Bom;
import org.cyclonedx.model.Component;
import org.cyclonedx.model.vulnerability.Vulnerability;
import org.cyclonedx.parsers.BomParserFactory;

/**
 * Normalised metrics of an evidence document, read with kept parsers: JUnit XML (Surefire and the
 * common {@code testsuites} schema) and JaCoCo XML with the JDK's StAX parser, CycloneDX JSON and
 * XML with cyclonedx-core-java, SARIF 2.1.0 with the java-sarif model. Metric names: {@code
 * tests.total}, {@code tests.failed}, {@code tests.skipped}, {@code coverage.line} and {@code
 * coverage.branch} (percent), {@code sbom.components}, {@code
 * vulnerabilities.critical|high|medium|low}, {@code vulnerability.<id>} (its severity rank, 4
 * critical … 1 low), {@code license.<id>} (components under that licence), {@code
 * sarif.errors|warnings|notes}, {@code secrets.findings} (results of secret scanners).
 *
 * <p>Every value is finite: a count that is NaN, infinite, negative or fractional, a benchmark
 * value that is not a finite non-negative number (also {@code "NaN"} or {@code "Infinity"} written
 * as a string) is refused as an {@link InvalidEvidence} naming the document's field. {@link
 * #within} bounds how many metrics a document yields and what their names look like ({@link
 * EvidenceLimits}).
 *
 * @throws IllegalArgumentException from {@link #of} with the parse error when the document is not
 *     of its format
 */
public final class EvidenceMetrics {

  /**
   * Keys are not canonicalised: see {@code api.EvidenceDocuments}; many similar keys are refused by
   * the metric limit.
   */
  private static final ObjectMapper JSON =
      new ObjectMapper(
              com.fasterxml.jackson.core.JsonFactory.builder()
                  .disable(com.fasterxml.jackson.core.JsonFactory.Feature.CANONICALIZE_FIELD_NAMES)
                  .build())
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private static final java.util.List<String> SEVERITIES =
      java.util.List.of("critical", "high", "medium", "low");
  private static final Pattern SECRET_SCANNERS =
      Pattern.compile("(?i).*(gitleaks|trufflehog|secret|detect-secrets).*");

  private EvidenceMetrics() {}

  /**
   * A document that parses but holds a value or breaks a limit that Promoflow refuses. {@link
   * #path()} is where: a field inside the document ({@code content.testsuite[0].tests}, {@code
   * content.p95LatencyMs}) or {@code metrics} for what the document yields as a whole.
   */
  public static final class InvalidEvidence extends IllegalArgumentException {

    private final String path;

    public InvalidEvidence(String path, String message) {
      super(message);
      this.path = path;
    }

    /** Where the problem is, relative to the document (see the class comment). */
    public String path() {
      return path;
    }
  }

  /**
   * Refuses metrics beyond the per-document limits: more than {@code maxMetricsPerDocument}, or a
   * name longer than {@code maxMetricNameLength} or with other than printable ASCII, a double quote
   * or a backslash (names travel in Avro, JSON store values and the audit record's JSON text; ASCII
   * without escapes keeps one character one byte).
   *
   * @throws InvalidEvidence at {@code metrics}
   */
  public static void within(Map<String, Double> metrics, EvidenceLimits limits) {
    if (metrics.size() > limits.maxMetricsPerDocument()) {
      throw new InvalidEvidence(
          "metrics", metrics.size() + " metrics, at most " + limits.maxMetricsPerDocument());
    }
    for (String name : metrics.keySet()) {
      if (name.length() > limits.maxMetricNameLength()) {
        throw new InvalidEvidence(
            "metrics",
            "metric name "
                + shown(name)
                + " has "
                + name.length()
                + " characters, at most "
                + limits.maxMetricNameLength());
      }
      for (int i = 0; i < name.length(); i++) {
        char c = name.charAt(i);
        if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
          throw new InvalidEvidence(
              "metrics",
              "metric name "
                  + shown(name)
                  + " has character U+"
                  + String.format(Locale.ROOT, "%04X", (int) c)
                  + " (printable ASCII only, no \" or \\)");
        }
      }
    }
  }

  private static String shown(String name) {
    String printable = name.replaceAll("[^\\x20-\\x7e]", "?");
    return "'" + (printable.length() > 60 ? printable.substring(0, 60) + "…" : printable) + "'";
  }

  /** The metrics of {@code content} in {@code format}. */
  public static Map<String, Double> of(EvidenceFormat format, byte[] content) {
    try {
      return finite(
          switch (format) {
            case JUNIT_XML -> junit(content);
            case JACOCO_XML -> jacoco(content);
            case CYCLONEDX_JSON, CYCLONEDX_XML -> cyclonedx(content);
            case SARIF -> sarif(content);
            case BENCHMARK_JSON -> benchmark(content);
            // requirements, not measurements: kept as the document's attributes
            // (api.EvidenceDocuments)
            case DEPENDENCIES_JSON -> new LinkedHashMap<String, Double>();
          });
    } catch (InvalidEvidence e) {
      throw e;
    } catch (XMLStreamException | ParseException | IOException | RuntimeException e) {
      throw new IllegalArgumentException(
          e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage(), e);
    }
  }

  /**
   * Refuses a derived value that is not finite, e.g. a sum or a percentage of counts near {@code
   * Double.MAX_VALUE}.
   */
  private static Map<String, Double> finite(Map<String, Double> metrics) {
    metrics.forEach(
        (name, value) -> {
          if (!Double.isFinite(value)) {
            throw new InvalidEvidence(
                "metrics",
                "metric "
                    + shown(name)
                    + " is "
                    + value
                    + " (the document's numbers are too "
                    + "large to add up)");
          }
        });
    return metrics;
  }

  private static XMLStreamReader xml(byte[] content) throws XMLStreamException {
    XMLInputFactory factory = XMLInputFactory.newFactory();
    // JaCoCo declares a DOCTYPE: read past it, never resolve external entities or DTDs
    factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    return factory.createXMLStreamReader(new ByteArrayInputStream(content));
  }

  static Map<String, Double> junit(byte[] content) throws XMLStreamException {
    XMLStreamReader r = xml(content);
    double tests = 0;
    double failed = 0;
    double skipped = 0;
    int suites = 0;
    boolean root = true;
    while (r.hasNext()) {
      if (r.next() == XMLStreamConstants.START_ELEMENT) {
        String name = r.getLocalName();
        if (root && !name.equals("testsuite") && !name.equals("testsuites")) {
          throw new IllegalArgumentException(
              "root element is <" + name + ">, not <testsuite> or <testsuites>");
        }
        root = false;
        if (name.equals("testsuite")) {
          String at = "content.testsuite[" + suites++ + "].";
          tests += count(r, at, "tests");
          failed += count(r, at, "failures") + count(r, at, "errors");
          skipped += count(r, at, "skipped") + count(r, at, "disabled");
        }
      }
    }
    if (suites == 0) {
      throw new IllegalArgumentException("no <testsuite> element");
    }
    return Map.of("tests.total", tests, "tests.failed", failed, "tests.skipped", skipped);
  }

  static Map<String, Double> jacoco(byte[] content) throws XMLStreamException {
    XMLStreamReader r = xml(content);
    int depth = 0;
    Map<String, Double> metrics = new LinkedHashMap<>();
    boolean report = false;
    while (r.hasNext()) {
      int event = r.next();
      if (event == XMLStreamConstants.START_ELEMENT) {
        depth++;
        if (depth == 1) {
          report = r.getLocalName().equals("report");
          if (!report) {
            throw new IllegalArgumentException(
                "root element is <" + r.getLocalName() + ">, not <report>");
          }
        } else if (depth == 2 && r.getLocalName().equals("counter")) {
          String type = r.getAttributeValue(null, "type");
          String at = "content.report.counter[" + type + "].";
          double missed = count(r, at, "missed");
          double covered = count(r, at, "covered");
          if (("LINE".equals(type) || "BRANCH".equals(type)) && missed + covered > 0) {
            metrics.put(
                "coverage." + type.toLowerCase(Locale.ROOT), 100.0 * covered / (missed + covered));
          }
        }
      } else if (event == XMLStreamConstants.END_ELEMENT) {
        depth--;
      }
    }
    if (!metrics.containsKey("coverage.line")) {
      throw new IllegalArgumentException("no report-level LINE counter");
    }
    return metrics;
  }

  static Map<String, Double> cyclonedx(byte[] content) throws ParseException {
    Bom bom = BomParserFactory.createParser(content).parse(content);
    Map<String, Double> metrics = new LinkedHashMap<>();
    metrics.put(
        "sbom.components", (double) (bom.getComponents() == null ? 0 : bom.getComponents().size()));
    for (String severity : SEVERITIES) {
      metrics.put("vulnerabilities." + severity, 0.0);
    }
    if (bom.getVulnerabilities() != null) {
      for (Vulnerability v : bom.getVulnerabilities()) {
        // a vulnerability counts once, at its worst rating; unrated or "info"/"none" ratings count
        // as low
        String worst =
            v.getRatings() == null
                ? "low"
                : v.getRatings().stream()
                    .filter(x -> x.getSeverity() != null)
                    .map(x -> x.getSeverity().name().toLowerCase(Locale.ROOT))
                    .filter(SEVERITIES::contains)
                    .min(java.util.Comparator.comparingInt(SEVERITIES::indexOf))
                    .orElse("low");
        metrics.merge("vulnerabilities." + worst, 1.0, Double::sum);
        if (v.getId() != null) {
          // per finding, its severity rank (4 critical … 1 low), so that gates can honour
          // allow-lists by ID
          metrics.put(
              "vulnerability." + v.getId(),
              (double) (SEVERITIES.size() - SEVERITIES.indexOf(worst)));
        }
      }
    }
    if (bom.getComponents() != null) {
      for (Component c : bom.getComponents()) {
        if (c.getLicenses() != null && c.getLicenses().getLicenses() != null) {
          c.getLicenses()
              .getLicenses()
              .forEach(
                  l -> {
                    String id = l.getId() != null ? l.getId() : l.getName();
                    if (id != null) {
                      metrics.merge("license." + id, 1.0, Double::sum);
                    }
                  });
        }
      }
    }
    return metrics;
  }

  static Map<String, Double> sarif(byte[] content) throws IOException {
    SarifSchema210 log = JSON.readValue(content, SarifSchema210.class);
    if (log.getRuns() == null) {
      throw new IllegalArgumentException("no runs");
    }
    Map<String, Double> metrics =
        new LinkedHashMap<>(
            Map.of(
                "sarif.errors",
                0.0,
                "sarif.warnings",
                0.0,
                "sarif.notes",
                0.0,
                "secrets.findings",
                0.0));
    for (Run run : log.getRuns()) {
      String tool =
          run.getTool() == null || run.getTool().getDriver() == null
              ? ""
              : run.getTool().getDriver().getName();
      boolean secrets = tool != null && SECRET_SCANNERS.matcher(tool).matches();
      for (Result result :
          run.getResults() == null ? java.util.List.<Result>of() : run.getResults()) {
        Result.Level level = result.getLevel() == null ? Result.Level.WARNING : result.getLevel();
        switch (level) {
          case ERROR -> metrics.merge("sarif.errors", 1.0, Double::sum);
          case WARNING -> metrics.merge("sarif.warnings", 1.0, Double::sum);
          default -> metrics.merge("sarif.notes", 1.0, Double::sum);
        }
        if (secrets) {
          metrics.merge("secrets.findings", 1.0, Double::sum);
        }
      }
    }
    return metrics;
  }

  /**
   * A benchmark summary: a JSON object of numbers, e.g. {@code {"p95LatencyMs": 120,
   * "p99LatencyMs": 180, "throughputPerSecond": 950}}; each becomes {@code perf.<name>}. {@code
   * p95LatencyMs} is required. Values are measurements (latencies, rates, throughput): finite and
   * not negative; a string spelling a non-finite number ({@code "NaN"}, {@code "Infinity"}) is
   * refused too, other strings are ignored.
   */
  static Map<String, Double> benchmark(byte[] content) throws IOException {
    com.fasterxml.jackson.databind.JsonNode json = JSON.readTree(content);
    if (json == null || !json.isObject()) {
      throw new IllegalArgumentException(
          "a benchmark summary is a JSON object with a numeric p95LatencyMs");
    }
    Map<String, Double> metrics = new LinkedHashMap<>();
    json.properties()
        .forEach(
            e -> {
              com.fasterxml.jackson.databind.JsonNode v = e.getValue();
              if (v.isNumber()) {
                metrics.put(
                    "perf." + e.getKey(),
                    measurement("content." + e.getKey(), v.asText(), v.asDouble()));
              } else if (v.isTextual() && nonFiniteText(v.asText())) {
                throw new InvalidEvidence(
                    "content." + e.getKey(), "\"" + v.asText() + "\" is not a finite number");
              }
            });
    if (!json.path("p95LatencyMs").isNumber()) {
      throw new IllegalArgumentException(
          "a benchmark summary is a JSON object with a numeric p95LatencyMs");
    }
    return metrics;
  }

  /**
   * True for text Java reads as NaN or an infinity: {@code NaN}, {@code Infinity}, {@code -inf},
   * {@code 1e999}.
   */
  private static boolean nonFiniteText(String text) {
    String t = text.strip();
    if (t.matches("(?i)[+-]?(nan|inf|infinity)")) {
      return true;
    }
    try {
      return !Double.isFinite(Double.parseDouble(t));
    } catch (NumberFormatException notANumber) {
      return false;
    }
  }

  private static double measurement(String path, String text, double value) {
    if (!Double.isFinite(value)) {
      throw new InvalidEvidence(path, text + " is not a finite number");
    }
    if (value < 0) {
      throw new InvalidEvidence(path, text + " is negative (a measurement is at least 0)");
    }
    return value;
  }

  /** Metrics of an integration-test report: the JUnit metrics under {@code integration.}. */
  public static Map<String, Double> asIntegration(Map<String, Double> junit) {
    Map<String, Double> out = new LinkedHashMap<>();
    junit.forEach((k, v) -> out.put("integration." + k, v));
    return out;
  }

  /**
   * A count attribute ({@code tests}, {@code failures}, {@code missed} …): absent or blank is 0;
   * otherwise a finite whole number at least 0 (thousands separators allowed), else {@link
   * InvalidEvidence} at {@code at + attribute}.
   */
  private static double count(XMLStreamReader r, String at, String attribute) {
    String v = r.getAttributeValue(null, attribute);
    if (v == null || v.isBlank()) {
      return 0;
    }
    double value;
    try {
      value = Double.parseDouble(v.replace(",", ""));
    } catch (NumberFormatException e) {
      throw new InvalidEvidence(at + attribute, "\"" + v + "\" is not a number");
    }
    if (!Double.isFinite(value)) {
      throw new InvalidEvidence(at + attribute, "\"" + v + "\" is not a finite number");
    }
    if (value < 0 || value != Math.rint(value)) {
      throw new InvalidEvidence(
          at + attribute, "\"" + v + "\" is not a count (a whole number, at least 0)");
    }
    return value;
  }
}
