package io.promoflow.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;

/**
 * {@code ./promoflow up --processes [--instances N]} (GitHub issue 14 point 2): the broker in one
 * JVM ({@link BrokerProcess}) and every instance of every service in its own JVM ({@link
 * ServiceProcess}), N instances of each of the six services and one console. A small supervisor: it
 * starts them, waits until every one is healthy and ready, and can SIGKILL and restart any one of
 * them, the broker included (the chaos run, {@link Chaos}). Once started, a process that ends by
 * itself (not killed or stopped by the supervisor) is said on standard error and restarted after a
 * backoff, at most {@link #MAX_RESTARTS} times per process.
 *
 * <p>Ports: instance {@code i} of a service listens on the service's port plus {@code 10000 × i}:
 * 8081–8086 for instance 0, 18081–18086 for instance 1, 28081–28086 for instance 2 (at most 6
 * instances); a service port of 0 gives each instance a free port, chosen once (a restarted
 * instance keeps it). Instance {@code i} has {@code promoflow.instance-id=i}, so its own
 * transactional ids and state directory {@code <home>/state/<service>/<i>}; the instances of a
 * service share their Streams application and route reads to each other (the local profile's
 * internal token). Logs: {@code <home>/logs/broker.log} and {@code <home>/logs/<service>-<i>.log},
 * appended across restarts.
 */
public final class ProcessStack implements AutoCloseable {

  /** At most this many instances per service with fixed ports (port + 10000 × i ≤ 65535). */
  public static final int MAX_INSTANCES = 6;

  /**
   * The JVM options of every child unless {@code promoflow.jvm-options} says otherwise: up to 13
   * JVMs share a small machine, so C1 only (no C2 compilation storms at start), serial GC, small
   * heaps.
   */
  static final String DEFAULT_JVM_OPTIONS =
      "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xss512k -Xmx384m";

  /**
   * One process of the stack: the broker ({@code service} null) or instance {@code instance} of a
   * service.
   */
  public record Member(Service service, int instance, int port) {

    /** {@code broker} or {@code <service>-<instance>}, also the name of its log file. */
    public String name() {
      return service == null ? "broker" : service.label() + "-" + instance;
    }

    public boolean isBroker() {
      return service == null;
    }

    /** {@code http://localhost:<port>}; for the broker its client port. */
    public String url() {
      return "http://localhost:" + port;
    }
  }

  /**
   * Where and how to run.
   *
   * @param stack home, broker ports, service ports of instance 0 (0: free ports) and policy
   * @param instances instances of each service, 1 to {@link #MAX_INSTANCES}
   * @param jvmOptions options of every child JVM
   */
  public record Settings(LocalStack.Settings stack, int instances, List<String> jvmOptions) {

    public Settings {
      if (instances < 1 || instances > MAX_INSTANCES) {
        throw new IllegalArgumentException(
            "--instances: 1 to " + MAX_INSTANCES + ", was " + instances);
      }
      jvmOptions = List.copyOf(jvmOptions);
    }

    /** {@link LocalStack.Settings#from} and {@code promoflow.jvm-options} of {@code properties}. */
    public static Settings from(Properties properties, int instances) {
      String options = properties.getProperty("promoflow.jvm-options", DEFAULT_JVM_OPTIONS).strip();
      return new Settings(
          LocalStack.Settings.from(properties),
          instances,
          options.isEmpty() ? List.of() : List.of(options.split("\\s+")));
    }

    /**
     * The processes: the broker, then instance 0..N-1 of each service with the ports of the scheme
     * above.
     *
     * @throws IllegalArgumentException when a port would exceed 65535
     */
    List<Member> members() {
      List<Member> members = new ArrayList<>();
      members.add(new Member(null, 0, stack.kafkaPort()));
      for (Service s : Service.values()) {
        int base = stack.ports().get(s);
        // one console: it keeps no partitions of its own to share, and people need one address
        int count = s == Service.CONSOLE ? 1 : instances;
        for (int i = 0; i < count; i++) {
          int port = base == 0 ? freePort() : base + 10_000 * i;
          if (port > 65_535) {
            throw new IllegalArgumentException(
                s.label() + "-" + i + ": port " + port + " (" + base + " + 10000 × " + i + ")");
          }
          members.add(new Member(s, i, port));
        }
      }
      return members;
    }
  }

  private final Settings settings;
  private final List<Member> members;
  private final Map<Member, Process> running = new ConcurrentHashMap<>();

  /** Processes this supervisor ended on purpose: their exit is not reported as a crash. */
  private final Set<Process> ended = ConcurrentHashMap.newKeySet();

  /**
   * At most this many restarts of a process that ended by itself, per member: a child that keeps
   * failing (a broken configuration, a full disk) is left down, said once, not restarted forever.
   */
  static final int MAX_RESTARTS = 5;

  /** Wait before the first restart of a member; doubled for each further one, at most 30 s. */
  static final Duration RESTART_BACKOFF = Duration.ofSeconds(1);

  /** Restarts so far of each member that ended by itself. */
  private final Map<Member, Integer> restarts = new ConcurrentHashMap<>();

  /** Whether a process ending by itself is restarted: from the end of {@link #start} to close. */
  private volatile boolean supervising;

  private final java.util.concurrent.ScheduledExecutorService restarter =
      java.util.concurrent.Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "process-stack-supervisor");
            t.setDaemon(true);
            return t;
          });

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private ProcessStack(Settings settings, List<Member> members) {
    this.settings = settings;
    this.members = List.copyOf(members);
  }

  /**
   * Starts the broker, waits for it, then every service instance at once, and waits until each is
   * healthy and ready.
   *
   * @throws IllegalStateException when a process ends or is not ready within {@code timeout};
   *     everything started is stopped again
   */
  public static ProcessStack start(Settings settings, Duration timeout) {
    ProcessStack stack = new ProcessStack(settings, settings.members());
    try {
      Files.createDirectories(stack.home().resolve("logs"));
      // made once, before the instances start in parallel (each reads it)
      LocalStack.attestationKey(stack.home());
      stack.launch(stack.broker());
      stack.awaitReady(stack.broker(), timeout);
      for (Member m : stack.services()) {
        stack.launch(m);
      }
      for (Member m : stack.services()) {
        stack.awaitReady(m, timeout);
      }
      // from here on a process that ends by itself is restarted; during the start it fails it
      stack.supervising = true;
      return stack;
    } catch (IOException e) {
      stack.close();
      throw new UncheckedIOException(e);
    } catch (RuntimeException e) {
      stack.close();
      throw e;
    }
  }

  /** The data directory. */
  public Path home() {
    return settings.stack().home().toAbsolutePath();
  }

  /** The broker's client address. */
  public String bootstrap() {
    return "localhost:" + settings.stack().kafkaPort();
  }

  public Member broker() {
    return members.get(0);
  }

  /** Every service instance, in the order of {@link Service}, instance 0 first. */
  public List<Member> services() {
    return members.subList(1, members.size());
  }

  /** The instances of {@code s}. */
  public List<Member> instances(Service s) {
    return services().stream().filter(m -> m.service() == s).toList();
  }

  /** {@code <home>/logs/<name>.log}. */
  public Path log(Member m) {
    return home().resolve("logs").resolve(m.name() + ".log");
  }

  /**
   * Starts {@code m}'s process (again), its output appended to its log. Does not wait for it.
   *
   * @throws IllegalStateException when it is still running
   */
  public synchronized void launch(Member m) {
    Process previous = running.get(m);
    if (previous != null && previous.isAlive()) {
      throw new IllegalStateException(m.name() + " is still running");
    }
    LocalStack.Settings s = settings.stack();
    List<String> options = new ArrayList<>(settings.jvmOptions());
    options.addAll(
        List.of(
            // the classpath's logback.xml, not a test jar's logback-test.xml
            "-Dlogback.configurationFile=logback.xml",
            "-Dpromoflow.home=" + home(),
            "-Dpromoflow.kafka-port=" + s.kafkaPort(),
            "-Dpromoflow.controller-port=" + s.controllerPort(),
            "-Dpromoflow.policy=" + s.policyLocation()));
    if (m.service() == Service.CONSOLE) {
      // the console calls instance 0 of each service
      options.addAll(
          Service.consoleServiceUrls(
                  service -> "http://localhost:" + instances(service).get(0).port())
              .stream()
              .map(p -> "-D" + p)
              .toList());
    }
    List<String> command =
        m.isBroker()
            ? JavaLauncher.command(BrokerProcess.class.getName(), options, List.of())
            : JavaLauncher.command(
                ServiceProcess.class.getName(),
                options,
                List.of(m.service().label(), "" + m.instance(), "" + m.port()));
    try {
      if (m.isBroker()) {
        Files.deleteIfExists(home().resolve(BrokerProcess.READY_FILE));
      }
      Path log = log(m);
      Files.writeString(
          log,
          "---- " + java.time.Instant.now() + " starting " + m.name() + "\n",
          java.nio.file.StandardOpenOption.CREATE,
          java.nio.file.StandardOpenOption.APPEND);
      Process p =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
              .start();
      running.put(m, p);
      p.onExit().thenAccept(done -> exited(m, done));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + m.name(), e);
    }
  }

  /**
   * {@code m}'s process {@code done} ended. Ended on purpose ({@link #kill}, {@link #close}):
   * nothing. By itself: said, and, once the stack has started, restarted after a backoff (1 s, 2 s,
   * 4 s, … at most 30 s) unless {@link #MAX_RESTARTS} are used up. The restart is skipped when
   * another process of {@code m} was launched meanwhile (by the chaos run) or the stack closed.
   */
  private void exited(Member m, Process done) {
    if (ended.contains(done)) {
      return;
    }
    Path log = log(m);
    int n = restarts.merge(m, 1, Integer::sum);
    if (!supervising) {
      System.err.printf(
          "%s ended unexpectedly (exit %d); its log: %s%n", m.name(), done.exitValue(), log);
      return;
    }
    if (n > MAX_RESTARTS) {
      System.err.printf(
          "%s ended unexpectedly (exit %d) after %d restarts: left down; its log: %s%n",
          m.name(), done.exitValue(), MAX_RESTARTS, log);
      return;
    }
    long delay = Math.min(30_000, RESTART_BACKOFF.toMillis() << Math.min(n - 1, 15));
    System.err.printf(
        "%s ended unexpectedly (exit %d): restart %d of at most %d in %.1f s; its log: %s%n",
        m.name(), done.exitValue(), n, MAX_RESTARTS, delay / 1000.0, log);
    try {
      restarter.schedule(() -> restart(m, done), delay, TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.RejectedExecutionException closing) {
      System.err.printf("%s not restarted: the stack is stopping%n", m.name());
    }
  }

  /** Launches {@code m} again if {@code dead} is still its latest process and the stack runs. */
  private synchronized void restart(Member m, Process dead) {
    if (!supervising || running.get(m) != dead) {
      return;
    }
    try {
      launch(m);
      System.err.printf("%s restarted%n", m.name());
    } catch (RuntimeException e) {
      System.err.printf("%s could not be restarted: %s%n", m.name(), e.getMessage());
    }
  }

  /**
   * How often {@code m} ended by itself (not killed or stopped by this supervisor) since the stack
   * started launching it.
   */
  public int unexpectedExits(Member m) {
    return restarts.getOrDefault(m, 0);
  }

  /** Whether {@code m}'s process ended by itself and the supervisor will start it again. */
  private boolean restartPending(Member m) {
    Process p = running.get(m);
    return supervising
        && p != null
        && !p.isAlive()
        && !ended.contains(p)
        && restarts.getOrDefault(m, 0) <= MAX_RESTARTS;
  }

  /** SIGKILLs {@code m} and waits (at most 30 s) until it is gone. */
  public void kill(Member m) {
    Process p = running.get(m);
    if (p == null) {
      return;
    }
    ended.add(p);
    p.destroyForcibly();
    try {
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException(m.name() + " did not end within 30 s of SIGKILL");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while killing " + m.name(), e);
    }
  }

  /**
   * {@code m}'s current process, e.g. to end it behind the supervisor's back (the chaos run's
   * crash: {@link #kill} would mark it as ended on purpose); empty when it was never launched.
   */
  public java.util.Optional<ProcessHandle> process(Member m) {
    return java.util.Optional.ofNullable(running.get(m)).map(Process::toHandle);
  }

  /** Whether {@code m}'s process is running. */
  public boolean alive(Member m) {
    Process p = running.get(m);
    return p != null && p.isAlive();
  }

  /**
   * Whether {@code m} is running and ready: for the broker its ready file; for a service {@code
   * /actuator/health} and {@code /actuator/health/readiness} UP (every Kafka Streams client RUNNING
   * with queryable stores).
   */
  public boolean ready(Member m) {
    if (!alive(m)) {
      return false;
    }
    if (m.isBroker()) {
      return Files.exists(home().resolve(BrokerProcess.READY_FILE));
    }
    return up(m.url() + "/actuator/health") && up(m.url() + "/actuator/health/readiness");
  }

  /**
   * Waits until {@code m} is {@link #ready}, also across a restart by the supervisor.
   *
   * @throws IllegalStateException when its process ends first and is not restarted, or {@code
   *     timeout} passes
   */
  public void awaitReady(Member m, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!ready(m)) {
      if (!alive(m) && !restartPending(m)) {
        throw new IllegalStateException(
            m.name() + " ended before it was ready; its log: " + log(m));
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            m.name() + " not ready after " + timeout.toSeconds() + " s; its log: " + log(m));
      }
      LockSupport.parkNanos(Duration.ofMillis(250).toNanos());
    }
  }

  private boolean up(String url) {
    try {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build(),
              HttpResponse.BodyHandlers.ofString());
      return r.statusCode() == 200 && r.body().contains("\"UP\"");
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** The one line printed when every process is ready. */
  public String readyLine(Duration took) {
    return String.format(
        Locale.ROOT,
        "Promoflow ready in %.1f s (%d processes): Kafka %s · %s",
        took.toMillis() / 1000.0,
        members.size(),
        bootstrap(),
        services().stream().map(m -> m.name() + " " + m.url()).collect(Collectors.joining(" · ")));
  }

  /**
   * Stops every service instance (SIGTERM, all at once), then the broker; a process that has not
   * ended after 60 s is killed.
   */
  @Override
  public void close() {
    supervising = false;
    restarter.shutdownNow();
    List<Member> order = new ArrayList<>(services());
    Collections.reverse(order);
    for (Member m : order) {
      terminate(m);
    }
    for (Member m : order) {
      await(m);
    }
    terminate(broker());
    await(broker());
  }

  private void terminate(Member m) {
    Process p = running.get(m);
    if (p != null) {
      ended.add(p);
      p.destroy();
    }
  }

  private void await(Member m) {
    Process p = running.get(m);
    if (p == null) {
      return;
    }
    try {
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.destroyForcibly();
    }
  }

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port", e);
    }
  }

  /**
   * The instances argument of {@code up --processes [--instances N]}: 1 unless given.
   *
   * @throws IllegalArgumentException when {@code --instances} has no number
   */
  static int instances(List<String> args) {
    int i = args.indexOf("--instances");
    if (i < 0) {
      return 1;
    }
    try {
      return Integer.parseInt(args.get(i + 1));
    } catch (IndexOutOfBoundsException | NumberFormatException e) {
      throw new IllegalArgumentException("--instances: a number of instances per service");
    }
  }

  /**
   * {@code ./promoflow up --processes [--instances N]}: runs in the foreground until Ctrl-C, with
   * {@link LocalStack.Settings#from} (system properties) as the one-JVM stack.
   */
  public static void main(String[] args) throws InterruptedException {
    long t0 = System.nanoTime();
    ProcessStack stack;
    try {
      Settings settings = Settings.from(System.getProperties(), instances(List.of(args)));
      System.out.println(
          "starting the broker and "
              + (settings.instances() * Service.services().size() + 1)
              + " service processes (the console once); logs in "
              + settings.stack().home().resolve("logs")
              + "/");
      stack = start(settings, Duration.ofSeconds(300));
    } catch (RuntimeException e) {
      System.err.println("Promoflow did not start: " + e.getMessage());
      System.exit(1);
      return;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  System.out.println("Promoflow stopping…");
                  stack.close();
                  stopped.countDown();
                },
                "promoflow-shutdown"));
    System.out.println(stack.readyLine(Duration.ofNanos(System.nanoTime() - t0)));
    System.out.println(
        "Try: ./promoflow demo    (Ctrl-C stops everything; logs per process in "
            + stack.home().resolve("logs")
            + "/)");
    stopped.await();
  }
}
