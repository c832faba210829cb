package io.promoflow.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

/** {@code promoflow promotion show|watch <promotionId>}: one promotion from promotion-service. */
@Command(
    name = "promotion",
    mixinStandardHelpOptions = true,
    versionProvider = PromoflowCli.Version.class,
    description = "Show or follow one promotion (GET /api/v1/promotions/{promotionId}).",
    subcommands = {PromotionCommand.Show.class, PromotionCommand.Watch.class})
public class PromotionCommand {

  /** State, artifact, stages, gate score and timeline. */
  @Command(
      name = "show",
      mixinStandardHelpOptions = true,
      versionProvider = PromoflowCli.Version.class,
      description = "State and timeline of a promotion (GET /api/v1/promotions/{promotionId}).")
  static class Show implements Callable<Integer> {

    @Mixin Connection connection;

    @Mixin Output output;

    @Parameters(index = "0", description = "promotion id")
    String promotionId;

    @Override
    public Integer call() {
      JsonNode p =
          connection
              .api()
              .get(Api.Service.PROMOTION, "/api/v1/promotions/" + Api.encode(promotionId));
      output.print(p, out -> print(out, p));
      return PromoflowCli.OK;
    }

    static void print(PrintWriter out, JsonNode p) {
      JsonNode artifact = p.path("artifact");
      out.printf(
          "%s  %s  %s %s  %s -> %s  (%s, requested by %s)%n",
          p.path("promotionId").asString(),
          p.path("state").asString(),
          artifact.path("application").asString(),
          artifact.path("version").asString(),
          p.path("sourceStage").asString("BUILD"),
          p.path("targetStage").asString(),
          p.path("type").asString(),
          p.path("requestedBy").asString());
      out.println("  digest:       " + artifact.path("digest").asString());
      if (!p.path("gateScore").isMissingNode() && !p.path("gateScore").isNull()) {
        out.println("  gate score:   " + p.path("gateScore").asString());
      }
      if (p.path("failedGates").isArray() && !p.path("failedGates").isEmpty()) {
        out.println("  failed gates: " + p.path("failedGates"));
      }
      if (p.path("approvers").isArray() && !p.path("approvers").isEmpty()) {
        out.println("  approvers:    " + p.path("approvers"));
      }
      if (!p.path("targetVerification").isMissingNode() && !p.path("targetVerification").isNull()) {
        out.println("  verification: " + p.path("targetVerification").asString());
      }
      out.println("  timeline:");
      for (JsonNode t : p.path("timeline")) {
        out.println("  " + PromotionWatch.step(t));
      }
    }
  }

  /** Follows the timeline live until a final state. */
  @Command(
      name = "watch",
      mixinStandardHelpOptions = true,
      versionProvider = PromoflowCli.Version.class,
      description = {
        "Follow a promotion live: a line per new timeline step until it ends.",
        "Exit 0 on PROMOTED; 1 on BLOCKED, REJECTED, EXPIRED, FAILED, SUPERSEDED or --timeout."
      })
  static class Watch implements Callable<Integer> {

    @Mixin Connection connection;

    @Mixin Output output;

    @Mixin PromotionWatch.Options follow;

    @Parameters(index = "0", description = "promotion id")
    String promotionId;

    @Override
    public Integer call() {
      // under -o json|yaml stdout carries only the final document: progress goes to stderr
      PrintWriter progress = output.table() ? output.out() : output.mixee.commandLine().getErr();
      PromotionWatch.Outcome outcome =
          PromotionWatch.follow(connection.api(), promotionId, follow, progress);
      if (!output.table() && outcome.promotion() != null) {
        output.print(outcome.promotion(), out -> {});
      }
      return outcome.exitCode();
    }
  }
}
