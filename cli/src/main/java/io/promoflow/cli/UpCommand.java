package io.promoflow.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code promoflow up [--processes [--instances N]]}: runs the local stack in the foreground until
 * Ctrl-C, in one JVM, or with {@code --processes} as one JVM per broker and service instance
 * (local-stack's {@code ProcessStack}).
 */
@Command(
    name = "up",
    mixinStandardHelpOptions = true,
    versionProvider = PromoflowCli.Version.class,
    description =
        "Run a KRaft broker on localhost:9092 and the six services (Ctrl-C stops them); "
            + "--processes: each in its own JVM, logs in .promoflow/logs/.")
public class UpCommand implements Callable<Integer> {

  @Option(
      names = "--processes",
      description =
          "the broker and every service instance as its own JVM (ports: 8081-8086 for instance 0,"
              + " +10000 per further instance: 18081-18086, ...)")
  boolean processes;

  @Option(
      names = "--instances",
      paramLabel = "N",
      description = "with --processes: instances of each service (1-6, default 1)")
  Integer instances;

  @Override
  public Integer call() throws Exception {
    if (instances != null && !processes) {
      System.err.println("--instances needs --processes (one JVM runs one instance of each)");
      return 2;
    }
    List<String> args = new ArrayList<>();
    if (processes) {
      args.add("--processes");
      if (instances != null) {
        args.add("--instances");
        args.add(instances.toString());
      }
    }
    // the one-JVM stack's heap, GC and stack sizes (./promoflow sets them; docs/performance.md
    // "Memory"); with --processes each child JVM has ProcessStack's own options instead
    return runStack(processes ? List.of() : stackJvmOptions(System.getenv()), args);
  }

  /** {@code PROMOFLOW_STACK_JVM_OPTIONS} split at white space; none when unset or blank. */
  static List<String> stackJvmOptions(java.util.Map<String, String> env) {
    String options = env.getOrDefault("PROMOFLOW_STACK_JVM_OPTIONS", "").strip();
    return options.isEmpty() ? List.of() : List.of(options.split("\\s+"));
  }

  /**
   * Runs the local-stack jar's {@code mainClass} (null: its own main, the stack) in the foreground
   * with {@code args}, in {@code PROMOFLOW_HOME}; SIGTERM on Ctrl-C.
   *
   * @param jvmOptions e.g. {@code -Dloader.main=…} to run another main class of the jar
   * @return its exit code
   */
  static int runStack(List<String> jvmOptions, List<String> args)
      throws IOException, InterruptedException {
    Path home = Path.of(System.getenv().getOrDefault("PROMOFLOW_HOME", "."));
    Path jar;
    try (Stream<Path> files = Files.list(home.resolve("local-stack/target"))) {
      jar =
          files
              .filter(p -> p.getFileName().toString().endsWith("-exec.jar"))
              .findFirst()
              .orElseThrow(
                  () ->
                      new IllegalStateException(
                          "local-stack jar missing: run ./mvnw -DskipTests install"));
    }
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new ArrayList<>(List.of(java));
    command.addAll(jvmOptions);
    if (jvmOptions.stream().anyMatch(o -> o.startsWith("-Dloader.main="))) {
      // another main class of the executable jar: Spring Boot's PropertiesLauncher runs it
      command.addAll(
          List.of(
              "-cp",
              jar.toAbsolutePath().toString(),
              "org.springframework.boot.loader.launch.PropertiesLauncher"));
    } else {
      command.addAll(List.of("-jar", jar.toAbsolutePath().toString()));
    }
    command.addAll(args);
    Process stack = new ProcessBuilder(command).directory(home.toFile()).inheritIO().start();
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  stack.destroy();
                  try {
                    stack.waitFor(60, TimeUnit.SECONDS);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                }));
    return stack.waitFor();
  }
}
