package io.promoflow.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

/** {@code promoflow status <application>}: what runs in each stage, and the latest promotions. */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    versionProvider = PromoflowCli.Version.class,
    description = "What runs where (GET /api/v1/applications/{application}).")
public class StatusCommand implements Callable<Integer> {

  @Mixin Connection connection;

  @Mixin Output output;

  @Parameters(index = "0")
  String application;

  @Option(
      names = "--history",
      defaultValue = "10",
      description = "promotions to show (default ${DEFAULT-VALUE})")
  int history;

  @Override
  public Integer call() {
    JsonNode app =
        connection.api().get(Api.Service.PROMOTION, "/api/v1/applications/" + application);
    output.print(app, out -> print(out, app, history));
    return 0;
  }

  static void print(PrintWriter out, JsonNode app, int history) {
    out.println(app.path("application").asString());
    for (var e : app.path("stages").properties()) {
      JsonNode s = e.getValue();
      out.printf(
          "  %-8s %-16s %-8s promoted %s%n",
          e.getKey(),
          s.path("version").asString(),
          s.path("verification").asString(),
          s.path("promotedAt").asString());
    }
    JsonNode h = app.path("history");
    if (history > 0 && !h.isEmpty()) {
      out.println("  recent promotions:");
      for (int i = Math.max(0, h.size() - history); i < h.size(); i++) {
        JsonNode p = h.get(i);
        out.printf(
            "    %s %-9s %-10s %s -> %s  %s%n",
            p.path("at").asString(),
            p.path("state").asString(),
            p.path("type").asString(),
            p.path("sourceStage").asString("BUILD"),
            p.path("targetStage").asString(),
            p.path("version").asString());
      }
    }
  }
}
