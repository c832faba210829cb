package io.promoflow.localstack;

import io.promoflow.cli.audit.AuditTopicReader;
import io.promoflow.cli.audit.ChainVerifier;
import io.promoflow.cli.audit.EventTopicReader;
import io.promoflow.cli.audit.GateReplay;
import io.promoflow.cli.audit.KafkaConnection;
import io.promoflow.schemas.Topics;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import tools.jackson.databind.JsonNode;

/**
 * {@code ./promoflow chaos [--kills K] [--builds B] [--seed S]} (GitHub issue 14 point 3): its own
 * {@link ProcessStack} with two instances of every service on a fresh data directory (a temporary
 * one unless {@code --home}), free ports and the chaos policy ({@link #POLICY}: the local policy
 * with 6 s monitoring windows and no soak). It drives B builds in lanes, one per application (about
 * 4 builds each, {@link #applications}), each build as CI and a deployer would: posted with the
 * demo's evidence (role ci), reported healthy in DEV, QA and STAGING while each monitoring window
 * is open (an inconclusive window is rerun as a monitor would), and for every {@value
 * #PROD_EVERY}th build PROD requested as {@code dev} and approved by {@code release-manager} or
 * {@code platform-lead}, then reported healthy there. Meanwhile it SIGKILLs a random ready service
 * process K times at seeded random moments (restarting it at once), SIGKILLs and restarts the
 * broker once, and SIGKILLs one process behind the supervisor's back (the supervisor must restart
 * it). Then it waits until every process is ready and the stack is quiescent, and judges from the
 * topics alone as {@code promoflow-audit} ({@link ChaosChecks}), with {@code promoflow audit
 * verify} and {@code audit replay}'s code.
 *
 * <p>The first kill is measured: promotion instance 0 is SIGKILLed and instance 1 is asked for
 * every application until each read answers 200, the time from the kill to that is printed (the
 * other instance serving the killed one's partitions).
 *
 * <p>Last line, exactly: {@code chaos: K kills, B builds accepted, L lost, D duplicated, audit
 * intact, replay identical} ({@code audit BROKEN} / {@code replay DIFFERENT} when so); exit 0 only
 * when L = 0, D = 0, the audit chain is intact and the replay identical.
 */
public final class Chaos {

  /** The chaos run's pipeline policy (its comments say how it differs from the local one). */
  public static final String POLICY = "classpath:io/promoflow/localstack/pipeline-chaos.yaml";

  /** Every this many builds (the 5th, 10th, …) PROD is requested and approved. */
  static final int PROD_EVERY = 5;

  /** How long one step of a build (a stage verified, PROD requested, approved) may take. */
  static final Duration STEP_PATIENCE = Duration.ofSeconds(300);

  /** How long all lanes may still take after the last kill. */
  static final Duration LANES_PATIENCE = Duration.ofMinutes(30);

  /** Time between two reads of a lane's progress. */
  static final Duration POLL = Duration.ofSeconds(1);

  /** At least this long between two reruns of the same window. */
  static final Duration RERUN_SPACING = Duration.ofSeconds(30);

  /** How long a decision without an answer is looked for before it is sent again. */
  static final Duration UNANSWERED_WAIT = Duration.ofSeconds(30);

  /** Starts of the stack tried before the run gives up. */
  static final int START_ATTEMPTS = 3;

  /** How long the topics' end offsets must not move for the stack to be quiescent. */
  static final Duration QUIET = Duration.ofSeconds(10);

  /** How long the stack may take to become quiescent after the lanes finished. */
  static final Duration QUIESCENCE_PATIENCE = Duration.ofSeconds(600);

  private static final tools.jackson.databind.json.JsonMapper JSON =
      tools.jackson.databind.json.JsonMapper.builder().build();

  /**
   * The applications of a run of {@code builds} builds: one lane each, about 4 builds per lane
   * (each lane drives its builds one after the other), at least 6 so that their keys fall on every
   * partition, at most 30.
   */
  static List<String> applications(int builds) {
    int n = Math.max(6, Math.min(30, (builds + 3) / 4));
    List<String> applications = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      applications.add(String.format(Locale.ROOT, "chaos-%02d", i));
    }
    return List.copyOf(applications);
  }

  /** Builds started per second at most (fewer when the kills need a longer span). */
  static final double RATE = 4.0;

  /** At least this long between two kills on average: a restarted JVM needs time to start. */
  static final Duration KILL_SPACING = Duration.ofSeconds(6);

  /**
   * How long a build is retried (another trigger instance, after a pause) before it is given up.
   */
  static final Duration POST_PATIENCE = Duration.ofSeconds(120);

  /**
   * The options.
   *
   * @param home data directory (must not exist yet or be empty); null: a new temporary one
   * @param policy pipeline policy resource, relative paths from the working directory
   * @param keep keep the temporary data directory (and its logs) also when the run passed; it is
   *     always kept when the run failed
   */
  public record Options(int kills, int builds, long seed, Path home, String policy, boolean keep) {

    /**
     * {@code --kills K --builds B --seed S --home DIR --policy LOCATION --keep}; defaults 10, 50,
     * the current time, a temporary directory, {@link #POLICY}.
     *
     * @throws IllegalArgumentException naming the option that is unknown or not a number
     */
    public static Options parse(List<String> args) {
      int kills = 10;
      int builds = 50;
      long seed = System.currentTimeMillis();
      Path home = null;
      String policy = POLICY;
      boolean keep = false;
      for (int i = 0; i < args.size(); i++) {
        String a = args.get(i);
        if (a.equals("--keep")) {
          keep = true;
          continue;
        }
        if (i + 1 >= args.size()) {
          throw new IllegalArgumentException(a + ": a value is missing");
        }
        String v = args.get(++i);
        try {
          switch (a) {
            case "--kills" -> kills = nonNegative(a, Integer.parseInt(v));
            case "--builds" -> builds = nonNegative(a, Integer.parseInt(v));
            case "--seed" -> seed = Long.parseLong(v);
            case "--home" -> home = Path.of(v);
            case "--policy" -> policy = v;
            default -> throw new IllegalArgumentException("unknown option " + a);
          }
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException(a + ": not a number: " + v);
        }
      }
      return new Options(kills, builds, seed, home, policy, keep);
    }

    private static int nonNegative(String option, int value) {
      if (value < 0) {
        throw new IllegalArgumentException(option + ": at least 0, was " + value);
      }
      return value;
    }
  }

  /**
   * A run's outcome.
   *
   * @param takeover time from the SIGKILL of promotion-0 to promotion-1 answering every application
   *     200; null when not measured (no kill)
   */
  public record Result(
      int kills,
      int accepted,
      ChaosChecks checks,
      boolean auditIntact,
      boolean replayIdentical,
      Duration takeover) {

    /** The last line of the run (issue 14's exact form). */
    public String line() {
      return String.format(
          Locale.ROOT,
          "chaos: %d kills, %d builds accepted, %d lost, %d duplicated, audit %s, replay %s",
          kills,
          accepted,
          checks.lost().size(),
          checks.duplicated(),
          auditIntact ? "intact" : "BROKEN",
          replayIdentical ? "identical" : "DIFFERENT");
    }

    /** Nothing lost, nothing doubled, audit chain intact, replay identical. */
    public boolean passed() {
      return checks.lost().isEmpty() && checks.duplicated() == 0 && auditIntact && replayIdentical;
    }
  }

  private final Options options;
  private final PrintStream out;
  private final Random random;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final Set<String> accepted = ConcurrentHashMap.newKeySet();
  private final Set<String> refused = ConcurrentHashMap.newKeySet();
  private final Map<String, String> prod = new ConcurrentHashMap<>();
  private final Set<String> decisions = ConcurrentHashMap.newKeySet();
  private final Set<String> stopped = ConcurrentHashMap.newKeySet();
  private final AtomicInteger reruns = new AtomicInteger();
  private final List<String> applications;
  private final long t0 = System.nanoTime();
  private ProcessStack stack;
  private int kills;

  Chaos(Options options, PrintStream out) {
    this.options = options;
    this.out = out;
    this.random = new Random(options.seed());
    this.applications = applications(options.builds());
  }

  /**
   * Runs the whole chaos run and stops its stack.
   *
   * @throws IllegalStateException when the stack does not start or does not become ready again
   */
  public static Result run(Options options, PrintStream out) {
    return new Chaos(options, out).run();
  }

  Result run() {
    Path home;
    try {
      home =
          options.home() != null
              ? Files.createDirectories(options.home())
              : Files.createTempDirectory("promoflow-chaos-");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot make the chaos run's data directory", e);
    }
    say(
        "seed %d, %d kills, %d builds; data in %s (logs in logs/)",
        options.seed(), options.kills(), options.builds(), home);
    stack = startStack(home);
    // Ctrl-C (or ./promoflow chaos ended by SIGTERM) stops the 13 JVMs too, not only this one
    Thread stopStack = new Thread(stack::close, "chaos-stop-stack");
    Runtime.getRuntime().addShutdownHook(stopStack);
    Result result;
    try {
      say("%d processes ready", stack.services().size() + 1);
      Duration takeover = drive();
      say("every process ready again; waiting for quiescence");
      awaitQuiet();
      result = judge(takeover);
    } finally {
      stack.close();
      try {
        Runtime.getRuntime().removeShutdownHook(stopStack);
      } catch (IllegalStateException shuttingDown) {
        // the hook runs or has run: it closes the stack (again), nothing left to do here
      }
    }
    if (result.passed() && options.home() == null && !options.keep()) {
      deleteRecursively(home);
    } else {
      say("data and logs kept in %s", home);
    }
    return result;
  }

  /**
   * Starts the stack on free ports, at most {@link #START_ATTEMPTS} times: a port found free may be
   * taken by another program before the child binds it (a busy shared machine), and the child then
   * ends before it is ready. A retry takes new free ports and a fresh directory {@code retry-<n>}.
   */
  private ProcessStack startStack(Path home) {
    for (int attempt = 1; ; attempt++) {
      Path dir = attempt == 1 ? home : home.resolve("retry-" + attempt);
      Map<Service, Integer> ports = new EnumMap<>(Service.class);
      for (Service s : Service.values()) {
        ports.put(s, 0);
      }
      LocalStack.Settings base =
          new LocalStack.Settings(
              dir,
              ProcessStack.freePort(),
              ProcessStack.freePort(),
              ports,
              options.policy(),
              List.of());
      ProcessStack.Settings settings =
          new ProcessStack.Settings(
              base, 2, ProcessStack.Settings.from(System.getProperties(), 2).jvmOptions());
      try {
        return ProcessStack.start(settings, Duration.ofSeconds(600));
      } catch (IllegalStateException e) {
        if (attempt >= START_ATTEMPTS) {
          throw e;
        }
        say("the stack did not start (%s); again on new ports in %s", e.getMessage(), dir);
      }
    }
  }

  /**
   * Drives the builds in lanes (one per application, each build of a lane after the previous one
   * finished) while killing; returns the measured takeover time (null without kills).
   */
  private Duration drive() {
    int lanes = Math.min(applications.size(), options.builds());
    // the builds spread over the span, the kills at seeded random moments within it, and the
    // broker's restart in its middle third
    long spanNanos =
        Math.max(
            (long) (options.builds() / RATE * 1e9),
            KILL_SPACING.toNanos() * Math.max(options.kills(), 2));
    long periodNanos = options.builds() == 0 ? 0 : spanNanos / options.builds();
    ExecutorService drivers = Executors.newFixedThreadPool(Math.max(lanes, 1));
    long lanesStart = System.nanoTime();
    for (int lane = 0; lane < lanes; lane++) {
      int first = lane;
      drivers.submit(() -> lane(first, lanes, lanesStart, periodNanos));
    }
    Duration takeover = null;
    if (options.kills() > 0 && lanes > 0) {
      takeover = measureTakeover(applications.subList(0, lanes));
    }
    int kills = options.kills() - this.kills;
    List<Long> killsAt = new ArrayList<>();
    for (int k = 0; k < kills; k++) {
      killsAt.add((long) (random.nextDouble() * spanNanos));
    }
    killsAt.sort(Long::compare);
    long brokerAt = (long) ((0.3 + 0.4 * random.nextDouble()) * spanNanos);
    long crashAt = (long) (random.nextDouble() * spanNanos);
    boolean brokerRestarted = false;
    boolean crashed = false;
    long start = System.nanoTime();
    while (!killsAt.isEmpty() || !brokerRestarted || !crashed) {
      long now = System.nanoTime() - start;
      if (!crashed && now >= crashAt) {
        long before = System.nanoTime();
        crashOne();
        crashed = true;
        start += System.nanoTime() - before;
      } else if (!brokerRestarted && now >= brokerAt) {
        long before = System.nanoTime();
        restartBroker();
        brokerRestarted = true;
        // the schedule resumes where it was: the broker's restart does not bunch the kills
        start += System.nanoTime() - before;
      } else if (!killsAt.isEmpty() && now >= killsAt.get(0)) {
        killsAt.remove(0);
        killOne();
      } else {
        LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
      }
    }
    say("every kill done; waiting for the lanes to finish their builds");
    drivers.shutdown();
    try {
      if (!drivers.awaitTermination(LANES_PATIENCE.toSeconds(), TimeUnit.SECONDS)) {
        say("the lanes did not finish within %d s; stopping them", LANES_PATIENCE.toSeconds());
        drivers.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while driving builds", e);
    }
    say(
        "%d builds posted: %d accepted, %d refused %s; %d PROD requests, %d approval decisions;"
            + " %d inconclusive windows rerun; %d builds stopped %s",
        options.builds(),
        accepted.size(),
        refused.size(),
        refused.isEmpty() ? "" : refused,
        prod.size(),
        decisions.size(),
        reruns.get(),
        stopped.size(),
        stopped.isEmpty() ? "" : stopped);
    for (ProcessStack.Member m : stack.services()) {
      stack.awaitReady(m, Duration.ofSeconds(600));
    }
    return takeover;
  }

  /**
   * Lane {@code first}: builds {@code first}, {@code first + lanes}, … of one application, each
   * posted no earlier than its moment in the span ({@code n × periodNanos} after {@code start}) and
   * not before the previous one finished: a newer build of the application would supersede it.
   */
  private void lane(int first, int lanes, long start, long periodNanos) {
    for (int n = first;
        n < options.builds() && !Thread.currentThread().isInterrupted();
        n += lanes) {
      long due = start + n * periodNanos;
      while (System.nanoTime() < due) {
        LockSupport.parkNanos(Math.min(due - System.nanoTime(), Duration.ofMillis(500).toNanos()));
      }
      try {
        driveBuild(n);
      } catch (RuntimeException e) {
        stopped.add(build(n) + ": " + e);
      }
    }
  }

  /**
   * Build {@code n} as CI and a deployer would: posted, reported healthy in DEV, QA and STAGING
   * (each promotion onward is automatic), and for every {@value #PROD_EVERY}th build PROD requested
   * as {@code dev}, approved by a release manager or platform lead (neither the requester nor the
   * commit author) and reported healthy there.
   */
  private void driveBuild(int n) {
    String application = applications.get(n % applications.size());
    String version = "1.0." + n;
    if (!post(n)) {
      return;
    }
    for (String stage : ChaosChecks.DRIVEN) {
      if (!verify(application, version, stage)) {
        return;
      }
    }
    if (n % PROD_EVERY != PROD_EVERY - 1) {
      return;
    }
    String promotionId = requestProd(application, version);
    if (promotionId == null) {
      return;
    }
    // the two approver roles take turns
    boolean first = (n / PROD_EVERY) % 2 == 0;
    String token = first ? "local-approver-1" : "local-approver-2";
    String approver = first ? "release-manager" : "platform-lead";
    String approvalId = awaitApproval(application, version, promotionId);
    if (approvalId == null || !decide(application, version, approvalId, token, approver)) {
      return;
    }
    verify(application, version, "PROD");
  }

  /**
   * Waits until {@code stage} runs {@code version} verified (PASSED), reporting it healthy once per
   * monitoring window as the deployer after rolling it out (role ci) and rerunning an inconclusive
   * window as a monitor would (its health report came too late, e.g. while the broker restarted).
   * False, with the reason kept, when it fails or {@link #STEP_PATIENCE} passes.
   */
  private boolean verify(String application, String version, String stage) {
    long deadline = System.nanoTime() + STEP_PATIENCE.toNanos();
    boolean report = true;
    long rerunAt = 0;
    String seen = "not seen";
    while (System.nanoTime() < deadline) {
      JsonNode slot = slot(application, stage);
      if (slot != null && version.equals(slot.path("version").asString(null))) {
        seen = slot.path("verification").asString("?");
        switch (seen) {
          case "PASSED" -> {
            return true;
          }
          case "FAILED" -> {
            stopped.add(application + " " + version + ": " + stage + " verification FAILED");
            return false;
          }
          case "PENDING" -> {
            if (report
                && send(
                        rollback(),
                        "/api/v1/health-reports",
                        "local-ci",
                        healthy(application, stage, version))
                    == 202) {
              report = false;
            }
          }
          case "INCONCLUSIVE" -> {
            if (System.nanoTime() - rerunAt > RERUN_SPACING.toNanos()
                && send(
                        rollback(),
                        "/api/v1/verifications/rerun",
                        "local-monitor",
                        String.format(
                            Locale.ROOT,
                            "{\"application\": \"%s\", \"stage\": \"%s\", \"reason\":"
                                + " \"chaos: the deployer's report came after the window\"}",
                            application,
                            stage))
                    == 202) {
              rerunAt = System.nanoTime();
              report = true;
              reruns.incrementAndGet();
            }
          }
          default -> {
            // promoted a moment ago, not yet monitored: the next poll
          }
        }
      }
      LockSupport.parkNanos(POLL.toNanos());
    }
    stopped.add(
        application
            + " "
            + version
            + ": "
            + stage
            + " not verified within "
            + STEP_PATIENCE.toSeconds()
            + " s ("
            + seen
            + ")");
    return false;
  }

  /**
   * Requests PROD for {@code version} as {@code dev} (MANUAL): its promotion id, kept as expected
   * in PROD; null when no trigger instance accepted it within {@link #STEP_PATIENCE}. A request
   * without an answer is sent again: it may have been recorded, and then the later one is the one
   * approved.
   */
  private String requestProd(String application, String version) {
    String body =
        String.format(
            Locale.ROOT,
            "{\"application\": \"%s\", \"version\": \"%s\", \"targetStage\": \"PROD\","
                + " \"type\": \"MANUAL\", \"reason\": \"chaos release\","
                + " \"changeRequestId\": \"CHG-%s-%s\"}",
            application,
            version,
            application,
            version);
    long deadline = System.nanoTime() + STEP_PATIENCE.toNanos();
    List<ProcessStack.Member> triggers = stack.instances(Service.TRIGGER);
    for (int attempt = 0; System.nanoTime() < deadline; attempt++) {
      HttpResponse<String> r =
          call(triggers.get(attempt % triggers.size()), "/api/v1/promotions", "local-dev", body);
      if (r != null && r.statusCode() == 202) {
        String promotionId = json(r.body()).path("promotionId").asString(null);
        if (promotionId != null) {
          prod.put(promotionId, application + " " + version);
          return promotionId;
        }
      } else if (r != null && r.statusCode() < 500) {
        stopped.add(
            application + " " + version + ": PROD request " + r.statusCode() + " " + r.body());
        return null;
      }
      LockSupport.parkNanos(POLL.toNanos());
    }
    stopped.add(application + " " + version + ": PROD request unanswered");
    return null;
  }

  /** The id of the PENDING approval of {@code promotionId}; null after {@link #STEP_PATIENCE}. */
  private String awaitApproval(String application, String version, String promotionId) {
    long deadline = System.nanoTime() + STEP_PATIENCE.toNanos();
    while (System.nanoTime() < deadline) {
      JsonNode approval = approvalOf(promotionId);
      if (approval != null) {
        return approval.path("approvalId").asString(null);
      }
      LockSupport.parkNanos(POLL.toNanos());
    }
    stopped.add(application + " " + version + ": no approval of " + promotionId);
    return null;
  }

  /**
   * Approves {@code approvalId} as {@code approver} ({@code token}). A decision without an answer
   * is not simply sent again (the topic would hold it twice, the topology applying it once): the
   * approval is read until it shows the decision, and only when it does not after {@link
   * #UNANSWERED_WAIT} is the decision sent again.
   */
  private boolean decide(
      String application, String version, String approvalId, String token, String approver) {
    String body = "{\"decision\": \"APPROVE\", \"comment\": \"chaos\"}";
    long deadline = System.nanoTime() + STEP_PATIENCE.toNanos();
    long unansweredAt = 0;
    List<ProcessStack.Member> approvals = stack.instances(Service.APPROVAL);
    for (int attempt = 0; System.nanoTime() < deadline; attempt++) {
      if (unansweredAt != 0) {
        if (decidedBy(approvalId, approver)) {
          decisions.add(approvalId + " by " + approver);
          return true;
        }
        if (System.nanoTime() - unansweredAt < UNANSWERED_WAIT.toNanos()) {
          LockSupport.parkNanos(POLL.toNanos());
          continue;
        }
      }
      HttpResponse<String> r =
          call(
              approvals.get(attempt % approvals.size()),
              "/api/v1/approvals/" + approvalId + "/decisions",
              token,
              body);
      if (r != null && r.statusCode() == 202) {
        decisions.add(approvalId + " by " + approver);
        return true;
      }
      if (r == null || r.statusCode() >= 500) {
        unansweredAt = System.nanoTime();
      } else if (r.statusCode() == 409 && decidedBy(approvalId, approver)) {
        // an earlier attempt's decision, recorded after all
        decisions.add(approvalId + " by " + approver);
        return true;
      } else if (r.statusCode() != 404) {
        // 404: the store on the instance that owns the key has not read the approval yet
        stopped.add(
            application
                + " "
                + version
                + ": decision on "
                + approvalId
                + " "
                + r.statusCode()
                + " "
                + r.body());
        return false;
      }
      LockSupport.parkNanos(POLL.toNanos());
    }
    stopped.add(application + " " + version + ": decision on " + approvalId + " unanswered");
    return false;
  }

  private boolean decidedBy(String approvalId, String approver) {
    JsonNode all = get(stack.instances(Service.APPROVAL), "/api/v1/approvals");
    if (all == null) {
      return false;
    }
    return all.valueStream()
        .filter(a -> approvalId.equals(a.path("approvalId").asString(null)))
        .flatMap(a -> a.path("decisions").valueStream())
        .anyMatch(d -> approver.equals(d.path("approver").asString(null)));
  }

  private JsonNode approvalOf(String promotionId) {
    JsonNode pending = get(stack.instances(Service.APPROVAL), "/api/v1/approvals?status=PENDING");
    if (pending == null) {
      return null;
    }
    return pending
        .valueStream()
        .filter(a -> promotionId.equals(a.path("promotionId").asString(null)))
        .findFirst()
        .orElse(null);
  }

  /** The promotion view's slot of {@code stage}; null when no promotion instance answers 200. */
  private JsonNode slot(String application, String stage) {
    JsonNode app = get(stack.instances(Service.PROMOTION), "/api/v1/applications/" + application);
    return app == null ? null : app.path("stages").path(stage);
  }

  /** A random instance's answer to a read as the local viewer; null unless 200. */
  private JsonNode get(List<ProcessStack.Member> instances, String path) {
    ProcessStack.Member m = instances.get(ThreadLocalRandom.current().nextInt(instances.size()));
    try {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(URI.create(m.url() + path))
                  .header("Authorization", "Bearer local-viewer")
                  .timeout(Duration.ofSeconds(10))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      return r.statusCode() == 200 ? json(r.body()) : null;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  /** POSTs {@code body} as {@code token}: the status, -1 without an answer. */
  private int send(ProcessStack.Member m, String path, String token, String body) {
    HttpResponse<String> r = call(m, path, token, body);
    return r == null ? -1 : r.statusCode();
  }

  /** POSTs {@code body} as {@code token}; null without an answer. */
  private HttpResponse<String> call(ProcessStack.Member m, String path, String token, String body) {
    try {
      return http.send(
          HttpRequest.newBuilder(URI.create(m.url() + path))
              .header("Content-Type", "application/json")
              .header("Authorization", "Bearer " + token)
              .timeout(Duration.ofSeconds(15))
              .POST(HttpRequest.BodyPublishers.ofString(body))
              .build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  private ProcessStack.Member rollback() {
    List<ProcessStack.Member> rollback = stack.instances(Service.ROLLBACK);
    return rollback.get(ThreadLocalRandom.current().nextInt(rollback.size()));
  }

  private static JsonNode json(String body) {
    return JSON.readTree(body);
  }

  /** A healthy report, well inside every stage's thresholds of the chaos policy. */
  static String healthy(String application, String stage, String version) {
    return String.format(
        Locale.ROOT,
        "{\"application\": \"%s\", \"stage\": \"%s\", \"version\": \"%s\","
            + " \"healthScore\": 0.99, \"errorRate\": 0.001, \"latencyP99Ms\": 180,"
            + " \"criticalAnomalies\": 0, \"businessImpact\": \"LOW\"}",
        application,
        stage,
        version);
  }

  /**
   * Kills promotion-0 once {@code applications} can be read from promotion-1, and measures how long
   * until promotion-1 answers every one of them 200 (it then owns the killed instance's partitions,
   * or the restarted instance serves them again).
   */
  private Duration measureTakeover(List<String> applications) {
    List<ProcessStack.Member> promotion = stack.instances(Service.PROMOTION);
    ProcessStack.Member victim = promotion.get(0);
    ProcessStack.Member other = promotion.get(1);
    long deadline = System.nanoTime() + Duration.ofSeconds(300).toNanos();
    while (!applications.stream().allMatch(a -> read(other, a) == 200)) {
      if (System.nanoTime() > deadline) {
        say("takeover not measured: %s does not answer every application", other.name());
        return null;
      }
      LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
    }
    long killed = System.nanoTime();
    stack.kill(victim);
    kills++;
    Set<String> interrupted = new TreeSet<>();
    long answered;
    while (true) {
      boolean all = true;
      for (String a : applications) {
        if (read(other, a) != 200) {
          interrupted.add(a);
          all = false;
        }
      }
      if (all && !interrupted.isEmpty()) {
        answered = System.nanoTime();
        break;
      }
      if (System.nanoTime() - killed > Duration.ofSeconds(120).toNanos()) {
        answered = 0;
        break;
      }
      LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
    }
    stack.launch(victim);
    if (interrupted.isEmpty()) {
      say("takeover not measured: no application was owned by %s", victim.name());
      return null;
    }
    if (answered == 0) {
      say("takeover: %s did not answer %s within 120 s of the SIGKILL", other.name(), interrupted);
      return null;
    }
    Duration took = Duration.ofNanos(answered - killed);
    say(
        "takeover: SIGKILL %s -> %s answers every application 200 after %.1f s (not 200 meanwhile: %d"
            + " of %d)",
        victim.name(),
        other.name(),
        took.toMillis() / 1000.0,
        interrupted.size(),
        applications.size());
    return took;
  }

  /**
   * A crash the supervisor must handle alone: a random ready service process is SIGKILLed behind
   * its back (as the kernel's OOM killer would), not counted as a kill and not restarted here;
   * waits until the supervisor restarted it and it is ready again.
   *
   * @throws IllegalStateException when it is not ready again within 300 s
   */
  private void crashOne() {
    List<ProcessStack.Member> ready = stack.services().stream().filter(stack::ready).toList();
    if (ready.isEmpty()) {
      say("crash skipped: no service process ready");
      return;
    }
    ProcessStack.Member victim = ready.get(random.nextInt(ready.size()));
    ProcessHandle handle = stack.process(victim).orElseThrow();
    long at = System.nanoTime();
    handle.destroyForcibly();
    handle.onExit().join();
    stack.awaitReady(victim, Duration.ofSeconds(300));
    say(
        "crash: %s SIGKILLed behind the supervisor's back; it restarted it, ready again after %.1f s",
        victim.name(), (System.nanoTime() - at) / 1e9);
  }

  /** SIGKILLs a random ready service process and starts it again at once. */
  private void killOne() {
    List<ProcessStack.Member> ready = new ArrayList<>();
    long deadline = System.nanoTime() + Duration.ofSeconds(300).toNanos();
    while (ready.isEmpty()) {
      // the pipeline's processes: the console decides nothing and holds no build (and a seed picks
      // the same victims as before the console existed)
      stack.services().stream()
          .filter(m -> m.service() != Service.CONSOLE)
          .filter(stack::ready)
          .forEach(ready::add);
      if (ready.isEmpty()) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("no service process ready for 300 s");
        }
        LockSupport.parkNanos(Duration.ofMillis(250).toNanos());
      }
    }
    ProcessStack.Member victim = ready.get(random.nextInt(ready.size()));
    stack.kill(victim);
    kills++;
    stack.launch(victim);
    say("kill %d: SIGKILL %s, restarting it", kills, victim.name());
  }

  private void restartBroker() {
    long at = System.nanoTime();
    stack.kill(stack.broker());
    stack.launch(stack.broker());
    stack.awaitReady(stack.broker(), Duration.ofSeconds(300));
    say("broker: SIGKILL and restart, ready again after %.1f s", (System.nanoTime() - at) / 1e9);
  }

  /**
   * Posts build {@code n} until a trigger instance accepts it (202 new, 200 repeat) or refuses it
   * (4xx); no answer or a 5xx is retried on the next instance for {@link #POST_PATIENCE}.
   */
  private boolean post(int n) {
    String application = applications.get(n % applications.size());
    String version = "1.0." + n;
    String body = build(application, version);
    List<ProcessStack.Member> triggers = stack.instances(Service.TRIGGER);
    long deadline = System.nanoTime() + POST_PATIENCE.toNanos();
    for (int attempt = 0; System.nanoTime() < deadline; attempt++) {
      ProcessStack.Member trigger = triggers.get((n + attempt) % triggers.size());
      try {
        HttpResponse<String> r =
            http.send(
                HttpRequest.newBuilder(URI.create(trigger.url() + "/api/v1/builds"))
                    .header("Content-Type", "application/json")
                    .header("Authorization", "Bearer local-ci")
                    .timeout(Duration.ofSeconds(15))
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 202 || r.statusCode() == 200) {
          accepted.add(application + " " + version);
          return true;
        }
        if (r.statusCode() < 500) {
          refused.add(application + " " + version + ": " + r.statusCode() + " " + r.body());
          return false;
        }
      } catch (IOException noAnswer) {
        // killed or not started yet: whether it was recorded is unknown; posting again is safe
        // (same digest: 200)
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
      LockSupport.parkNanos(Duration.ofMillis(500).toNanos());
    }
    refused.add(
        application + " " + version + ": no answer within " + POST_PATIENCE.toSeconds() + " s");
    return false;
  }

  private String build(int n) {
    return applications.get(n % applications.size()) + " 1.0." + n;
  }

  private int read(ProcessStack.Member promotion, String application) {
    try {
      return http.send(
              HttpRequest.newBuilder(
                      URI.create(promotion.url() + "/api/v1/applications/" + application))
                  // the local demo viewer: every read needs a token
                  .header("Authorization", "Bearer local-viewer")
                  .timeout(Duration.ofSeconds(5))
                  .build(),
              HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  /**
   * Waits for quiescence: the end offsets of every topic have not moved for {@link #QUIET} and the
   * topics show everything expected; or, when something expected is still missing, they have not
   * moved for three times that (nothing is in flight any more: what is missing is lost). At most
   * {@link #QUIESCENCE_PATIENCE}; then the topics are judged as they are.
   */
  private void awaitQuiet() {
    KafkaConnection kafka = audit();
    long deadline = System.nanoTime() + QUIESCENCE_PATIENCE.toNanos();
    Map<String, Long> last = Map.of();
    long quietSince = System.nanoTime();
    boolean checked = false;
    while (System.nanoTime() < deadline) {
      Map<String, Long> ends = endOffsets(kafka);
      if (!ends.equals(last)) {
        last = ends;
        quietSince = System.nanoTime();
        checked = false;
      }
      long quiet = System.nanoTime() - quietSince;
      if (quiet >= QUIET.toNanos() && !checked) {
        ChaosChecks checks = checks(kafka);
        if (checks.lost().isEmpty()) {
          say("quiescent: the topics did not move for %d s", QUIET.toSeconds());
          return;
        }
        checked = true;
        say("quiet for %d s, still missing %d: waiting", QUIET.toSeconds(), checks.lost().size());
      }
      if (quiet >= QUIET.toNanos() * 3) {
        say("quiescent: the topics did not move for %d s", QUIET.toSeconds() * 3);
        return;
      }
      LockSupport.parkNanos(Duration.ofSeconds(1).toNanos());
    }
    say(
        "not quiescent within %d s; judging the topics as they are",
        QUIESCENCE_PATIENCE.toSeconds());
  }

  private Map<String, Long> endOffsets(KafkaConnection kafka) {
    Map<String, Long> ends = new java.util.TreeMap<>();
    Map<String, Object> config =
        new java.util.HashMap<>(KafkaIdentities.local().of(KafkaAcls.AUDIT).clientProperties());
    config.put("bootstrap.servers", kafka.bootstrap());
    config.put("isolation.level", "read_committed");
    // assigned partitions, nothing committed: no consumer group
    try (var consumer =
        new org.apache.kafka.clients.consumer.KafkaConsumer<byte[], byte[]>(
            config,
            new org.apache.kafka.common.serialization.ByteArrayDeserializer(),
            new org.apache.kafka.common.serialization.ByteArrayDeserializer())) {
      List<org.apache.kafka.common.TopicPartition> partitions = new ArrayList<>();
      for (var topic : Topics.ALL) {
        consumer.partitionsFor(topic.name(), Duration.ofSeconds(30)).stream()
            .map(p -> new org.apache.kafka.common.TopicPartition(p.topic(), p.partition()))
            .forEach(partitions::add);
      }
      consumer.endOffsets(partitions).forEach((tp, end) -> ends.put(tp.toString(), end));
    }
    return ends;
  }

  private ChaosChecks checks(KafkaConnection kafka) {
    return ChaosChecks.check(
        new ChaosChecks.Expected(accepted, prod, decisions),
        EventTopicReader.read(kafka, Topics.PROMOTIONS),
        EventTopicReader.read(kafka, Topics.NOTIFICATIONS),
        EventTopicReader.read(kafka, Topics.APPROVALS));
  }

  /** The topics' verdict, {@code audit verify} and {@code audit replay}. */
  private Result judge(Duration takeover) {
    KafkaConnection kafka = audit();
    ChaosChecks checks = checks(kafka);
    if (!checks.lost().isEmpty()) {
      checks.lost().forEach(fact -> say("lost: %s", fact));
    }
    checks.duplicates().forEach((fact, n) -> say("duplicated: %s recorded %d times", fact, n));
    List<AuditTopicReader.Read> reads = AuditTopicReader.read(kafka, Topics.AUDIT.name());
    ChainVerifier.Report report =
        ChainVerifier.verify(reads.stream().map(AuditTopicReader.Read::entry).toList());
    say(
        "audit verify: %d records in %d chains, %s",
        report.records(),
        report.chains(),
        report.intact() ? "intact" : "BROKEN " + report.breaks());
    List<org.apache.avro.specific.SpecificRecord> events = new ArrayList<>();
    for (var topic :
        List.of(
            Topics.POLICIES,
            Topics.BUILDS,
            Topics.PROMOTION_REQUESTS,
            Topics.GATE_RESULTS,
            Topics.PROMOTIONS,
            Topics.VERIFICATIONS,
            Topics.ROLLBACKS)) {
      events.addAll(EventTopicReader.read(kafka, topic));
    }
    GateReplay.Result replay = GateReplay.replay(events);
    say(
        "audit replay: %d events, %d gate decisions re-evaluated, %d differences %s",
        events.size(),
        replay.decisions(),
        replay.differences().size(),
        replay.differences().isEmpty() ? "" : replay.differences());
    return new Result(
        kills,
        accepted.size(),
        checks,
        report.intact() && !reads.isEmpty(),
        replay.differences().isEmpty(),
        takeover);
  }

  private KafkaConnection audit() {
    return new KafkaConnection(
        stack.bootstrap(), Optional.of(KafkaIdentities.local().of(KafkaAcls.AUDIT)));
  }

  /**
   * A build with the demo's evidence ({@link io.promoflow.cli.demo.DemoEvidence}: real Surefire,
   * JaCoCo and CycloneDX output of this repository's build and a benchmark summary), which passes
   * every gate of the chaos policy up to PROD, and a commit author who is none of the approvers.
   */
  static String build(String application, String version) {
    String digest;
    try {
      digest =
          "sha256:"
              + HexFormat.of()
                  .formatHex(
                      java.security.MessageDigest.getInstance("SHA-256")
                          .digest((application + version).getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    Map<String, Object> build = new java.util.LinkedHashMap<>();
    build.put("application", application);
    build.put("version", version);
    build.put("digest", digest);
    build.put("uri", "oci://registry.example.com/" + application + "@" + digest);
    build.put("sourceCommit", "c".repeat(40));
    build.put("commitAuthor", "author@chaos.example");
    build.put("repository", "example/" + application);
    build.put("pipelineRunId", "chaos-" + version);
    build.put("buildFinishedAt", Instant.now().toString());
    build.put("evidence", EVIDENCE);
    return JSON.writeValueAsString(build);
  }

  private static final List<Map<String, String>> EVIDENCE =
      io.promoflow.cli.demo.DemoEvidence.evidence();

  private void say(String format, Object... args) {
    out.printf(
        Locale.ROOT,
        "[chaos %6.1f s] %s%n",
        (System.nanoTime() - t0) / 1e9,
        String.format(Locale.ROOT, format, args));
  }

  private static void deleteRecursively(Path dir) {
    try (var paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      System.err.println("could not delete " + dir + ": " + e.getMessage());
    }
  }

  /**
   * {@code ./promoflow chaos …}: prints the run, its last line the verdict; exit 0 only when
   * passed.
   */
  public static void main(String[] args) {
    Options options;
    try {
      options = Options.parse(List.of(args));
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.err.println(
          "usage: promoflow chaos [--kills K] [--builds B] [--seed S] [--home DIR] [--policy LOCATION] [--keep]");
      System.exit(2);
      return;
    }
    // the checks' Kafka clients warn about every partition they stop reading: the run's own lines
    // are the output
    System.setProperty("org.springframework.boot.logging.LoggingSystem", "none");
    ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("org.apache.kafka"))
        .setLevel(ch.qos.logback.classic.Level.ERROR);
    Result result;
    try {
      result = run(options, System.out);
    } catch (RuntimeException e) {
      System.out.println("chaos run failed: " + e.getMessage());
      System.exit(1);
      return;
    }
    System.out.println(result.line());
    System.exit(result.passed() ? 0 : 1);
  }
}
