package io.promoflow.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code promoflow metrics}: the DORA metrics of a stage from the console (GET
 * /api/v1/metrics/dora, docs/dora-metrics.md), with the approval wait's 90th percentile.
 */
@Command(
    name = "metrics",
    mixinStandardHelpOptions = true,
    versionProvider = PromoflowCli.Version.class,
    description =
        "DORA metrics of a stage over a window, computed by the console from the event log (console"
            + " GET /api/v1/metrics/dora): deployment frequency, lead time for changes, change"
            + " failure rate, time to restore, approval wait, promotion success rate.")
public class MetricsCommand implements Callable<Integer> {

  @Mixin Connection connection;

  @Mixin Output output;

  @Option(
      names = "--application",
      description = "one application (default: every application together)")
  String application;

  @Option(
      names = "--stage",
      defaultValue = "PROD",
      description = "the stage promotions go into (default: ${DEFAULT-VALUE})")
  String stage;

  @Option(
      names = "--window",
      description =
          "ISO-8601 duration ending now, e.g. P7D or PT12H (default: the console's, P30D)")
  String window;

  @Override
  public Integer call() {
    List<String> query = new ArrayList<>();
    query.add("stage=" + Api.encode(stage));
    if (application != null && !application.isBlank()) {
      query.add("application=" + Api.encode(application));
    }
    if (window != null && !window.isBlank()) {
      query.add("window=" + Api.encode(window));
    }
    String q = "?" + String.join("&", query);
    Api api = connection.api();
    JsonNode dora = api.get(Api.Service.CONSOLE, "/api/v1/metrics/dora" + q);
    JsonNode wait = api.get(Api.Service.CONSOLE, "/api/v1/metrics/dora/approval-wait" + q);
    ObjectNode document = ((ObjectNode) dora).deepCopy();
    document.set("approvalWaitP90Ms", wait.path("approvalWaitP90Ms"));
    output.print(document, out -> print(out, document, application, stage, window));
    return PromoflowCli.OK;
  }

  static void print(PrintWriter out, JsonNode d, String application, String stage, String window) {
    out.printf(
        "DORA metrics of %s in %s over %s%n",
        application == null ? "every application" : application,
        stage,
        window == null ? "the last 30 days" : window);
    out.printf(
        "  %-24s %s per day (%d promotions)%n",
        "deployment frequency",
        String.format("%.2f", d.path("deploymentFrequencyPerDay").asDouble()),
        d.path("promotions").asLong());
    out.printf(
        "  %-24s p50 %s  p90 %s%n",
        "lead time for changes",
        duration(d.path("leadTimeForChangesP50Ms")),
        duration(d.path("leadTimeForChangesP90Ms")));
    out.printf("  %-24s %s%n", "change failure rate", percent(d.path("changeFailureRate")));
    out.printf("  %-24s p50 %s%n", "time to restore", duration(d.path("timeToRestoreP50Ms")));
    out.printf(
        "  %-24s p50 %s  p90 %s%n",
        "approval wait",
        duration(d.path("approvalWaitP50Ms")),
        duration(d.path("approvalWaitP90Ms")));
    out.printf("  %-24s %s%n", "promotion success rate", percent(d.path("promotionSuccessRate")));
  }

  /** A duration in ms as {@code 1d 2h 3m}, {@code 4m 5s} or {@code -} when unknown. */
  static String duration(JsonNode ms) {
    if (ms == null || !ms.isNumber()) {
      return "-";
    }
    Duration d = Duration.ofMillis(ms.asLong());
    if (d.toDays() > 0) {
      return d.toDays() + "d " + d.toHoursPart() + "h " + d.toMinutesPart() + "m";
    }
    if (d.toHours() > 0) {
      return d.toHours() + "h " + d.toMinutesPart() + "m";
    }
    return d.toMinutes() + "m " + d.toSecondsPart() + "s";
  }

  static String percent(JsonNode rate) {
    return rate == null || !rate.isNumber() ? "-" : String.format("%.1f %%", rate.asDouble() * 100);
  }
}
