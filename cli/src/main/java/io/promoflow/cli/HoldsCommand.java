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

/** {@code promoflow holds lift}: rollback-service's holds on a version in a stage. */
@Command(
    name = "holds",
    mixinStandardHelpOptions = true,
    versionProvider = PromoflowCli.Version.class,
    description = "Holds on a version after a rollback.",
    subcommands = HoldsCommand.Lift.class)
public class HoldsCommand {

  /** Lets a held version be promoted into the stage automatically again (role admin). */
  @Command(
      name = "lift",
      mixinStandardHelpOptions = true,
      versionProvider = PromoflowCli.Version.class,
      description =
          "Lift the hold on a version in a stage, role admin (POST /api/v1/holds/lift); 409 when"
              + " it is not held.")
  static class Lift implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Mixin Connection connection;

    @Parameters(index = "0")
    String application;

    @Parameters(index = "1", description = "stage, e.g. PROD")
    String stage;

    @Parameters(index = "2", description = "the held version")
    String version;

    @Option(names = "--reason", required = true, description = "why; recorded as HoldLifted")
    String reason;

    @Override
    public Integer call() {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("application", application);
      body.put("stage", stage);
      body.put("version", version);
      body.put("reason", reason);
      return connection.postAndReport(
          spec,
          Api.Service.ROLLBACK,
          "/api/v1/holds/lift",
          body,
          r -> "hold on " + application + " " + version + " in " + stage + " lifted");
    }
  }
}
