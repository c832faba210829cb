package io.promoflow.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code promoflow promote <application> <version> <stage>}: a manual or hotfix request (role
 * developer or ci).
 */
@Command(
    name = "promote",
    description = "Request promotion of a recorded build into a stage (POST /api/v1/promotions).")
public class PromoteCommand implements Callable<Integer> {

  @Mixin Connection connection;

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

  @Option(names = "--change-request")
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
    System.out.println(
        "promotion " + id + " requested: " + application + " " + version + " -> " + stage);
    System.out.println(
        "follow it: curl "
            + connection.api().url(Api.Service.PROMOTION)
            + "/api/v1/promotions/"
            + id);
    return 0;
  }
}
