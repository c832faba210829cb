package io.promoflow.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code promoflow reset --yes}: deletes {@code .promoflow/} under the Promoflow home (the local
 * broker's data and the services' stream state), as {@code ./promoflow reset} does. Stop {@code
 * ./promoflow up} first.
 */
@Command(
    name = "reset",
    mixinStandardHelpOptions = true,
    versionProvider = PromoflowCli.Version.class,
    description =
        "Delete .promoflow/ (local broker data and stream state); needs --yes. Stop ./promoflow up"
            + " first.")
public class ResetCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--yes", description = "confirm the deletion")
  boolean yes;

  @Option(
      names = "--home",
      defaultValue = "${env:PROMOFLOW_HOME:-.}",
      description =
          "Promoflow checkout holding .promoflow/ (default ${DEFAULT-VALUE}; env PROMOFLOW_HOME)")
  Path home;

  @Override
  public Integer call() throws IOException {
    Path state = home.resolve(".promoflow");
    if (!yes) {
      spec.commandLine()
          .getErr()
          .println(
              "refusing to delete "
                  + state.toAbsolutePath().normalize()
                  + " without --yes (it holds the local broker's data and stream state)");
      return PromoflowCli.REFUSED;
    }
    if (Files.exists(state)) {
      try (Stream<Path> files = Files.walk(state)) {
        // children before their directory
        files
            .sorted(Comparator.reverseOrder())
            .forEach(
                p -> {
                  try {
                    Files.delete(p);
                  } catch (IOException e) {
                    throw new UncheckedIOException(e);
                  }
                });
      }
    }
    spec.commandLine().getOut().println("removed .promoflow/ (broker data and stream state)");
    spec.commandLine().getOut().flush();
    return PromoflowCli.OK;
  }
}
