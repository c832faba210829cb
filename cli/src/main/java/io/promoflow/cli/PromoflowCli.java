package io.promoflow.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code promoflow}: run the local stack, publish builds, promote, approve, inspect. */
@Command(
    name = "promoflow",
    mixinStandardHelpOptions = true,
    version = "promoflow 0.1.0",
    description = "Event-driven artifact promotion: DEV -> QA -> STAGING -> PROD.",
    subcommands = {
      UpCommand.class,
      ChaosCommand.class,
      DemoCommand.class,
      BuildsCommand.class,
      PromoteCommand.class,
      ApprovalsCommand.class,
      StatusCommand.class,
      RollbackCommand.class,
      AuditCommand.class,
      CommandLine.HelpCommand.class
    })
public class PromoflowCli {

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /**
   * The command line with Promoflow's error handling: API errors print the server's reason and exit
   * 1.
   */
  public static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new PromoflowCli());
    cli.setExecutionExceptionHandler(
        (e, cmd, parsed) -> {
          if (e instanceof Api.ApiException api) {
            cmd.getErr()
                .println(
                    "error"
                        + (api.status() > 0 ? " " + api.status() : "")
                        + ": "
                        + api.getMessage());
            return 1;
          }
          throw e;
        });
    return cli;
  }
}
