package io.promoflow.deploy;

import static io.promoflow.deploy.DeployFiles.at;
import static io.promoflow.deploy.DeployFiles.list;
import static io.promoflow.deploy.DeployFiles.map;
import static org.assertj.core.api.Assertions.assertThat;

import io.promoflow.platform.testing.RequiresExecutable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The Kubernetes base, deploy/k8s/base (GitHub issue 14 point 5), parsed: kustomization lists every
 * manifest; each workload's selector matches its pods' labels; every Kafka Streams service is a
 * StatefulSet with a persistent state directory, a headless Service for {@code application.server},
 * a PodDisruptionBudget and readiness/liveness probes on the health groups; Secret and ConfigMap
 * references name keys that exist. Where kubectl is installed, {@code kubectl kustomize} builds it.
 */
class KustomizeBaseTest {

  private static final Path BASE = DeployFiles.ROOT.resolve("deploy/k8s/base");

  /** The Kafka Streams services (state stores), one StatefulSet each. */
  private static final Set<String> STATEFUL =
      Set.of(
          "trigger-service",
          "gate-service",
          "promotion-service",
          "approval-service",
          "rollback-service",
          "console-service");

  private final Map<String, Object> kustomization =
      DeployFiles.documents(BASE.resolve("kustomization.yaml")).get(0);

  private List<Map<String, Object>> manifests() {
    List<Map<String, Object>> all = new ArrayList<>();
    for (Object r : list(kustomization.get("resources"))) {
      all.addAll(DeployFiles.documents(BASE.resolve(String.valueOf(r))));
    }
    return all;
  }

  private List<Map<String, Object>> ofKind(String kind) {
    return manifests().stream().filter(m -> kind.equals(m.get("kind"))).toList();
  }

  private static String name(Map<String, Object> manifest) {
    return String.valueOf(at(manifest, "metadata", "name"));
  }

  @Test
  void kustomizationListsEveryFile() throws IOException {
    Set<String> listed = new TreeSet<>();
    list(kustomization.get("resources")).forEach(r -> listed.add(String.valueOf(r)));
    for (Object generator : list(kustomization.get("configMapGenerator"))) {
      list(map(generator).get("files")).forEach(f -> listed.add(String.valueOf(f)));
    }
    Set<String> present = new TreeSet<>();
    try (Stream<Path> files = Files.list(BASE)) {
      files
          .map(p -> p.getFileName().toString())
          .filter(f -> !f.equals("kustomization.yaml"))
          .forEach(present::add);
    }
    assertThat(listed).isEqualTo(present);
    assertThat(manifests())
        .allSatisfy(m -> assertThat(m).containsKeys("apiVersion", "kind", "metadata"));
  }

  @Test
  void generatedConfigFilesAreCopiesOfTheOriginals() {
    // kustomize loads no file outside the base: these two are copies, kept equal here
    assertThat(DeployFiles.text("deploy/k8s/base/pipeline.yaml"))
        .isEqualTo(DeployFiles.text("config/pipeline.yaml"));
    assertThat(DeployFiles.text("deploy/k8s/base/promoflow-deploy.yml"))
        .isEqualTo(DeployFiles.text("deploy/config/promoflow-deploy.yml"));
  }

  @Test
  void everyStreamsServiceIsAStatefulSetWithStateProbesAndABudget() {
    Set<String> statefulSets = new TreeSet<>();
    ofKind("StatefulSet").forEach(s -> statefulSets.add(name(s)));
    assertThat(statefulSets).isEqualTo(new TreeSet<>(STATEFUL));
    for (Map<String, Object> set : ofKind("StatefulSet")) {
      String name = name(set);
      Map<String, Object> labels = podLabels(set);
      // persistent state directory: a claim template mounted where PROMOFLOW_STATE_DIR points
      Map<String, Object> claim = map(list(at(set, "spec", "volumeClaimTemplates")).get(0));
      String claimName = name(claim);
      Map<String, Object> container = container(set);
      String mountPath =
          list(container.get("volumeMounts")).stream()
              .map(DeployFiles::map)
              .filter(m -> claimName.equals(m.get("name")))
              .map(m -> String.valueOf(m.get("mountPath")))
              .findFirst()
              .orElseThrow(() -> new AssertionError(name + " does not mount its claim"));
      assertThat(generatorLiteral("promoflow-env", "PROMOFLOW_STATE_DIR"))
          .startsWith(mountPath + "/");
      // application.server: the headless Service names each pod
      String serviceName = String.valueOf(at(set, "spec", "serviceName"));
      Map<String, Object> headless = service(serviceName);
      assertThat(at(headless, "spec", "clusterIP")).as(serviceName).isEqualTo("None");
      assertThat(labels).containsAllEntriesOf(map(at(headless, "spec", "selector")));
      assertThat(env(container))
          .containsEntry("PROMOFLOW_STREAMS_ADVERTISED_HOST", "$(POD_NAME)." + serviceName)
          .containsEntry("PROMOFLOW_INSTANCE_ID", "$(POD_NAME)")
          .containsKey("PROMOFLOW_STREAMS_INTERNAL_TOKEN");
      assertThat(at(set, "spec", "template", "spec", "securityContext", "fsGroup")).isEqualTo(1000);
    }
  }

  @Test
  void everyWorkloadHasProbesABudgetAndSelectorsThatMatch() {
    List<Map<String, Object>> workloads = new ArrayList<>(ofKind("StatefulSet"));
    workloads.addAll(ofKind("Deployment"));
    assertThat(workloads).hasSize(7);
    for (Map<String, Object> w : workloads) {
      String name = name(w);
      Map<String, Object> labels = podLabels(w);
      assertThat(labels)
          .as(name)
          .containsAllEntriesOf(map(at(w, "spec", "selector", "matchLabels")));
      Map<String, Object> container = container(w);
      assertThat(at(container, "readinessProbe", "httpGet", "path"))
          .as(name)
          .isEqualTo("/actuator/health/readiness");
      assertThat(at(container, "livenessProbe", "httpGet", "path"))
          .as(name)
          .isEqualTo("/actuator/health/liveness");
      assertThat(at(w, "spec", "template", "spec", "securityContext", "runAsNonRoot"))
          .isEqualTo(true);
      List<Map<String, Object>> budgets =
          ofKind("PodDisruptionBudget").stream()
              .filter(
                  p ->
                      labels
                          .entrySet()
                          .containsAll(map(at(p, "spec", "selector", "matchLabels")).entrySet()))
              .toList();
      assertThat(budgets).as(name + " PodDisruptionBudget").hasSize(1);
      // the API Service of the workload
      assertThat(ofKind("Service"))
          .as(name + " Service")
          .anyMatch(
              s ->
                  name(s).equals(name)
                      && labels.entrySet().containsAll(map(at(s, "spec", "selector")).entrySet()));
      String image = String.valueOf(container.get("image"));
      assertThat(image).startsWith("promoflow/" + name + ":");
      assertThat(list(kustomization.get("images")))
          .anyMatch(i -> ("promoflow/" + name).equals(map(i).get("name")));
    }
    for (Map<String, Object> s : ofKind("Service")) {
      assertThat(workloads)
          .as("a workload behind Service " + name(s))
          .anyMatch(
              w -> podLabels(w).entrySet().containsAll(map(at(s, "spec", "selector")).entrySet()));
    }
  }

  @Test
  void secretAndConfigReferencesNameKeysThatExist() {
    List<String> secretKeys = DeployFiles.envExampleKeys();
    for (Map<String, Object> m : manifests()) {
      if (!List.of("StatefulSet", "Deployment", "Job").contains(m.get("kind"))) {
        continue;
      }
      Map<String, Object> container = container(m);
      for (Object e : list(container.get("env"))) {
        Map<String, Object> secret = map(at(map(e), "valueFrom", "secretKeyRef"));
        if (!secret.isEmpty()) {
          assertThat(secret.get("name")).isEqualTo("promoflow-secrets");
          assertThat(secretKeys)
              .as(name(m) + " secret key")
              .contains(String.valueOf(secret.get("key")));
        }
        Map<String, Object> config = map(at(map(e), "valueFrom", "configMapKeyRef"));
        if (!config.isEmpty()) {
          assertThat(
                  generatorLiteral(
                      String.valueOf(config.get("name")), String.valueOf(config.get("key"))))
              .as(name(m) + " " + config)
              .isNotNull();
        }
      }
    }
    Map<String, Object> promotion =
        container(
            ofKind("StatefulSet").stream()
                .filter(s -> name(s).equals("promotion-service"))
                .findFirst()
                .orElseThrow());
    assertThat(env(promotion))
        .containsEntry("PROMOFLOW_ATTESTATION_KEY", "file:/run/secrets/promoflow/attestation.pem");
    assertThat(generatorLiteral("promoflow-env", "SPRING_PROFILES_ACTIVE")).isEqualTo("deploy");
    assertThat(generatorLiteral("promoflow-env", "PROMOFLOW_MONITORING_PROMETHEUS_URL"))
        .isNotBlank();
  }

  @Test
  @RequiresExecutable("kubectl")
  void kubectlBuildsTheBase() {
    DeployFiles.Result built = DeployFiles.run(List.of("kubectl", "kustomize", "deploy/k8s/base"));
    assertThat(built.exitCode()).as(built.output()).isZero();
    assertThat(built.output())
        .contains("kind: StatefulSet", "kind: PodDisruptionBudget", "name: promoflow-config-");
  }

  private Map<String, Object> service(String name) {
    return ofKind("Service").stream()
        .filter(s -> name(s).equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no Service " + name));
  }

  private String generatorLiteral(String configMap, String key) {
    for (Object g : list(kustomization.get("configMapGenerator"))) {
      if (configMap.equals(map(g).get("name"))) {
        for (Object literal : list(map(g).get("literals"))) {
          String l = String.valueOf(literal);
          if (l.startsWith(key + "=")) {
            return l.substring(key.length() + 1);
          }
        }
      }
    }
    return null;
  }

  private static Map<String, Object> podLabels(Map<String, Object> workload) {
    return map(at(workload, "spec", "template", "metadata", "labels"));
  }

  private static Map<String, Object> container(Map<String, Object> workload) {
    List<Object> containers = list(at(workload, "spec", "template", "spec", "containers"));
    assertThat(containers).as(name(workload)).hasSize(1);
    return map(containers.get(0));
  }

  private static Map<String, Object> env(Map<String, Object> container) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (Object e : list(container.get("env"))) {
      Map<String, Object> entry = map(e);
      out.put(
          String.valueOf(entry.get("name")),
          entry.containsKey("value") ? entry.get("value") : entry.get("valueFrom"));
    }
    return out;
  }
}
