package io.promoflow.deploy;

import static io.promoflow.deploy.DeployFiles.at;
import static io.promoflow.deploy.DeployFiles.list;
import static io.promoflow.deploy.DeployFiles.map;
import static org.assertj.core.api.Assertions.assertThat;

import io.promoflow.platform.testing.RequiresExecutable;
import io.promoflow.schemas.PemKeys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docker-compose.yml runs as written (GitHub issue 14 point 4). No Docker engine or compose on the
 * development machines, so the file is parsed and checked against what {@code docker compose up}
 * needs: images, healthchecks and start order on health, Kafka's data on its volume and its host
 * listener published, secrets only from {@code .env} (every variable in {@code .env.example}, none
 * with a fallback), no {@code local} profile, two promotion-service instances that differ where
 * they must, Prometheus scraping every instance with rules promtool accepts.
 */
class DockerComposeTest {

  /** Services that run once and exit; the others depend on them with completed_successfully. */
  private static final Set<String> ONE_SHOT = Set.of("kafka-setup", "volumes-init");

  /** {@code ${NAME...}} or {@code $NAME}, not the escaped {@code $$}. */
  private static final Pattern VARIABLE =
      Pattern.compile(
          "(?<!\\$)\\$(?:\\{([A-Za-z_][A-Za-z0-9_]*)([^}]*)}|([A-Za-z_][A-Za-z0-9_]*))");

  private final Map<String, Object> compose = DeployFiles.yaml("docker-compose.yml");
  private final Map<String, Object> services = map(compose.get("services"));

  private Map<String, Object> service(String name) {
    return map(services.get(name));
  }

  private Map<String, Object> env(String name) {
    return map(service(name).get("environment"));
  }

  /** The Promoflow services: those started with a server port. */
  private List<String> promoflowServices() {
    return services.keySet().stream().filter(s -> env(s).containsKey("SERVER_PORT")).toList();
  }

  @Test
  void everyServiceHasAnImageAndEveryLongRunningOneAHealthcheck() {
    assertThat(services).containsKeys("kafka", "prometheus", "grafana", "mailpit");
    for (String name : services.keySet()) {
      assertThat(service(name).get("image")).as(name + " image").asString().isNotBlank();
      assertThat(service(name)).as(name).doesNotContainKey("build");
      if (ONE_SHOT.contains(name)) {
        assertThat(service(name).get("restart")).as(name).isEqualTo("on-failure");
        continue;
      }
      Map<String, Object> health = map(service(name).get("healthcheck"));
      assertThat(list(health.get("test"))).as(name + " healthcheck").isNotEmpty();
      assertThat(health).as(name).doesNotContainKey("disable");
    }
  }

  @Test
  void promoflowServicesAreHealthyWhenReady() {
    assertThat(promoflowServices())
        .containsExactlyInAnyOrder(
            "trigger-service",
            "gate-service",
            "promotion-service-0",
            "promotion-service-1",
            "approval-service",
            "rollback-service",
            "notification-service",
            "console-service");
    for (String name : promoflowServices()) {
      String test =
          String.join(
              " ",
              list(at(service(name), "healthcheck", "test")).stream()
                  .map(String::valueOf)
                  .toList());
      assertThat(test)
          .as(name)
          .contains("/actuator/health/readiness")
          .contains("\"status\":\"UP\"");
    }
  }

  @Test
  void startOrderWaitsForHealthOrForTheOneShotsToFinish() {
    for (String name : services.keySet()) {
      Object dependsOn = service(name).get("depends_on");
      if (dependsOn == null) {
        continue;
      }
      // the short form (a list) only waits for the container to start, not to be healthy
      assertThat(dependsOn).as(name + " depends_on").isInstanceOf(Map.class);
      map(dependsOn)
          .forEach(
              (dependency, how) -> {
                assertThat(services).as(name + " depends on").containsKey(dependency);
                String expected =
                    ONE_SHOT.contains(dependency)
                        ? "service_completed_successfully"
                        : "service_healthy";
                assertThat(map(how).get("condition"))
                    .as(name + " -> " + dependency)
                    .isEqualTo(expected);
              });
    }
    for (String name : promoflowServices()) {
      assertThat(map(service(name).get("depends_on")))
          .as(name)
          .containsKeys("kafka", "kafka-setup", "volumes-init");
    }
    assertThat(map(service("kafka-setup").get("depends_on"))).containsKey("kafka");
  }

  @Test
  void everyVariableComesFromEnvExampleWithoutAFallback() {
    Set<String> used = new TreeSet<>();
    // compose interpolates everything but comments
    String withoutComments = DeployFiles.text("docker-compose.yml").replaceAll("(?m)^\\s*#.*$", "");
    Matcher m = VARIABLE.matcher(withoutComments);
    while (m.find()) {
      String name = m.group(1) != null ? m.group(1) : m.group(3);
      used.add(name);
      String modifier = m.group(2) == null ? "" : m.group(2);
      // ${VAR:?message}: compose stops naming VAR when .env lacks it; a default (:- or -) would
      // run with a published value instead
      assertThat(modifier).as("${" + name + modifier + "}").startsWith(":?");
    }
    List<String> example = DeployFiles.envExampleKeys();
    assertThat(example).as(".env.example").containsAll(used).doesNotHaveDuplicates();
    assertThat(used).as("every .env.example key is used").containsAll(example);
  }

  @Test
  void noServiceRunsTheLocalProfileOrItsPublishedSecrets() {
    String text = DeployFiles.text("docker-compose.yml") + DeployFiles.text(".env.example");
    assertThat(text).doesNotContainPattern("local-(ci|dev|admin|promoflow|internal|webhook)");
    assertThat(text).doesNotContainPattern("(?m)^\\S*(TOKEN|PASSWORD|SECRET)[A-Z_]*=\\S");
    for (String name : services.keySet()) {
      String profiles = String.valueOf(env(name).getOrDefault("SPRING_PROFILES_ACTIVE", ""));
      assertThat(profiles.split(",")).as(name).doesNotContain("local");
    }
    for (String name : promoflowServices()) {
      assertThat(env(name).get("SPRING_PROFILES_ACTIVE")).as(name).isEqualTo("deploy");
      assertThat(env(name).get("PROMOFLOW_KAFKA_USERNAME")).as(name).isNotNull();
      assertThat(String.valueOf(env(name).get("PROMOFLOW_KAFKA_PASSWORD")))
          .as(name)
          .startsWith("${");
    }
  }

  @Test
  void theDeployProfileGetsEveryTokenFromTheEnvironment() {
    String profile = DeployFiles.text("deploy/config/promoflow-deploy.yml");
    assertThat(profile).contains("spring.config.activate.on-profile: deploy");
    Matcher m = Pattern.compile("\\$\\{([A-Z0-9_]+)}").matcher(profile);
    Set<String> placeholders = new TreeSet<>();
    while (m.find()) {
      placeholders.add(m.group(1));
    }
    assertThat(placeholders).hasSize(8);
    for (String name : promoflowServices()) {
      assertThat(env(name)).as(name).containsKeys(placeholders.toArray(String[]::new));
      assertThat(String.valueOf(env(name).get("SPRING_CONFIG_ADDITIONAL_LOCATION")))
          .isEqualTo("file:/etc/promoflow/config/promoflow-deploy.yml");
      assertThat(list(service(name).get("volumes")))
          .as(name)
          .contains(
              "./deploy/config:/etc/promoflow/config:ro", "./config:/etc/promoflow/policy:ro");
    }
  }

  @Test
  void kafkaKeepsItsLogOnTheMountedVolume() {
    String logDirs = String.valueOf(env("kafka").get("KAFKA_LOG_DIRS"));
    Map<String, String> mounts = new LinkedHashMap<>();
    for (Object v : list(service("kafka").get("volumes"))) {
      String[] parts = String.valueOf(v).split(":");
      mounts.put(parts[1], parts[0]);
    }
    assertThat(mounts).as("kafka volumes").containsKey(logDirs);
    assertThat(map(compose.get("volumes"))).containsKey(mounts.get(logDirs));
  }

  @Test
  void kafkaAdvertisesItsHostListenerOnThePublishedPort() {
    Map<String, String> listeners = listeners(env("kafka").get("KAFKA_LISTENERS"));
    Map<String, String> advertised = listeners(env("kafka").get("KAFKA_ADVERTISED_LISTENERS"));
    String hostPort = advertised.get("HOST").replaceAll(".*:", "");
    String containerPort = listeners.get("HOST").replaceAll(".*:", "");
    assertThat(advertised.get("HOST")).startsWith("localhost:");
    assertThat(list(service("kafka").get("ports")))
        .as("HOST listener published")
        .contains(hostPort + ":" + containerPort);
    // the containers' listener: the name every service bootstraps from
    assertThat(advertised.get("CLIENT"))
        .isEqualTo("kafka:" + listeners.get("CLIENT").replaceAll(".*:", ""));
    for (String name : promoflowServices()) {
      assertThat(env(name).get("PROMOFLOW_KAFKA_BOOTSTRAP"))
          .as(name)
          .isEqualTo(advertised.get("CLIENT"));
    }
    // every listener authenticates
    for (String protocol :
        String.valueOf(env("kafka").get("KAFKA_LISTENER_SECURITY_PROTOCOL_MAP")).split(",")) {
      assertThat(protocol).endsWith(":SASL_PLAINTEXT");
    }
    assertThat(env("kafka").get("KAFKA_ALLOW_EVERYONE_IF_NO_ACL_FOUND")).isEqualTo("false");
  }

  private static Map<String, String> listeners(Object spec) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String l : String.valueOf(spec).split(",")) {
      String[] nameAddress = l.split("://", 2);
      out.put(nameAddress[0], nameAddress[1]);
    }
    return out;
  }

  @Test
  void theConsoleReachesEveryServiceByItsComposeName() {
    Map<String, Object> console = env("console-service");
    assertThat(console.get("SERVER_PORT")).isEqualTo("8080");
    assertThat(console.get("PROMOFLOW_KAFKA_USERNAME")).isEqualTo("console-service");
    for (String name : promoflowServices()) {
      if (name.equals("console-service") || name.equals("promotion-service-1")) {
        continue;
      }
      String shortName = name.replaceAll("-service(-\\d+)?$", "");
      assertThat(console.get("PROMOFLOW_CONSOLE_SERVICES_" + shortName.toUpperCase()))
          .as(name)
          .isEqualTo("http://" + name + ":" + env(name).get("SERVER_PORT"));
    }
    // kafka-setup makes every principal's credentials, the console's included
    assertThat(env("kafka-setup")).containsKey("PROMOFLOW_KAFKA_PASSWORD_CONSOLE_SERVICE");
  }

  @Test
  void twoPromotionInstancesDifferWhereTheyMust() {
    Map<String, Object> a = env("promotion-service-0");
    Map<String, Object> b = env("promotion-service-1");
    assertThat(service("promotion-service-0").get("image"))
        .isEqualTo(service("promotion-service-1").get("image"));
    assertThat(a.get("PROMOFLOW_INSTANCE_ID")).isNotEqualTo(b.get("PROMOFLOW_INSTANCE_ID"));
    assertThat(a.get("PROMOFLOW_STREAMS_ADVERTISED_HOST")).isEqualTo("promotion-service-0");
    assertThat(b.get("PROMOFLOW_STREAMS_ADVERTISED_HOST")).isEqualTo("promotion-service-1");
    assertThat(a.get("PROMOFLOW_STREAMS_INTERNAL_TOKEN"))
        .isNotNull()
        .isEqualTo(b.get("PROMOFLOW_STREAMS_INTERNAL_TOKEN"));
    assertThat(service("promotion-service-0").get("volumes"))
        .isNotEqualTo(service("promotion-service-1").get("volumes"));
    assertThat(service("promotion-service-0").get("ports"))
        .isNotEqualTo(service("promotion-service-1").get("ports"));
    // every instance of every service has its own instance id within its service
    Set<String> seen = new HashSet<>();
    for (String name : promoflowServices()) {
      String image = String.valueOf(service(name).get("image"));
      assertThat(seen.add(image + "#" + env(name).get("PROMOFLOW_INSTANCE_ID"))).as(name).isTrue();
    }
  }

  @Test
  void promotionsAreSignedAndRollbackReadsPrometheus() {
    for (String name : List.of("promotion-service-0", "promotion-service-1")) {
      assertThat(env(name).get("PROMOFLOW_ATTESTATION_KEY"))
          .isEqualTo("file:/run/secrets/attestation-key");
      assertThat(list(service(name).get("secrets"))).contains("attestation-key");
    }
    assertThat(at(compose, "secrets", "attestation-key", "file"))
        .isEqualTo("./deploy/secrets/attestation.pem");
    assertThat(DeployFiles.text("deploy/secrets/.gitignore")).contains("*");
    assertThat(env("rollback-service").get("PROMOFLOW_MONITORING_PROMETHEUS_URL"))
        .isEqualTo("http://prometheus:9090");
  }

  @Test
  void prometheusScrapesEveryInstanceAndGrafanaReadsPrometheus() {
    Map<String, Object> prometheus = DeployFiles.yaml("deploy/prometheus/prometheus.yml");
    Set<String> targets = new TreeSet<>();
    for (Object job : list(prometheus.get("scrape_configs"))) {
      assertThat(map(job).get("metrics_path")).isEqualTo("/actuator/prometheus");
      for (Object sc : list(map(job).get("static_configs"))) {
        list(map(sc).get("targets")).forEach(t -> targets.add(String.valueOf(t)));
      }
    }
    Set<String> instances = new TreeSet<>();
    for (String name : promoflowServices()) {
      instances.add(name + ":" + env(name).get("SERVER_PORT"));
    }
    assertThat(targets).isEqualTo(instances);
    assertThat(list(prometheus.get("rule_files"))).containsExactly("alerts.yml");
    assertThat(list(service("prometheus").get("volumes")))
        .contains("./deploy/prometheus:/etc/prometheus:ro");

    Map<String, Object> grafana =
        DeployFiles.yaml("deploy/grafana/provisioning/datasources/prometheus.yml");
    Map<String, Object> source = map(list(grafana.get("datasources")).get(0));
    assertThat(source.get("type")).isEqualTo("prometheus");
    assertThat(source.get("url")).isEqualTo("http://prometheus:9090");
    assertThat(list(service("grafana").get("volumes")))
        .contains("./deploy/grafana/provisioning:/etc/grafana/provisioning:ro");
  }

  @Test
  void alertRulesCoverLagDeadLettersFailuresAndStreams() {
    Map<String, Object> alerts = DeployFiles.yaml("deploy/prometheus/alerts.yml");
    List<String> expressions = new ArrayList<>();
    for (Object group : list(alerts.get("groups"))) {
      for (Object rule : list(map(group).get("rules"))) {
        expressions.add(String.valueOf(map(rule).get("expr")));
      }
    }
    // the names the services expose (comments in alerts.yml say where each comes from)
    assertThat(expressions)
        .anyMatch(e -> e.contains("kafka_consumer_fetch_manager_records_lag_max"))
        .anyMatch(e -> e.contains("kafka_producer_topic_record_send_total") && e.contains(".dlt"))
        .anyMatch(e -> e.contains("promoflow_executor_failures_total"))
        .anyMatch(e -> e.contains("resilience4j_retry_calls_total") && e.contains("failed"))
        .anyMatch(e -> e.contains("kafka_stream_client_state"));
  }

  @Test
  @RequiresExecutable("promtool")
  void promtoolAcceptsTheRulesAndTheConfiguration() {
    DeployFiles.Result rules =
        DeployFiles.run(List.of("promtool", "check", "rules", "deploy/prometheus/alerts.yml"));
    assertThat(rules.exitCode()).as(rules.output()).isZero();
    assertThat(rules.output()).contains("SUCCESS");
    DeployFiles.Result config =
        DeployFiles.run(List.of("promtool", "check", "config", "deploy/prometheus/prometheus.yml"));
    assertThat(config.exitCode()).as(config.output()).isZero();
  }

  @Test
  @RequiresExecutable({"bash", "openssl"})
  void makeEnvFillsEverySecretAndMakesAKeyPair(@TempDir Path dir) throws IOException {
    Path envFile = dir.resolve(".env");
    Path keys = dir.resolve("keys");
    DeployFiles.Result made =
        DeployFiles.run(List.of("deploy/make-env.sh", envFile.toString(), keys.toString()));
    assertThat(made.exitCode()).as(made.output()).isZero();
    Map<String, String> values = new LinkedHashMap<>();
    for (String line : Files.readAllLines(envFile)) {
      if (!line.isBlank() && !line.startsWith("#")) {
        values.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1));
      }
    }
    assertThat(values.keySet()).containsExactlyElementsOf(DeployFiles.envExampleKeys());
    values.forEach((k, v) -> assertThat(v).as(k).isNotBlank());
    assertThat(values.get("PROMOFLOW_KAFKA_CLUSTER_ID")).matches("[A-Za-z0-9_-]{22}");
    assertThat(values.get("PROMOFLOW_STREAMS_INTERNAL_TOKEN_PROMOTION").length())
        .isGreaterThanOrEqualTo(16);
    assertThat(values.get("PROMOFLOW_TOKEN_CI")).isNotEqualTo(values.get("PROMOFLOW_TOKEN_ADMIN"));
    // the key pair the promotion-service reads (PKCS#8 EC P-256) and audit verify checks with
    assertThat(PemKeys.readPrivate(Files.readString(keys.resolve("attestation.pem")))).isNotNull();
    assertThat(PemKeys.readPublic(Files.readString(keys.resolve("attestation.pub.pem"))))
        .isNotNull();

    String before = Files.readString(envFile);
    DeployFiles.Result again =
        DeployFiles.run(List.of("deploy/make-env.sh", envFile.toString(), keys.toString()));
    assertThat(again.exitCode()).isZero();
    assertThat(Files.readString(envFile)).as("existing secrets are kept").isEqualTo(before);
  }
}
