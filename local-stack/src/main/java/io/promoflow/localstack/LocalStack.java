package io.promoflow.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Everything on this machine in one process: a real KRaft broker whose data lives under {@code
 * <home>/kafka}, then the six services (profile {@code local}: the documented demo identities) with
 * the local pipeline policy, then the console (port 8080) that calls them. Started by {@code
 * ./promoflow up}; Ctrl-C stops the services, then the broker.
 */
public final class LocalStack implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(LocalStack.class);
  private final KafkaBroker broker;
  private final Map<Service, ConfigurableApplicationContext> services;

  private LocalStack(KafkaBroker broker, Map<Service, ConfigurableApplicationContext> services) {
    this.broker = broker;
    this.services = services;
  }

  /**
   * Where and how to run.
   *
   * @param home data directory (broker log and stream state), kept across restarts
   * @param kafkaPort broker client port; the controller uses {@code controllerPort}
   * @param ports HTTP port per service; 0 picks a free port
   * @param policyLocation pipeline policy resource, e.g. {@code file:config/pipeline-local.yaml}
   * @param extra further properties for every service ({@code key=value})
   */
  public record Settings(
      Path home,
      int kafkaPort,
      int controllerPort,
      Map<Service, Integer> ports,
      String policyLocation,
      List<String> extra) {

    /**
     * The defaults of DESIGN.md: Kafka on 9092, services on 8081–8086, data in {@code .promoflow/}.
     */
    public static Settings defaults() {
      Map<Service, Integer> ports = new EnumMap<>(Service.class);
      for (Service s : Service.values()) {
        ports.put(s, s.defaultPort());
      }
      return new Settings(
          Path.of(".promoflow"), 9092, 9093, ports, "file:config/pipeline-local.yaml", List.of());
    }

    /**
     * {@link #defaults()} with what {@code properties} (the JVM's system properties) override, so
     * that a second stack (a test's) can run beside {@code ./promoflow up} on its own ports and
     * data:
     *
     * <ul>
     *   <li>{@code promoflow.home}: data directory, default {@code .promoflow}
     *   <li>{@code promoflow.kafka-port} and {@code promoflow.controller-port}: default 9092 and
     *       9093; keep them across restarts of one home (the controller's address is recorded in
     *       its log)
     *   <li>{@code promoflow.ports}: one port for every service ({@code 0}: each a free port; the
     *       ready line names them) or {@code <service>=<port>} pairs, e.g. {@code
     *       trigger=18081,gate=0}; unnamed services keep 8081–8086
     *   <li>{@code promoflow.policy}: the pipeline policy, default {@code
     *       file:config/pipeline-local.yaml}
     * </ul>
     *
     * @throws IllegalArgumentException naming the property when a value is not a port or names no
     *     service
     */
    public static Settings from(java.util.Properties properties) {
      Settings d = defaults();
      Map<Service, Integer> ports = new EnumMap<>(d.ports());
      String spec = properties.getProperty("promoflow.ports", "").strip();
      if (spec.matches("\\d+")) {
        int port = port("promoflow.ports", spec);
        ports.replaceAll((s, p) -> port);
      } else if (!spec.isEmpty()) {
        for (String pair : spec.split(",")) {
          String[] kv = pair.strip().split("=", 2);
          Service s =
              java.util.Arrays.stream(Service.values())
                  .filter(x -> x.label().equals(kv[0].strip()))
                  .findFirst()
                  .orElseThrow(
                      () ->
                          new IllegalArgumentException(
                              "promoflow.ports: no service "
                                  + kv[0]
                                  + " ("
                                  + Service.labels()
                                  + ")"));
          ports.put(s, port("promoflow.ports", kv.length == 2 ? kv[1] : ""));
        }
      }
      return new Settings(
          Path.of(properties.getProperty("promoflow.home", d.home().toString())),
          port(
              "promoflow.kafka-port",
              properties.getProperty("promoflow.kafka-port", "" + d.kafkaPort())),
          port(
              "promoflow.controller-port",
              properties.getProperty("promoflow.controller-port", "" + d.controllerPort())),
          ports,
          properties.getProperty("promoflow.policy", d.policyLocation()),
          d.extra());
    }

    private static int port(String property, String value) {
      try {
        int port = Integer.parseInt(value.strip());
        if (port >= 0 && port <= 65535) {
          return port;
        }
      } catch (NumberFormatException e) {
        // reported below with the property's name
      }
      throw new IllegalArgumentException(property + ": not a port (0-65535): " + value);
    }
  }

  /**
   * Starts the broker, then every service in parallel, and waits until each is healthy and ready
   * (every Kafka Streams client RUNNING with queryable stores: health {@code kafkaStreams}).
   *
   * @throws IllegalStateException when a service does not start; everything started is stopped
   *     again
   */
  public static LocalStack start(Settings settings, Duration timeout) {
    long t0 = System.nanoTime();
    KafkaBroker broker =
        KafkaBroker.start(
            settings.home().resolve("kafka"), settings.kafkaPort(), settings.controllerPort());
    // where a start's time goes (a restart after kill -9 is measured against issue 11's 15 s)
    log.info(
        "broker ready (identities applied, transaction coordinator answering) after {} ms",
        millis(t0));
    // made once, before the services start in parallel
    Path attestationKey = attestationKey(settings.home());
    tomcatHome(settings.home());
    Map<Service, ConfigurableApplicationContext> started = new EnumMap<>(Service.class);
    try {
      // The console is told where the six answer. With their ports configured (./promoflow up, the
      // bench) it starts beside them — sequentially it added ~5 s to every start; with a port of 0
      // it waits until the six have theirs.
      boolean portsKnown = Service.services().stream().allMatch(s -> settings.ports().get(s) != 0);
      Map<Service, CompletableFuture<ConfigurableApplicationContext>> starting =
          new EnumMap<>(Service.class);
      for (Service s : Service.services()) {
        starting.put(s, startAsync(s, settings, broker, attestationKey, t0));
      }
      if (portsKnown) {
        starting.put(
            Service.CONSOLE,
            startAsync(
                Service.CONSOLE,
                consoleSettings(settings, s -> "http://localhost:" + settings.ports().get(s)),
                broker,
                attestationKey,
                t0));
      }
      for (Map.Entry<Service, CompletableFuture<ConfigurableApplicationContext>> e :
          starting.entrySet()) {
        try {
          started.put(e.getKey(), e.getValue().join());
        } catch (RuntimeException failed) {
          throw new IllegalStateException(
              e.getKey().label() + " service did not start: " + rootMessage(failed), failed);
        }
      }
      if (!portsKnown) {
        Map<Service, String> urls = new EnumMap<>(Service.class);
        started.forEach(
            (s, context) ->
                urls.put(
                    s,
                    "http://localhost:"
                        + ((WebServerApplicationContext) context).getWebServer().getPort()));
        try {
          started.put(
              Service.CONSOLE,
              startAsync(
                      Service.CONSOLE,
                      consoleSettings(settings, urls::get),
                      broker,
                      attestationKey,
                      t0)
                  .join());
        } catch (RuntimeException failed) {
          throw new IllegalStateException(
              "console service did not start: " + rootMessage(failed), failed);
        }
      }
      LocalStack stack = new LocalStack(broker, started);
      stack.awaitHealthy(timeout, t0);
      return stack;
    } catch (RuntimeException e) {
      started.values().forEach(ConfigurableApplicationContext::close);
      broker.close();
      throw e;
    }
  }

  /** Starts one instance (id 0) of {@code s} on its own thread; logs when its context is up. */
  private static CompletableFuture<ConfigurableApplicationContext> startAsync(
      Service s, Settings settings, KafkaBroker broker, Path attestationKey, long t0) {
    return CompletableFuture.supplyAsync(
        () -> {
          ConfigurableApplicationContext context =
              run(s, settings, broker.bootstrap(), attestationKey, "0", settings.ports().get(s));
          log.info("{} service started after {} ms", s.label(), millis(t0));
          return context;
        });
  }

  /** The console's settings: the stack's, plus where each of the six services answers. */
  private static Settings consoleSettings(
      Settings settings, java.util.function.Function<Service, String> url) {
    List<String> extra = new ArrayList<>(settings.extra());
    extra.addAll(Service.consoleServiceUrls(url));
    return new Settings(
        settings.home(),
        settings.kafkaPort(),
        settings.controllerPort(),
        settings.ports(),
        settings.policyLocation(),
        extra);
  }

  /**
   * The local stack's attestation key pair under {@code <home>/attestation/} (made on first start):
   * promotions are signed with {@code private.pem}; {@code promoflow audit verify --signatures
   * --public-key <home>/attestation/public.pem} checks them.
   */
  static Path attestationKey(Path home) {
    Path dir = home.resolve("attestation");
    Path privateKey = dir.resolve("private.pem");
    try {
      if (!java.nio.file.Files.exists(privateKey)) {
        java.nio.file.Files.createDirectories(dir);
        java.security.KeyPair keys = io.promoflow.schemas.PemKeys.generate();
        java.nio.file.Files.writeString(
            dir.resolve("public.pem"), io.promoflow.schemas.PemKeys.publicPem(keys.getPublic()));
        // the private key last: its presence means the pair is complete
        java.nio.file.Files.writeString(
            privateKey, io.promoflow.schemas.PemKeys.privatePem(keys.getPrivate()));
      }
      return privateKey;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("cannot prepare the attestation key in " + dir, e);
    }
  }

  /**
   * Runs one instance of {@code s} in this JVM.
   *
   * @param instanceId {@code promoflow.instance-id}: its transactional ids and state directory
   *     {@code <home>/state/<service>/<instanceId>}, unique among the instances of {@code s}
   * @param port its HTTP port (0: a free one)
   */
  static ConfigurableApplicationContext run(
      Service s,
      Settings settings,
      String bootstrap,
      Path attestationKey,
      String instanceId,
      int port) {
    List<String> props =
        new ArrayList<>(
            List.of(
                "promoflow.attestation.key=file:" + attestationKey.toAbsolutePath(),
                "promoflow.attestation.key-id=local-stack",
                "spring.kafka.bootstrap-servers=" + bootstrap,
                // each service as its own Kafka principal (docs/identities.md); the password is the
                // documented local one
                "promoflow.kafka.username=" + s.label() + "-service",
                "promoflow.kafka.password="
                    + KafkaIdentities.local().of(s.label() + "-service").password(),
                "server.port=" + port,
                "server.tomcat.basedir="
                    + settings
                        .home()
                        .resolve("tomcat")
                        .resolve(s.label() + "-" + instanceId)
                        .toAbsolutePath(),
                "promoflow.instance-id=" + instanceId,
                "promoflow.policy.location=" + settings.policyLocation(),
                "promoflow.state-dir=" + settings.home().resolve("state").toAbsolutePath(),
                "promoflow.trigger.evidence-dir="
                    + settings.home().resolve("evidence").toAbsolutePath(),
                "spring.profiles.active=local",
                // Micrometer's Logback binder adds a turbo filter to the JVM's one logger context
                // per
                // application context: seven in this JVM, consulted by every isTraceEnabled() of
                // Kafka's hot paths (~7 % of the stack's CPU under load, JFR). A service deployed
                // on
                // its own (its application's main) keeps its one filter and logback_events_total.
                "spring.autoconfigure.exclude="
                    + "org.springframework.boot.micrometer.metrics.autoconfigure.logging.logback"
                    + ".LogbackMetricsAutoConfiguration",
                "spring.main.banner-mode=off"));
    props.addAll(settings.extra());
    // as command-line arguments: they override each service's own configuration file
    return s.builder()
        .registerShutdownHook(false)
        .run(props.stream().map(p -> "--" + p).toArray(String[]::new));
  }

  /**
   * Points Tomcat's JVM-wide {@code catalina.home} at a directory that exists for this stack.
   * Tomcat sets that property from the first server started in a JVM and later servers only {@code
   * mkdirs} it when missing; with services starting in parallel after an earlier stack's directory
   * is gone, two of them race on that {@code mkdirs} and the loser fails to start ("Unable to
   * create the directory … to use as the home directory").
   */
  static void tomcatHome(Path home) {
    try {
      Path dir = Files.createDirectories(home.resolve("tomcat").toAbsolutePath());
      System.setProperty("catalina.home", dir.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create Tomcat's home under " + home, e);
    }
  }

  private void awaitHealthy(Duration timeout, long t0) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    long deadline = System.nanoTime() + timeout.toNanos();
    for (Service s : services.keySet()) {
      while (!healthy(s, http)) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              s.label() + " service not healthy after " + timeout.toSeconds() + " s");
        }
        pause();
      }
      log.info("{} service healthy and ready after {} ms", s.label(), millis(t0));
    }
  }

  private static long millis(long since) {
    return Duration.ofNanos(System.nanoTime() - since).toMillis();
  }

  /**
   * Whether {@code s} is UP and ready: {@code /actuator/health} and its readiness group, which
   * include health {@code kafkaStreams} (every Kafka Streams client RUNNING, its threads alive and
   * its stores queryable).
   */
  private boolean healthy(Service s, HttpClient http) {
    return up(s, http, "/actuator/health") && up(s, http, "/actuator/health/readiness");
  }

  private boolean up(Service s, HttpClient http, String path) {
    try {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(URI.create(url(s) + path))
                  .timeout(Duration.ofSeconds(2))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      return r.statusCode() == 200 && r.body().contains("\"UP\"");
    } catch (java.io.IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for " + s.label(), e);
    }
  }

  private static void pause() {
    java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
  }

  /** {@code http://localhost:<port>} of a service. */
  public String url(Service s) {
    return "http://localhost:"
        + ((WebServerApplicationContext) services.get(s)).getWebServer().getPort();
  }

  /** The broker's bootstrap address. */
  public String bootstrap() {
    return broker.bootstrap();
  }

  /** The one line printed when everything is up. */
  public String readyLine(Duration took) {
    // the console's address first: the one a person needs
    return String.format(
        java.util.Locale.ROOT,
        "%s  Promoflow ready in %.1f s: Kafka %s · %s",
        url(Service.CONSOLE),
        took.toMillis() / 1000.0,
        bootstrap(),
        services.keySet().stream()
            .map(s -> s.label() + " " + url(s))
            .collect(Collectors.joining(" · ")));
  }

  /** Stops the services (in reverse order), then the broker. */
  @Override
  public void close() {
    // in parallel: each context's close is mostly waiting (Kafka Streams' last commit, consumers
    // leaving their groups), and one after the other it took ~40 s; the broker last, so that every
    // client still reaches it
    List<CompletableFuture<Void>> closing = new ArrayList<>();
    services.forEach(
        (s, context) ->
            closing.add(
                CompletableFuture.runAsync(
                    () -> {
                      try {
                        context.close();
                      } catch (RuntimeException e) {
                        log.warn("{} service did not stop cleanly: {}", s.label(), e.toString());
                      }
                    })));
    closing.forEach(CompletableFuture::join);
    broker.close();
  }

  private static String rootMessage(Throwable t) {
    Throwable root = t;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage();
  }

  /**
   * {@code ./promoflow up}: runs in the foreground until Ctrl-C, with {@link Settings#defaults()}
   * unless system properties override them ({@link Settings#from}), e.g. {@code java
   * -Dpromoflow.home=target/x -Dpromoflow.kafka-port=19092 -Dpromoflow.controller-port=19093
   * -Dpromoflow.ports=0 -jar local-stack-…-exec.jar}. With {@code --processes [--instances N]} the
   * broker and every service instance run as their own JVMs instead ({@link ProcessStack}).
   */
  public static void main(String[] args) throws InterruptedException {
    if (List.of(args).contains("--processes")) {
      // ./promoflow up --processes [--instances N]: one JVM per process
      ProcessStack.main(args);
      return;
    }
    long t0 = System.nanoTime();
    // six services in one process: logback is configured once (logback.xml), not by each Spring
    // Boot application
    System.setProperty("org.springframework.boot.logging.LoggingSystem", "none");
    org.slf4j.bridge.SLF4JBridgeHandler.removeHandlersForRootLogger();
    org.slf4j.bridge.SLF4JBridgeHandler.install();
    LocalStack stack;
    Settings settings;
    try {
      settings = Settings.from(System.getProperties());
      stack = start(settings, Duration.ofSeconds(120));
    } catch (RuntimeException e) {
      System.err.println("Promoflow did not start: " + rootMessage(e));
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
        "Try: ./promoflow demo    (Ctrl-C stops everything; data stays in "
            + settings.home()
            + "/, ./promoflow reset wipes .promoflow/)");
    stopped.await();
  }
}
