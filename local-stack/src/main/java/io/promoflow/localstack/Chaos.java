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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code ./promoflow chaos [--kills K] [--builds B] [--seed S]} (GitHub issue 14 point 3): its own
 * {@link ProcessStack} with two instances of every service on a fresh data directory (a temporary
 * one unless {@code --home}) and free ports; posts B builds (role ci, spread over six applications)
 * so that each enters DEV, SIGKILLs a random ready service process K times at seeded random moments
 * while they are posted (restarting it at once), SIGKILLs and restarts the broker once, waits until
 * everything is ready again and the topics are quiet, then judges from the topics alone as {@code
 * promoflow-audit} ({@link ChaosChecks}) and runs {@code promoflow audit verify} and {@code audit
 * replay}'s code on them.
 *
 * <p>The first kill is measured: promotion instance 0 is SIGKILLed and instance 1 is asked for
 * every application until each read answers 200, the time from the kill to that is printed (the
 * other instance serving the killed one's partitions).
 *
 * <p>Last line, exactly: {@code chaos: K kills, B builds accepted, L lost, D duplicated, audit
 * intact, replay identical} ({@code audit BROKEN} / {@code replay DIFFERENT} when so); exit 0 only
 * when L = 0, D = 0, the audit chain is intact and the replay identical. Builds go through DEV
 * only: without evidence and health reports the pipeline stops there (QA's gates need evidence).
 */
public final class Chaos {

  /** Applications the builds are spread over: their keys fall on every partition. */
  static final List<String> APPLICATIONS =
      List.of("chaos-a", "chaos-b", "chaos-c", "chaos-d", "chaos-e", "chaos-f");

  /** Builds posted per second at most (fewer when the kills need a longer span). */
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
     * the current time, a temporary directory, {@code file:config/pipeline-local.yaml}.
     *
     * @throws IllegalArgumentException naming the option that is unknown or not a number
     */
    public static Options parse(List<String> args) {
      int kills = 10;
      int builds = 50;
      long seed = System.currentTimeMillis();
      Path home = null;
      String policy = "file:config/pipeline-local.yaml";
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
  private final long t0 = System.nanoTime();
  private ProcessStack stack;
  private int kills;

  Chaos(Options options, PrintStream out) {
    this.options = options;
    this.out = out;
    this.random = new Random(options.seed());
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
    Map<Service, Integer> ports = new EnumMap<>(Service.class);
    for (Service s : Service.values()) {
      ports.put(s, 0);
    }
    LocalStack.Settings base =
        new LocalStack.Settings(
            home,
            ProcessStack.freePort(),
            ProcessStack.freePort(),
            ports,
            options.policy(),
            List.of());
    ProcessStack.Settings settings =
        new ProcessStack.Settings(
            base, 2, ProcessStack.Settings.from(System.getProperties(), 2).jvmOptions());
    say(
        "seed %d, %d kills, %d builds; data in %s (logs in logs/)",
        options.seed(), options.kills(), options.builds(), home);
    stack = ProcessStack.start(settings, Duration.ofSeconds(600));
    Result result;
    try {
      say("%d processes ready", stack.services().size() + 1);
      Duration takeover = drive();
      say("every process ready again; waiting for quiescence");
      awaitQuiet();
      result = judge(takeover);
    } finally {
      stack.close();
    }
    if (result.passed() && options.home() == null && !options.keep()) {
      deleteRecursively(home);
    } else {
      say("data and logs kept in %s", home);
    }
    return result;
  }

  /** Posts the builds while killing; returns the measured takeover time (null without kills). */
  private Duration drive() {
    ExecutorService posters = Executors.newFixedThreadPool(6);
    int n = 0;
    Duration takeover = null;
    // the takeover measurement needs every application in the promotion service's stores first
    int first = Math.min(APPLICATIONS.size(), options.builds());
    for (; n < first; n++) {
      int build = n;
      posters.submit(() -> post(build));
    }
    if (options.kills() > 0 && first == APPLICATIONS.size()) {
      takeover = measureTakeover();
    }
    int kills = options.kills() - this.kills;
    int rest = options.builds() - n;
    // the builds spread over the span, the kills at seeded random moments within it, and the
    // broker's restart in its middle third
    long spanNanos =
        Math.max((long) (rest / RATE * 1e9), KILL_SPACING.toNanos() * Math.max(kills, 2));
    long periodNanos = rest == 0 ? 0 : spanNanos / rest;
    List<Long> killsAt = new ArrayList<>();
    for (int k = 0; k < kills; k++) {
      killsAt.add((long) (random.nextDouble() * spanNanos));
    }
    killsAt.sort(Long::compare);
    long brokerAt = (long) ((0.3 + 0.4 * random.nextDouble()) * spanNanos);
    boolean brokerRestarted = false;
    long start = System.nanoTime();
    while (n < options.builds() || !killsAt.isEmpty() || !brokerRestarted) {
      long now = System.nanoTime() - start;
      if (!brokerRestarted && now >= brokerAt) {
        long before = System.nanoTime();
        restartBroker();
        brokerRestarted = true;
        // the schedule resumes where it was: the broker's restart does not bunch the kills
        start += System.nanoTime() - before;
      } else if (!killsAt.isEmpty() && now >= killsAt.get(0)) {
        killsAt.remove(0);
        killOne();
      } else if (n < options.builds() && now >= (n - first) * periodNanos) {
        int build = n++;
        posters.submit(() -> post(build));
      } else {
        LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
      }
    }
    posters.shutdown();
    try {
      if (!posters.awaitTermination(POST_PATIENCE.toSeconds() * 2, TimeUnit.SECONDS)) {
        throw new IllegalStateException("posting the builds did not end");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while posting builds", e);
    }
    say(
        "%d builds posted: %d accepted, %d refused %s",
        options.builds(), accepted.size(), refused.size(), refused.isEmpty() ? "" : refused);
    for (ProcessStack.Member m : stack.services()) {
      stack.awaitReady(m, Duration.ofSeconds(600));
    }
    return takeover;
  }

  /**
   * Kills promotion-0 once the six applications can be read from promotion-1, and measures how long
   * until promotion-1 answers every one of them 200 (it then owns the killed instance's partitions,
   * or the restarted instance serves them again).
   */
  private Duration measureTakeover() {
    List<ProcessStack.Member> promotion = stack.instances(Service.PROMOTION);
    ProcessStack.Member victim = promotion.get(0);
    ProcessStack.Member other = promotion.get(1);
    long deadline = System.nanoTime() + Duration.ofSeconds(300).toNanos();
    while (!APPLICATIONS.stream().allMatch(a -> read(other, a) == 200)) {
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
      for (String a : APPLICATIONS) {
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
        "takeover: SIGKILL %s -> %s answers every application 200 after %.1f s (not 200 meanwhile: %s)",
        victim.name(), other.name(), took.toMillis() / 1000.0, interrupted);
    return took;
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
  private void post(int n) {
    String application = APPLICATIONS.get(n % APPLICATIONS.size());
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
          return;
        }
        if (r.statusCode() < 500) {
          refused.add(application + " " + version + ": " + r.statusCode() + " " + r.body());
          return;
        }
      } catch (IOException noAnswer) {
        // killed or not started yet: whether it was recorded is unknown; posting again is safe
        // (same digest: 200)
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      LockSupport.parkNanos(Duration.ofMillis(500).toNanos());
    }
    refused.add(
        application + " " + version + ": no answer within " + POST_PATIENCE.toSeconds() + " s");
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
   * Waits until every accepted build is in DEV (at most 300 s plus 1 s per 2 builds) and the end
   * offsets of every topic have not moved for 5 s (at most 120 s more).
   */
  private void awaitQuiet() {
    KafkaConnection kafka = audit();
    long deadline = System.nanoTime() + Duration.ofSeconds(300 + options.builds() / 2).toNanos();
    while (true) {
      ChaosChecks checks = checks(kafka);
      if (checks.lost().isEmpty()) {
        break;
      }
      if (System.nanoTime() > deadline) {
        say("still not in DEV: %s", checks.lost());
        break;
      }
      LockSupport.parkNanos(Duration.ofSeconds(2).toNanos());
    }
    Map<String, Long> last = Map.of();
    long quietSince = System.nanoTime();
    long until = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    while (System.nanoTime() < until) {
      Map<String, Long> ends = endOffsets(kafka);
      if (!ends.equals(last)) {
        last = ends;
        quietSince = System.nanoTime();
      } else if (System.nanoTime() - quietSince > Duration.ofSeconds(5).toNanos()) {
        return;
      }
      LockSupport.parkNanos(Duration.ofMillis(500).toNanos());
    }
    say("the topics did not stay quiet for 5 s within 120 s; judging them as they are");
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
        accepted,
        EventTopicReader.read(kafka, Topics.PROMOTIONS),
        EventTopicReader.read(kafka, Topics.NOTIFICATIONS),
        EventTopicReader.read(kafka, Topics.APPROVALS));
  }

  /** The topics' verdict, {@code audit verify} and {@code audit replay}. */
  private Result judge(Duration takeover) {
    KafkaConnection kafka = audit();
    ChaosChecks checks = checks(kafka);
    if (!checks.lost().isEmpty()) {
      say("lost (accepted, never in DEV): %s", checks.lost());
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

  /** A build without evidence: BUILD -> DEV needs only the build facts. */
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
    return String.format(
        Locale.ROOT,
        "{\"application\": \"%s\", \"version\": \"%s\", \"digest\": \"%s\","
            + " \"uri\": \"oci://registry.example.com/%s@%s\", \"sourceCommit\": \"%s\","
            + " \"repository\": \"example/%s\", \"pipelineRunId\": \"chaos-%s\","
            + " \"buildFinishedAt\": \"%s\"}",
        application,
        version,
        digest,
        application,
        digest,
        "c".repeat(40),
        application,
        version,
        Instant.now());
  }

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
