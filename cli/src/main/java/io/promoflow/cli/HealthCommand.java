package io.promoflow.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code promoflow health report}: what a deployer or monitor tells rollback-service. */
@Command(
    name = "health",
    mixinStandardHelpOptions = true,
    versionProvider = PromoflowCli.Version.class,
    description = "Health of the version running in a stage.",
    subcommands = HealthCommand.Report.class)
public class HealthCommand {

  /** One health report (role ci or monitor); read by the stage's monitoring window. */
  @Command(
      name = "report",
      mixinStandardHelpOptions = true,
      versionProvider = PromoflowCli.Version.class,
      description =
          "Report the health of the version a stage runs, role ci or monitor (POST"
              + " /api/v1/health-reports); 409 when the stage runs another version.")
  static class Report implements Callable<Integer> {

    /** Business impact values rollback-service accepts. */
    enum Impact {
      LOW,
      MEDIUM,
      HIGH
    }

    @Spec CommandSpec spec;

    @Mixin Connection connection;

    @Parameters(index = "0")
    String application;

    @Parameters(index = "1", description = "stage, e.g. STAGING")
    String stage;

    @Parameters(index = "2", description = "the version the stage runs")
    String version;

    @Option(names = "--health-score", required = true, description = "0.0-1.0")
    double healthScore;

    @Option(names = "--error-rate", required = true, description = "0.0-1.0")
    double errorRate;

    @Option(names = "--latency-p99-ms", description = "p99 latency in ms, at least 0")
    Long latencyP99Ms;

    @Option(names = "--critical-anomalies", description = "count, at least 0 (server default 0)")
    Integer criticalAnomalies;

    @Option(names = "--impact", description = "LOW, MEDIUM or HIGH (server default LOW)")
    Impact impact;

    @Override
    public Integer call() {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("application", application);
      body.put("stage", stage);
      body.put("version", version);
      body.put("healthScore", healthScore);
      body.put("errorRate", errorRate);
      body.put("latencyP99Ms", latencyP99Ms);
      body.put("criticalAnomalies", criticalAnomalies);
      body.put("businessImpact", impact == null ? null : impact.name());
      return connection.postAndReport(
          spec,
          Api.Service.ROLLBACK,
          "/api/v1/health-reports",
          body,
          r -> "health of " + application + " " + version + " in " + stage + " reported");
    }
  }
}
