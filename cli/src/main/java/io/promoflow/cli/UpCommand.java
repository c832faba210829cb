package io.promoflow.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import picocli.CommandLine.Command;

/** {@code promoflow up}: runs the local stack in the foreground until Ctrl-C. */
@Command(
    name = "up",
    mixinStandardHelpOptions = true,
    versionProvider = PromoflowCli.Version.class,
    description = "Run a KRaft broker on localhost:9092 and the six services (Ctrl-C stops them).")
public class UpCommand implements Callable<Integer> {

  @Override
  public Integer call() throws Exception {
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
    Process stack =
        new ProcessBuilder(java, "-jar", jar.toAbsolutePath().toString())
            .directory(home.toFile())
            .inheritIO()
            .start();
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
