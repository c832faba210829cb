package io.promoflow.localstack;

import io.promoflow.platform.testing.Http;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import tools.jackson.databind.JsonNode;

/**
 * The whole system for an end-to-end test ({@link EndToEndIT}, {@link ReleaseEndToEndIT}): the
 * local stack on free ports with a real KRaft broker and {@code config/pipeline-local.yaml}, plus a
 * deployer thread that reports each listed application healthy once per promotion into a stage, as
 * a deployer does after rolling a version out (a monitoring window without health data never
 * passes).
 */
final class StackUnderTest implements AutoCloseable {

  /** How long a step of the flow may take (the local policy's windows are seconds). */
  static final Duration WAIT = Duration.ofSeconds(60);

  final LocalStack stack;
  final Path home;
  private final ScheduledExecutorService deployer;
  private final Set<String> reported = ConcurrentHashMap.newKeySet();
  private volatile String deployerError;

  private StackUnderTest(LocalStack stack, Path home, List<String> applications) {
    this.stack = stack;
    this.home = home;
    this.deployer = Executors.newSingleThreadScheduledExecutor();
    deployer.scheduleWithFixedDelay(
        () -> applications.forEach(this::reportHealthy), 0, 200, TimeUnit.MILLISECONDS);
  }

  /**
   * Starts the stack (up to 120 s) and the deployer.
   *
   * @param applications the applications the deployer reports healthy in every stage they enter
   */
  static StackUnderTest start(List<String> applications) throws IOException {
    System.setProperty("org.springframework.boot.logging.LoggingSystem", "none");
    Map<Service, Integer> ports = new EnumMap<>(Service.class);
    for (Service s : Service.values()) {
      ports.put(s, 0);
    }
    Path home = Path.of("target", "e2e-" + UUID.randomUUID());
    LocalStack stack =
        LocalStack.start(
            new LocalStack.Settings(
                home,
                freePort(),
                freePort(),
                ports,
                "file:../config/pipeline-local.yaml",
                List.of()),
            Duration.ofSeconds(120));
    return new StackUnderTest(stack, home, applications);
  }

  /**
   * Reports every version whose window is open (verification PENDING) healthy once per promotion
   * into its stage (role ci). Failing reports a test sends still fail a window afterwards.
   */
  private void reportHealthy(String application) {
    try {
      Http.Response r = Http.get(url(Service.PROMOTION, "/api/v1/applications/" + application));
      if (r.status() != 200) {
        return;
      }
      r.json()
          .path("stages")
          .properties()
          .forEach(
              e -> {
                JsonNode slot = e.getValue();
                String key =
                    application
                        + "|"
                        + e.getKey()
                        + "|"
                        + slot.path("version").asString()
                        + "|"
                        + slot.path("promotedAt").asString();
                if ("PENDING".equals(slot.path("verification").asString())
                    && !reported.contains(key)
                    && Http.post(
                                url(Service.ROLLBACK, "/api/v1/health-reports"),
                                "local-ci",
                                Map.of(
                                    "application",
                                    application,
                                    "stage",
                                    e.getKey(),
                                    "version",
                                    slot.path("version").asString(),
                                    "healthScore",
                                    0.99,
                                    "errorRate",
                                    0.001))
                            .status()
                        == 202) {
                  reported.add(key);
                }
              });
    } catch (RuntimeException notReadyYet) {
      // a service still starting: the next run reports (an exception would end the scheduled task);
      // kept for a failure
      deployerError = notReadyYet.toString();
    }
  }

  @Override
  public void close() {
    deployer.shutdownNow();
    stack.close();
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  String url(Service s, String path) {
    return stack.url(s) + path;
  }

  /**
   * Polls promotion-service's {@code GET /api/v1/applications/{application}} until {@code until}
   * holds (at most {@link #WAIT}); the failure names the last answer and the deployer's last error.
   */
  JsonNode awaitApplication(String application, Predicate<JsonNode> until) {
    JsonNode[] app = new JsonNode[1];
    try {
      Awaitility.await()
          .atMost(WAIT)
          .pollInterval(Duration.ofMillis(200))
          .until(
              () -> {
                Http.Response r =
                    Http.get(url(Service.PROMOTION, "/api/v1/applications/" + application));
                app[0] = r.json();
                return r.status() == 200 && until.test(app[0]);
              });
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      throw new AssertionError(
          application + " is " + app[0] + "; the deployer's last error: " + deployerError, e);
    }
    return app[0];
  }

  /** The application runs {@code version} in {@code stage} with that verification state. */
  static Predicate<JsonNode> stage(String stage, String version, String verification) {
    return app ->
        version.equals(app.path("stages").path(stage).path("version").asString(null))
            && verification.equals(
                app.path("stages").path(stage).path("verification").asString(null));
  }

  /** Runs the promoflow CLI in-process: exit code and what it printed. */
  static String[] cli(String... args) {
    // picocli's own writer, not System.out: the stack's services run in this JVM and their
    // logging threads write to System.out, so swapping it would mix their lines into the output
    java.io.StringWriter out = new java.io.StringWriter();
    picocli.CommandLine cli = io.promoflow.cli.PromoflowCli.commandLine();
    cli.setOut(new java.io.PrintWriter(out, true));
    int rc = cli.execute(args);
    return new String[] {String.valueOf(rc), out.toString()};
  }
}
