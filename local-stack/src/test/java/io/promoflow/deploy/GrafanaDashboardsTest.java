package io.promoflow.deploy;

import static io.promoflow.deploy.DeployFiles.list;
import static io.promoflow.deploy.DeployFiles.map;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The Grafana dashboards are valid, provisioned by docker-compose and query the provisioned data
 * source; {@code DashboardMetricsIT} checks their metric names against a real scrape of every
 * service.
 */
class GrafanaDashboardsTest {

  @Test
  void theTwoDashboardsExistWithPanelsThatEachQueryThePrometheusDataSource() {
    Map<String, Object> source =
        map(
            list(DeployFiles.yaml("deploy/grafana/provisioning/datasources/prometheus.yml")
                    .get("datasources"))
                .get(0));
    Set<String> titles = new HashSet<>();
    Set<String> uids = new HashSet<>();
    for (Path file : GrafanaDashboards.files()) {
      JsonNode d = GrafanaDashboards.read(file);
      titles.add(d.path("title").asString());
      assertThat(uids.add(d.path("uid").asString())).as(file + " uid unique").isTrue();
      assertThat(d.path("panels").size()).as(file + " panels").isPositive();
      Set<Integer> ids = new HashSet<>();
      for (JsonNode panel : d.path("panels")) {
        String name = file.getFileName() + " panel " + panel.path("title").asString();
        assertThat(ids.add(panel.path("id").asInt())).as(name + " id unique").isTrue();
        assertThat(panel.path("gridPos").path("w").asInt()).as(name).isBetween(1, 24);
        assertThat(panel.path("targets").size()).as(name + " queries").isPositive();
        assertThat(panel.path("datasource").path("uid").asString())
            .as(name)
            .isEqualTo(source.get("uid"));
        for (JsonNode t : panel.path("targets")) {
          assertThat(GrafanaDashboards.metrics(t.path("expr").asString()))
              .as(name + ": " + t.path("expr").asString())
              .isNotEmpty();
        }
      }
    }
    assertThat(titles).containsExactlyInAnyOrder("Delivery (DORA)", "Promoflow operations");
  }

  @Test
  void dockerComposeProvisionsTheDashboardsFromTheirDirectory() {
    Map<String, Object> grafana =
        map(map(DeployFiles.yaml("docker-compose.yml").get("services")).get("grafana"));
    Map<String, Object> provider =
        map(
            list(DeployFiles.yaml("deploy/grafana/provisioning/dashboards/promoflow.yml")
                    .get("providers"))
                .get(0));
    String path = String.valueOf(map(provider.get("options")).get("path"));
    assertThat(list(grafana.get("volumes")))
        .contains("./deploy/grafana/dashboards:" + path + ":ro")
        .contains("./deploy/grafana/provisioning:/etc/grafana/provisioning:ro");
  }

  @Test
  void metricNamesAreReadFromPromQl() {
    assertThat(
            GrafanaDashboards.metrics(
                "sum by (outcome, stage) (increase(promoflow_promotion_outcomes_total{stage=~\"$s\"}[1h])) * 60"))
        .containsExactly("promoflow_promotion_outcomes_total");
    assertThat(GrafanaDashboards.metrics("label_values(promoflow_dora_promotions, application)"))
        .containsExactly("promoflow_dora_promotions");
    assertThat(
            GrafanaDashboards.metrics(
                "max by (service) (kafka_consumer_fetch_manager_records_lag_max) / jvm_threads_live_threads"))
        .containsExactlyInAnyOrder(
            "kafka_consumer_fetch_manager_records_lag_max", "jvm_threads_live_threads");
    assertThat(GrafanaDashboards.allMetrics()).contains("promoflow_dora_change_failure_rate");
    assertThat(List.copyOf(GrafanaDashboards.allMetrics())).allMatch(n -> !n.isBlank());
  }
}
