package io.promoflow.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code promoflow}: run the local stack, publish builds, promote, approve, inspect.
 *
 * <p>Exit codes (README "CLI"): {@value #OK} done; {@value #REFUSED} refused or failed (the service
 * answered with an error, a followed promotion did not reach PROMOTED, a check found a problem);
 * {@value #USAGE} bad usage (picocli's, nothing was sent); {@value #UNREACHABLE} a service did not
 * answer (connection refused, timeout), with a one-line message naming its URL.
 */
@Command(
    name = "promoflow",
    mixinStandardHelpOptions = true,
    versionProvider = PromoflowCli.Version.class,
    description = "Event-driven artifact promotion: DEV -> QA -> STAGING -> PROD.",
    footer = {"", "Exit codes: 0 ok, 1 refused or failed, 2 usage, 3 a service is unreachable.%n"},
    subcommands = {
      UpCommand.class,
      ChaosCommand.class,
      DemoCommand.class,
      ResetCommand.class,
      BuildsCommand.class,
      PromoteCommand.class,
      PromotionCommand.class,
      GatesCommand.class,
      ApprovalsCommand.class,
      OverrideCommand.class,
      StatusCommand.class,
      ReleasesCommand.class,
      RollbackCommand.class,
      HoldsCommand.class,
      HealthCommand.class,
      VerificationsCommand.class,
      NotificationsCommand.class,
      MetricsCommand.class,
      AuditCommand.class,
      CompletionCommand.class,
      CommandLine.HelpCommand.class
    })
public class PromoflowCli {

  /** Done. */
  public static final int OK = 0;

  /** Refused or failed: an error answer, a promotion that ended other than PROMOTED. */
  public static final int REFUSED = 1;

  /** Bad usage: unknown option, missing parameter, bad value; nothing was sent. */
  public static final int USAGE = 2;

  /** A service did not answer: connection refused, connect or request timeout. */
  public static final int UNREACHABLE = 3;

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /**
   * The command line with Promoflow's error handling: API errors print the server's reason and exit
   * {@value #REFUSED}; an unreachable service prints its URL and exits {@value #UNREACHABLE}.
   */
  public static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new PromoflowCli());
    cli.setExecutionExceptionHandler(
        (e, cmd, parsed) -> {
          if (e instanceof Api.UnreachableException unreachable) {
            cmd.getErr().println("error: " + unreachable.getMessage());
            return UNREACHABLE;
          }
          if (e instanceof Api.ApiException api) {
            cmd.getErr()
                .println(
                    "error"
                        + (api.status() > 0 ? " " + api.status() : "")
                        + ": "
                        + api.getMessage());
            return REFUSED;
          }
          throw e;
        });
    return cli;
  }

  /** {@code --version} of every command. */
  public static final class Version implements CommandLine.IVersionProvider {

    @Override
    public String[] getVersion() {
      String implementation = PromoflowCli.class.getPackage().getImplementationVersion();
      return new String[] {"promoflow " + (implementation == null ? "0.1.0" : implementation)};
    }
  }
}
