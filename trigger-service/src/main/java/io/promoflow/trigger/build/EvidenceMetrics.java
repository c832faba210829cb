package io.promoflow.trigger.build;

import com.contrastsecurity.sarif.Result;
import com.contrastsecurity.sarif.Run;
import com.contrastsecurity.sarif.SarifSchema210;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
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
 * Normalised metrics of an evidence document, read with kept parsers: JUnit XML (Surefire and the common
 * {@code testsuites} schema) and JaCoCo XML with the JDK's StAX parser, CycloneDX JSON and XML with
 * cyclonedx-core-java, SARIF 2.1.0 with the java-sarif model. Metric names: {@code tests.total},
 * {@code tests.failed}, {@code tests.skipped}, {@code coverage.line} and {@code coverage.branch} (percent),
 * {@code sbom.components}, {@code vulnerabilities.critical|high|medium|low}, {@code vulnerability.<id>} (its
 * severity rank, 4 critical … 1 low), {@code license.<id>} (components under
 * that licence), {@code sarif.errors|warnings|notes}, {@code secrets.findings} (results of secret scanners).
 *
 * @throws IllegalArgumentException from {@link #of} with the parse error when the document is not of its format
 */
public final class EvidenceMetrics {

  private static final ObjectMapper JSON = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  private static final java.util.List<String> SEVERITIES = java.util.List.of("critical", "high", "medium", "low");
  private static final Pattern SECRET_SCANNERS = Pattern.compile("(?i).*(gitleaks|trufflehog|secret|detect-secrets).*");

  private EvidenceMetrics() {
  }

  /** The metrics of {@code content} in {@code format}. */
  public static Map<String, Double> of(EvidenceFormat format, byte[] content) {
    try {
      return switch (format) {
        case JUNIT_XML -> junit(content);
        case JACOCO_XML -> jacoco(content);
        case CYCLONEDX_JSON, CYCLONEDX_XML -> cyclonedx(content);
        case SARIF -> sarif(content);
        case BENCHMARK_JSON -> benchmark(content);
      };
    } catch (XMLStreamException | ParseException | IOException | RuntimeException e) {
      throw new IllegalArgumentException(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage(), e);
    }
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
          throw new IllegalArgumentException("root element is <" + name + ">, not <testsuite> or <testsuites>");
        }
        root = false;
        if (name.equals("testsuite")) {
          suites++;
          tests += number(r, "tests");
          failed += number(r, "failures") + number(r, "errors");
          skipped += number(r, "skipped") + number(r, "disabled");
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
            throw new IllegalArgumentException("root element is <" + r.getLocalName() + ">, not <report>");
          }
        } else if (depth == 2 && r.getLocalName().equals("counter")) {
          double missed = number(r, "missed");
          double covered = number(r, "covered");
          String type = r.getAttributeValue(null, "type");
          if (("LINE".equals(type) || "BRANCH".equals(type)) && missed + covered > 0) {
            metrics.put("coverage." + type.toLowerCase(Locale.ROOT), 100.0 * covered / (missed + covered));
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
    metrics.put("sbom.components", (double) (bom.getComponents() == null ? 0 : bom.getComponents().size()));
    for (String severity : SEVERITIES) {
      metrics.put("vulnerabilities." + severity, 0.0);
    }
    if (bom.getVulnerabilities() != null) {
      for (Vulnerability v : bom.getVulnerabilities()) {
        // a vulnerability counts once, at its worst rating; unrated or "info"/"none" ratings count as low
        String worst = v.getRatings() == null ? "low" : v.getRatings().stream().filter(x -> x.getSeverity() != null)
            .map(x -> x.getSeverity().name().toLowerCase(Locale.ROOT)).filter(SEVERITIES::contains)
            .min(java.util.Comparator.comparingInt(SEVERITIES::indexOf)).orElse("low");
        metrics.merge("vulnerabilities." + worst, 1.0, Double::sum);
        if (v.getId() != null) {
          // per finding, its severity rank (4 critical … 1 low), so that gates can honour allow-lists by ID
          metrics.put("vulnerability." + v.getId(), (double) (SEVERITIES.size() - SEVERITIES.indexOf(worst)));
        }
      }
    }
    if (bom.getComponents() != null) {
      for (Component c : bom.getComponents()) {
        if (c.getLicenses() != null && c.getLicenses().getLicenses() != null) {
          c.getLicenses().getLicenses().forEach(l -> {
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
    Map<String, Double> metrics = new LinkedHashMap<>(Map.of("sarif.errors", 0.0, "sarif.warnings", 0.0,
        "sarif.notes", 0.0, "secrets.findings", 0.0));
    for (Run run : log.getRuns()) {
      String tool = run.getTool() == null || run.getTool().getDriver() == null ? "" : run.getTool().getDriver().getName();
      boolean secrets = tool != null && SECRET_SCANNERS.matcher(tool).matches();
      for (Result result : run.getResults() == null ? java.util.List.<Result>of() : run.getResults()) {
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
   * A benchmark summary: a JSON object of numbers, e.g. {@code {"p95LatencyMs": 120, "p99LatencyMs": 180,
   * "throughputPerSecond": 950}}; each becomes {@code perf.<name>}. {@code p95LatencyMs} is required.
   */
  static Map<String, Double> benchmark(byte[] content) throws IOException {
    com.fasterxml.jackson.databind.JsonNode json = JSON.readTree(content);
    if (json == null || !json.isObject() || !json.path("p95LatencyMs").isNumber()) {
      throw new IllegalArgumentException("a benchmark summary is a JSON object with a numeric p95LatencyMs");
    }
    Map<String, Double> metrics = new LinkedHashMap<>();
    json.fields().forEachRemaining(e -> {
      if (e.getValue().isNumber()) {
        metrics.put("perf." + e.getKey(), e.getValue().asDouble());
      }
    });
    return metrics;
  }

  /** Metrics of an integration-test report: the JUnit metrics under {@code integration.}. */
  public static Map<String, Double> asIntegration(Map<String, Double> junit) {
    Map<String, Double> out = new LinkedHashMap<>();
    junit.forEach((k, v) -> out.put("integration." + k, v));
    return out;
  }

  private static double number(XMLStreamReader r, String attribute) {
    String v = r.getAttributeValue(null, attribute);
    if (v == null || v.isBlank()) {
      return 0;
    }
    try {
      return Double.parseDouble(v.replace(",", ""));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(attribute + "=\"" + v + "\" is not a number");
    }
  }
}
