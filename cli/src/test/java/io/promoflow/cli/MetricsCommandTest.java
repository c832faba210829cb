package io.promoflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.promoflow.cli.StubServices.Run;
import java.io.IOException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MetricsCommandTest {

  static final String DORA =
      """
      {"deploymentFrequencyPerDay":0.0666,"leadTimeForChangesP50Ms":7200000,
       "leadTimeForChangesP90Ms":14400000,"changeFailureRate":0.5,"timeToRestoreP50Ms":3600000,
       "approvalWaitP50Ms":1800000,"promotionSuccessRate":0.6667,"promotions":2}
      """;

  StubServices services;

  @BeforeEach
  void start() throws IOException {
    services = new StubServices();
    services.answer(
        "/api/v1/metrics/dora/approval-wait",
        "200",
        "{\"approvalWaitP50Ms\":1800000,\"approvalWaitP90Ms\":5400000}");
  }

  @AfterEach
  void stop() {
    services.close();
  }

  @Test
  void metricsReadsTheConsolesDoraFiguresInEachFormat() {
    services.answer("/api/v1/metrics/dora", "200", DORA);
    Run table =
        services.run("metrics", "--application", "inventory", "--window", "P7D", "--token", "t");
    assertThat(table.exitCode()).isZero();
    assertThat(services.calls.get(0).path())
        .isEqualTo("/api/v1/metrics/dora?stage=PROD&application=inventory&window=P7D");
    assertThat(services.calls.get(0).authorization()).isEqualTo("Bearer t");
    assertThat(table.out())
        .contains("0.07 per day (2 promotions)")
        .contains("p50 2h 0m  p90 4h 0m")
        .contains("50.0 %")
        .contains("approval wait            p50 30m 0s  p90 1h 30m");
    var json = Api.JSON.readTree(services.run("metrics", "-o", "json").out());
    assertThat(json.get("promotions").asLong()).isEqualTo(2);
    assertThat(json.get("approvalWaitP90Ms").asLong()).isEqualTo(5_400_000);
    assertThat(services.run("metrics", "-o", "yaml").out()).contains("changeFailureRate: 0.5");
  }

  @Test
  void anEmptyWindowPrintsDashes() {
    services.answer(
        "/api/v1/metrics/dora",
        "200",
        """
        {"deploymentFrequencyPerDay":0.0,"leadTimeForChangesP50Ms":null,"leadTimeForChangesP90Ms":null,
         "changeFailureRate":null,"timeToRestoreP50Ms":null,"approvalWaitP50Ms":null,
         "promotionSuccessRate":null,"promotions":0}
        """);
    Run run = services.run("metrics", "--stage", "QA");
    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("(0 promotions)").contains("change failure rate      -");
  }

  @Test
  void aBadWindowIsTheConsolesRefusal() {
    services.answer(
        "/api/v1/metrics/dora",
        "400",
        "{\"status\":400,\"detail\":\"window: not an ISO-8601 duration\",\"field\":\"window\"}");
    Run run = services.run("metrics", "--window", "soon");
    assertThat(run.exitCode()).isEqualTo(PromoflowCli.REFUSED);
    assertThat(run.err()).contains("error 400: window: not an ISO-8601 duration");
  }

  @Test
  void oneBaseUrlServesEveryServiceButAnEndpointStillWins() throws IOException {
    String base =
        "http://127.0.0.1:" + services.endpoints.split("=")[1].split(":")[2].split(",")[0];
    // a list route answers an array (one page: no Link header)
    services.answer("/api/v1/notifications", "200", "[]");
    Run viaUrl = StubServices.runPlain("notifications", "p1", "--url", base + "/");
    assertThat(viaUrl.exitCode()).isZero();
    assertThat(services.calls).hasSize(1);
    Run metrics = StubServices.runPlain("metrics", "--url", base);
    assertThat(metrics.exitCode()).isZero();
    // an endpoint named for a service overrides the one base URL
    Run elsewhere =
        StubServices.runPlain(
            "notifications",
            "p1",
            "--url",
            base,
            "--endpoint",
            "NOTIFICATION=" + StubServices.unreachableBase());
    assertThat(elsewhere.exitCode()).isEqualTo(PromoflowCli.UNREACHABLE);
    assertThat(
            new Api("localhost", java.util.Map.of(), null, "http://console:8080/")
                .url(Api.Service.GATE))
        .isEqualTo("http://console:8080");
    assertThat(new Api("h", java.util.Map.of(), null, null).url(Api.Service.CONSOLE))
        .isEqualTo("http://h:8080");
  }

  @Test
  void theBaseUrlComesFromTheSystemPropertyWhenNoOptionIsGiven() throws IOException {
    String base =
        "http://127.0.0.1:" + services.endpoints.split("=")[1].split(":")[2].split(",")[0];
    // a list route answers an array (one page: no Link header)
    services.answer("/api/v1/notifications", "200", "[]");
    System.setProperty("promoflow.api-url", base);
    try {
      Run run = StubServices.runPlain("notifications", "p1");
      assertThat(run.exitCode()).isZero();
      assertThat(services.calls).hasSize(1);
    } finally {
      System.clearProperty("promoflow.api-url");
    }
  }
}
