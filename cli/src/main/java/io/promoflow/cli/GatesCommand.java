package io.promoflow.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

/** {@code promoflow gates <promotionId>}: gate-service's report of one promotion (any token). */
@Command(
    name = "gates",
    mixinStandardHelpOptions = true,
    versionProvider = PromoflowCli.Version.class,
    description =
        "Each gate's outcome, score and reason (gate-service GET /api/v1/promotions/{promotionId}/gates).")
public class GatesCommand implements Callable<Integer> {

  @Mixin Connection connection;

  @Mixin Output output;

  @Parameters(index = "0", description = "promotion id")
  String promotionId;

  @Override
  public Integer call() {
    JsonNode report =
        connection
            .api()
            .get(Api.Service.GATE, "/api/v1/promotions/" + Api.encode(promotionId) + "/gates");
    output.print(report, out -> print(out, report));
    return PromoflowCli.OK;
  }

  static void print(PrintWriter out, JsonNode r) {
    out.printf(
        "%s  %s  score %d%% (min %d%%)  %s %s  %s -> %s  evaluated %s%n",
        r.path("promotionId").asString(),
        r.path("outcome").asString(),
        r.path("scorePercent").asInt(),
        r.path("minScorePercent").asInt(),
        r.path("application").asString(),
        r.path("version").asString(),
        r.path("sourceStage").asString("BUILD"),
        r.path("targetStage").asString(),
        r.path("evaluatedAt").asString());
    out.println("  policy " + r.path("policyDigest").asString());
    for (JsonNode g : r.path("gates")) {
      out.printf(
          "  %-6s %-28s %3d/%-3d %s%s%n",
          g.path("passed").asBoolean() ? (g.path("warned").asBoolean() ? "WARN" : "PASS") : "FAIL",
          g.path("gate").asString(),
          g.path("score").asInt(),
          g.path("maxScore").asInt(),
          g.path("critical").asBoolean() ? "[critical] " : "",
          g.path("reason").asString());
    }
    for (JsonNode e : r.path("evidence")) {
      out.println("  evidence " + e.asString());
    }
  }
}
