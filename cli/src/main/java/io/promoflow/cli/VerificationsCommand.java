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

/** {@code promoflow verifications rerun}: a new monitoring window (rollback-service). */
@Command(
    name = "verifications",
    mixinStandardHelpOptions = true,
    versionProvider = PromoflowCli.Version.class,
    description = "Post-promotion verification of a stage.",
    subcommands = VerificationsCommand.Rerun.class)
public class VerificationsCommand {

  /**
   * Reruns the verification of the version a stage runs, e.g. after a window ended inconclusive for
   * lack of health data (role monitor or admin).
   */
  @Command(
      name = "rerun",
      mixinStandardHelpOptions = true,
      versionProvider = PromoflowCli.Version.class,
      description =
          "Open a new monitoring window for the version a stage runs, role monitor or admin (POST"
              + " /api/v1/verifications/rerun).")
  static class Rerun implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Mixin Connection connection;

    @Parameters(index = "0")
    String application;

    @Parameters(index = "1", description = "stage, e.g. STAGING")
    String stage;

    @Option(names = "--reason", required = true, description = "why; recorded with the request")
    String reason;

    @Override
    public Integer call() {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("application", application);
      body.put("stage", stage);
      body.put("reason", reason);
      return connection.postAndReport(
          spec,
          Api.Service.ROLLBACK,
          "/api/v1/verifications/rerun",
          body,
          r ->
              "verification of "
                  + application
                  + " "
                  + r.path("version").asString()
                  + " in "
                  + stage
                  + " rerun requested");
    }
  }
}
