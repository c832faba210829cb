package io.promoflow.benchmarks;

import io.promoflow.localstack.JavaLauncher;
import io.promoflow.localstack.LocalStack;
import io.promoflow.localstack.Service;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * The one-JVM local stack ({@link LocalStack#main}, what {@code ./promoflow up} runs) as a child
 * JVM of the bench, on the bench's home and ports, so that its start is timed as {@code up}'s (from
 * starting the process to its ready line), its memory is its own ({@code VmHWM} of its process),
 * and it can be killed with SIGKILL and started again on the same data (as {@code StackCrashIT}
 * does). Output goes to {@code <log>}, appended across starts.
 */
final class ChildStack implements AutoCloseable {

  private final Path home;
  private final int kafkaPort;
  private final int controllerPort;
  private final Map<Service, Integer> ports;
  private final String policy;
  private final List<String> jvmOptions;
  private final Path log;
  private Process process;

  ChildStack(
      Path home,
      int kafkaPort,
      int controllerPort,
      Map<Service, Integer> ports,
      String policy,
      List<String> jvmOptions,
      Path log) {
    this.home = home;
    this.kafkaPort = kafkaPort;
    this.controllerPort = controllerPort;
    this.ports = Map.copyOf(ports);
    this.policy = policy;
    this.jvmOptions = List.copyOf(jvmOptions);
    this.log = log;
  }

  /**
   * Starts the stack's JVM and waits for its ready line.
   *
   * @return seconds from starting the process to its ready line
   * @throws IllegalStateException when it ends first or is not ready within {@code timeout}
   */
  double start(String label, Duration timeout) {
    if (process != null && process.isAlive()) {
      throw new IllegalStateException("the stack is still running");
    }
    List<String> options = new ArrayList<>(jvmOptions);
    options.addAll(
        List.of(
            "-Dlogback.configurationFile=logback.xml",
            "-Dpromoflow.home=" + home,
            "-Dpromoflow.kafka-port=" + kafkaPort,
            "-Dpromoflow.controller-port=" + controllerPort,
            "-Dpromoflow.ports="
                + ports.entrySet().stream()
                    .map(e -> e.getKey().label() + "=" + e.getValue())
                    .collect(Collectors.joining(",")),
            "-Dpromoflow.policy=" + policy));
    List<String> command = JavaLauncher.command(LocalStack.class.getName(), options, List.of());
    CompletableFuture<Long> ready = new CompletableFuture<>();
    long started = System.nanoTime();
    try {
      Files.writeString(
          log,
          "---- " + label + ": " + String.join(" ", command) + "\n",
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
      process = new ProcessBuilder(command).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the stack", e);
    }
    Process p = process;
    // never an orphaned stack on a shared machine, even when the bench is ended with Ctrl-C
    Runtime.getRuntime().addShutdownHook(new Thread(p::destroyForcibly, "stop-stack-" + label));
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader in =
                      new BufferedReader(
                          new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
                  PrintWriter out =
                      new PrintWriter(
                          Files.newBufferedWriter(
                              log, StandardOpenOption.CREATE, StandardOpenOption.APPEND),
                          true)) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                  if (line.contains("Promoflow ready in")) {
                    ready.complete(System.nanoTime());
                  }
                  out.println(line);
                }
              } catch (IOException e) {
                ready.completeExceptionally(e);
              }
              ready.completeExceptionally(
                  new IllegalStateException(
                      "the stack (" + label + ") ended before it was ready; its output: " + log));
            },
            "stack-output-" + label);
    reader.setDaemon(true);
    reader.start();
    try {
      return (ready.get(timeout.toSeconds(), TimeUnit.SECONDS) - started) / 1e9;
    } catch (TimeoutException e) {
      throw new IllegalStateException(
          "the stack (" + label + ") not ready after " + timeout.toSeconds() + " s: " + log, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
    }
  }

  /** SIGKILL, as {@code kill -9}, and waits until the process is gone. */
  void kill9() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException("the stack did not end within 30 s of SIGKILL");
    }
  }

  /** {@code VmHWM} (peak resident set) of the stack's process in MB; NaN when unreadable. */
  double peakRssMb() {
    return Bench.statusMb(Path.of("/proc", "" + process.pid(), "status"), "VmHWM:");
  }

  /** {@code VmRSS} (resident set now) of the stack's process in MB; NaN when unreadable. */
  double rssMb() {
    return Bench.statusMb(Path.of("/proc", "" + process.pid(), "status"), "VmRSS:");
  }

  /** CPU time (user + system) the stack's process has used so far, seconds; NaN when unreadable. */
  double cpuSeconds() {
    return Cpu.processSeconds(process.pid());
  }

  String bootstrap() {
    return "localhost:" + kafkaPort;
  }

  String url(Service s) {
    return "http://localhost:" + ports.get(s);
  }

  /**
   * SIGTERM (the stack's shutdown hook stops the services, then the broker); SIGKILL after 60 s.
   */
  @Override
  public void close() throws InterruptedException {
    if (process == null) {
      return;
    }
    process.destroy();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }
}
