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
import tools.jackson.databind.JsonNode;

/** {@code promoflow rollback <application> <stage> [--to <version>]}: a manual rollback request. */
@Command(
    name = "rollback",
    mixinStandardHelpOptions = true,
    versionProvider = PromoflowCli.Version.class,
    description = "Roll a stage back to a known-good version (POST /api/v1/rollbacks).")
public class RollbackCommand implements Callable<Integer> {

  @Mixin Connection connection;

  @Spec CommandSpec spec;

  @Parameters(index = "0")
  String application;

  @Parameters(index = "1")
  String stage;

  @Option(
      names = "--to",
      description = "target version; default: the last version verified in the stage")
  String to;

  @Option(names = "--reason", required = true)
  String reason;

  @Override
  public Integer call() {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("application", application);
    body.put("stage", stage);
    body.put("toVersion", to);
    body.put("reason", reason);
    JsonNode r =
        connection.api().post(Api.Service.ROLLBACK, "/api/v1/rollbacks", body, connection.token);
    spec.commandLine()
        .getOut()
        .println(
            "rollback of "
                + application
                + " "
                + stage
                + " to "
                + r.path("targetVersion").asString()
                + " decided");
    return 0;
  }
}
