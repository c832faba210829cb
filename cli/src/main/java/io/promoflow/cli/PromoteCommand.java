package io.promoflow.cli;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code promoflow promote <application> <version> <stage>}: a manual or hotfix request (role
 * developer or ci).
 */
@Command(
    name = "promote",
    mixinStandardHelpOptions = true,
    versionProvider = PromoflowCli.Version.class,
    description = "Request promotion of a recorded build into a stage (POST /api/v1/promotions).")
public class PromoteCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin Connection connection;

  @Option(
      names = "--wait",
      description =
          "follow the promotion until it ends (as promotion watch): exit 0 on PROMOTED, 1 otherwise")
  boolean wait;

  @Mixin PromotionWatch.Options follow;

  @Parameters(index = "0")
  String application;

  @Parameters(index = "1")
  String version;

  @Parameters(index = "2", description = "target stage, e.g. PROD")
  String stage;

  @Option(names = "--hotfix", description = "follow the policy's hotfix path for --urgency")
  boolean hotfix;

  @Option(names = "--urgency", description = "LOW, MEDIUM, HIGH or CRITICAL")
  String urgency;

  @Option(names = "--reason")
  String reason;

  @Option(
      names = "--change-request",
      description =
          "change request id (changeRequestId); required into production by default"
              + " (policy transitions[].changeRequest)")
  String changeRequest;

  @Override
  public Integer call() {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("application", application);
    body.put("version", version);
    body.put("targetStage", stage);
    body.put("type", hotfix ? "HOTFIX" : "MANUAL");
    body.put("urgency", urgency);
    body.put("reason", reason);
    body.put("changeRequestId", changeRequest);
    String id =
        connection
            .api()
            .post(Api.Service.TRIGGER, "/api/v1/promotions", body, connection.token)
            .path("promotionId")
            .asString();
    PrintWriter out = spec.commandLine().getOut();
    out.println("promotion " + id + " requested: " + application + " " + version + " -> " + stage);
    if (!wait) {
      out.println("follow it: promoflow promotion watch " + id);
      out.flush();
      return PromoflowCli.OK;
    }
    out.flush();
    return PromotionWatch.follow(connection.api(), id, follow, out).exitCode();
  }
}
