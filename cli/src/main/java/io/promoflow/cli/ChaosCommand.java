package io.promoflow.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code promoflow chaos [--kills K] [--builds B] [--seed S]}: local-stack's chaos run ({@code
 * io.promoflow.localstack.Chaos}) in its own JVM, on its own multi-process stack (fresh temporary
 * data, free ports: it runs beside {@code promoflow up}).
 */
@Command(
    name = "chaos",
    mixinStandardHelpOptions = true,
    versionProvider = PromoflowCli.Version.class,
    description =
        "Start a stack of one JVM per process with 2 instances of each service on fresh data and free"
            + " ports, post builds, SIGKILL random service processes (restarting them) and the"
            + " broker once, then check from the topics that nothing was lost or doubled; exit 0"
            + " only then.")
public class ChaosCommand implements Callable<Integer> {

  @Option(names = "--kills", paramLabel = "K", description = "service processes SIGKILLed (10)")
  Integer kills;

  @Option(names = "--builds", paramLabel = "B", description = "builds posted (50)")
  Integer builds;

  @Option(
      names = "--seed",
      paramLabel = "S",
      description = "random seed of the victims and moments (default: the time)")
  Long seed;

  @Option(
      names = "--keep",
      description = "keep the temporary data directory and logs also when the run passes")
  boolean keep;

  @Override
  public Integer call() throws Exception {
    List<String> args = new ArrayList<>();
    if (kills != null) {
      args.addAll(List.of("--kills", kills.toString()));
    }
    if (builds != null) {
      args.addAll(List.of("--builds", builds.toString()));
    }
    if (seed != null) {
      args.addAll(List.of("--seed", seed.toString()));
    }
    if (keep) {
      args.add("--keep");
    }
    return UpCommand.runStack(List.of("-Dloader.main=io.promoflow.localstack.Chaos"), args);
  }
}
