package io.promoflow.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The Grafana dashboards under {@code deploy/grafana/dashboards} and the metrics they query. */
final class GrafanaDashboards {

  static final Path DIR = DeployFiles.ROOT.resolve("deploy/grafana/dashboards");
  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** An identifier of PromQL: a metric, function, keyword or label name. */
  private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

  private static final Set<String> PROMQL_WORDS =
      Set.of(
          "sum",
          "min",
          "max",
          "avg",
          "count",
          "by",
          "without",
          "rate",
          "irate",
          "increase",
          "histogram_quantile",
          "label_values",
          "and",
          "or",
          "unless",
          "on",
          "ignoring",
          "group_left",
          "group_right",
          "offset",
          "bool",
          "topk",
          "bottomk",
          "abs",
          "clamp_min",
          "clamp_max",
          "delta",
          "deriv",
          "time",
          "vector",
          "scalar");

  private GrafanaDashboards() {}

  /** Every dashboard file, by name. */
  static List<Path> files() {
    try (Stream<Path> files = Files.list(DIR)) {
      return files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JsonNode read(Path file) {
    try {
      return JSON.readTree(Files.readString(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every PromQL expression of a dashboard: its panels' targets and its variables' queries. */
  static List<String> expressions(JsonNode dashboard) {
    List<String> out = new ArrayList<>();
    for (JsonNode panel : dashboard.path("panels")) {
      for (JsonNode target : panel.path("targets")) {
        out.add(target.path("expr").asString());
      }
    }
    for (JsonNode variable : dashboard.path("templating").path("list")) {
      if ("query".equals(variable.path("type").asString())) {
        out.add(variable.path("definition").asString());
      }
    }
    return out;
  }

  /**
   * The metric names {@code expr} reads: its identifiers without label matchers ({@code {...}}),
   * ranges ({@code [5m]}), grouping labels ({@code by (...)}), strings, functions and keywords.
   */
  static Set<String> metrics(String expr) {
    String bare =
        expr.replaceAll("\"[^\"]*\"", "\"\"")
            .replaceAll("\\{[^}]*}", " ")
            .replaceAll("\\[[^]]*]", " ")
            .replaceAll("(?i)\\b(by|without|on|ignoring)\\s*\\([^)]*\\)", " ");
    // label_values(metric, label): the label is not a metric
    bare = bare.replaceAll("label_values\\(\\s*([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*,[^)]*\\)", "$1");
    Set<String> out = new TreeSet<>();
    Matcher m = IDENTIFIER.matcher(bare);
    while (m.find()) {
      String word = m.group();
      int after = m.end();
      boolean call = after < bare.length() && bare.substring(after).stripLeading().startsWith("(");
      if (!PROMQL_WORDS.contains(word) && !call && !word.matches("\\d.*")) {
        out.add(word);
      }
    }
    return out;
  }

  /** Every metric name any dashboard reads. */
  static Set<String> allMetrics() {
    Set<String> out = new TreeSet<>();
    for (Path f : files()) {
      expressions(read(f)).forEach(e -> out.addAll(metrics(e)));
    }
    return out;
  }
}
