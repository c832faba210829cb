package io.promoflow.rules.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The local stack runs the production rules (issue 11): {@code config/pipeline-local.yaml} may
 * differ from {@code config/pipeline.yaml} only in durations (windows, soak, timeouts, reminders,
 * intervals), its name, in leaving out the gates whose SARIF evidence the demo build cannot feed
 * ({@value #SARIF_GATES_DOC}) and in turning the registry gate off ({@code registry: {enabled:
 * false}}: the demo's oci:// artifacts are in no real registry). Both files are compared as YAML
 * trees, so comments and layout do not count.
 */
class LocalPolicyMatchesProductionTest {

  static final String SARIF_GATES_DOC = "secrets, static-analysis";
  static final Set<String> SARIF_GATES = Set.of("secrets", "static-analysis");
  static final YAMLMapper YAML = YAMLMapper.builder().build();

  static JsonNode tree(String file) throws Exception {
    return YAML.readTree(Files.readString(Path.of("..", "config", file)));
  }

  @Test
  void localDiffersFromProductionOnlyInDurationsAndTheSarifGates() throws Exception {
    assertThat(differences(tree("pipeline.yaml"), tree("pipeline-local.yaml"))).isEmpty();
    // and both load, with the local one's windows in seconds
    assertThat(load("pipeline-local.yaml").stage("DEV").orElseThrow().monitoringWindow())
        .isLessThan(load("pipeline.yaml").stage("DEV").orElseThrow().monitoringWindow());
  }

  @Test
  void theComparisonCatchesAMissingGateAChangedThresholdAndAnotherKey() throws Exception {
    String local = Files.readString(Path.of("..", "config", "pipeline-local.yaml"));
    JsonNode prod = tree("pipeline.yaml");
    JsonNode noVulnerabilities =
        YAML.readTree(
            local.replaceFirst(
                "      - \\{name: vulnerabilities, critical: true, thresholds: \\{maxCritical: 0, maxHigh: 2}}\n",
                ""));
    assertThat(differences(prod, noVulnerabilities))
        .anyMatch(d -> d.contains("transitions[1].gates"));
    JsonNode looser = YAML.readTree(local.replace("minScore: 85", "minScore: 50"));
    assertThat(differences(prod, looser))
        .containsExactly("transitions[2].minScore: 85 in pipeline.yaml, 50 in local");
    JsonNode otherRollback =
        YAML.readTree(local.replaceFirst("strategy: immediate", "strategy: graceful"));
    assertThat(differences(prod, otherRollback))
        .anyMatch(d -> d.startsWith("stages[0].rollback.strategy"));
    JsonNode shorter =
        YAML.readTree(
            local.replace("timeout: PT24H, escalationRole", "timeout: PT1M, escalationRole"));
    assertThat(differences(prod, shorter)).as("a duration may differ").isEmpty();
  }

  /**
   * Paths where {@code local} differs from {@code prod} in anything but the allowed differences.
   */
  static List<String> differences(JsonNode prod, JsonNode local) {
    List<String> out = new ArrayList<>();
    diff("", normalized(prod), normalized(local), out);
    return out;
  }

  private static JsonNode normalized(JsonNode root) {
    JsonNode copy = root.deepCopy();
    ((tools.jackson.databind.node.ObjectNode) copy).remove("name");
    copy.path("transitions")
        .forEach(
            t -> {
              JsonNode r = t.path("registry");
              if (r.size() == 1
                  && r.path("enabled").isBoolean()
                  && !r.path("enabled").asBoolean()) {
                ((tools.jackson.databind.node.ObjectNode) t).remove("registry");
              }
            });
    strip(copy);
    return copy;
  }

  /**
   * Drops the SARIF gates from every {@code gates} list and replaces every duration by a
   * placeholder.
   */
  private static void strip(JsonNode node) {
    if (node instanceof tools.jackson.databind.node.ObjectNode o) {
      for (String key : new ArrayList<>(o.propertyNames())) {
        JsonNode child = o.get(key);
        if (key.equals("gates") && child.isArray()) {
          tools.jackson.databind.node.ArrayNode kept = o.putArray("gates");
          child.forEach(
              g -> {
                if (!SARIF_GATES.contains(g.path("name").asString(""))) {
                  kept.add(g);
                }
              });
          child = kept;
        }
        if (child.isString() && isDuration(child.asString())) {
          o.put(key, "<duration>");
        } else {
          strip(child);
        }
      }
    } else if (node instanceof tools.jackson.databind.node.ArrayNode a) {
      for (int i = 0; i < a.size(); i++) {
        if (a.get(i).isString() && isDuration(a.get(i).asString())) {
          a.set(i, a.stringNode("<duration>"));
        } else {
          strip(a.get(i));
        }
      }
    }
  }

  private static boolean isDuration(String s) {
    try {
      Duration.parse(s);
      return true;
    } catch (DateTimeParseException e) {
      return false;
    }
  }

  private static void diff(String path, JsonNode prod, JsonNode local, List<String> out) {
    if (prod.isObject() && local.isObject()) {
      Set<String> keys = new TreeSet<>(prod.propertyNames());
      keys.addAll(local.propertyNames());
      for (String k : keys) {
        String p = path.isEmpty() ? k : path + "." + k;
        if (!prod.has(k) || !local.has(k)) {
          out.add(p + ": only in " + (prod.has(k) ? "pipeline.yaml" : "local"));
        } else {
          diff(p, prod.get(k), local.get(k), out);
        }
      }
    } else if (prod.isArray() && local.isArray()) {
      if (prod.size() != local.size()) {
        out.add(
            path + ": " + prod.size() + " entries in pipeline.yaml, " + local.size() + " in local");
        return;
      }
      for (int i = 0; i < prod.size(); i++) {
        diff(path + "[" + i + "]", prod.get(i), local.get(i), out);
      }
    } else if (!prod.equals(local)) {
      out.add(path + ": " + prod + " in pipeline.yaml, " + local + " in local");
    }
  }

  /** A shipped policy through the production loader (the validated model, not only the tree). */
  static PipelinePolicy load(String file) throws Exception {
    return PolicyLoader.load(file, Files.readString(Path.of("..", "config", file)));
  }
}
