package io.promoflow.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import io.promoflow.platform.testing.Http;
import io.promoflow.schemas.CatalogueDeserializer;
import io.promoflow.schemas.Topics;
import io.promoflow.schemas.promotions.PromotionBlocked;
import io.promoflow.schemas.promotions.PromotionsEnvelope;
import io.promoflow.schemas.promotions.StagePromoted;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The whole local stack under {@code kill -9} (GitHub issue 11 point 2): the stack runs as a child
 * JVM ({@link LocalStack#main} on free ports, data under {@code target/}); builds are posted at
 * 20/s, the child is killed with SIGKILL 2 s after the first of them was accepted and restarted on
 * the same data. The first requests after its ready line answer without 503, and every build that
 * was accepted (202) reaches DEV exactly once, none blocked for missing facts.
 *
 * <p>Measurement: the ready time of the fresh start and of the restart after {@code kill -9} is
 * printed (not asserted: timing depends on the machine). With {@code -Dpromoflow.crash.builds=1000}
 * 1,000 builds are promoted to DEV before the crash, for the README's restart time with data from
 * 1,000 promotions: {@code ./mvnw -B -ntp -pl local-stack -am test -Dtest=StackCrashIT
 * -Dsurefire.failIfNoSpecifiedTests=false -Dpromoflow.crash.builds=1000}; the figures are in {@code
 * local-stack/target/surefire-reports/*StackCrashIT-output.txt}, the stack's own log (phase times
 * included) in {@code local-stack/target/crash-*}{@code /fresh.log} and {@code after-kill-9.log}.
 */
class StackCrashIT {

  /** Builds per second, as in issue 11's measurement. */
  static final int RATE = 20;

  static final Duration CRASH_AFTER = Duration.ofSeconds(2);
  static final String APPLICATION = "crash";

  /**
   * Builds promoted to DEV before the crash window (1 by default, the CI run stays short: it warms
   * the stack up).
   */
  static final int PRELOAD = Integer.getInteger("promoflow.crash.builds", 1);

  final Path repository = Path.of("..").toAbsolutePath().normalize();
  final Path home = Path.of("target", "crash-" + UUID.randomUUID()).toAbsolutePath();
  final List<Child> children = new ArrayList<>();
  Map<Service, Integer> ports;
  int kafkaPort;
  int controllerPort;

  /**
   * One run of the stack as a child JVM: the process, when it was started and when it printed its
   * ready line.
   */
  record Child(
      Process process,
      long startedNanos,
      CompletableFuture<Long> readyNanos,
      List<String> readyLine) {

    Duration ready(Duration timeout) {
      long at = readyNanos.orTimeout(timeout.toSeconds(), TimeUnit.SECONDS).join();
      return Duration.ofNanos(at - startedNanos);
    }
  }

  @AfterEach
  void stop() throws InterruptedException {
    for (Child c : children) {
      // SIGTERM: the stack's shutdown hook stops the services and the broker; SIGKILL when it does
      // not end
      c.process().destroy();
      if (!c.process().waitFor(60, TimeUnit.SECONDS)) {
        c.process().destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  @Test
  void everyAcceptedBuildReachesDevExactlyOnceAfterTheStackIsKilled() throws Exception {
    kafkaPort = StackUnderTest.freePort();
    controllerPort = StackUnderTest.freePort();
    ports = new EnumMap<>(Service.class);
    for (Service s : Service.values()) {
      ports.put(s, StackUnderTest.freePort());
    }
    Files.createDirectories(home);

    Child fresh = start("fresh");
    Duration freshReady = fresh.ready(Duration.ofSeconds(180));
    report(
        "fresh start: ready %.1f s after the process started (%s)",
        freshReady, fresh.readyLine().get(0));

    Set<String> accepted = ConcurrentHashMap.newKeySet();
    Set<String> unknown = ConcurrentHashMap.newKeySet();
    postAtRate("1.0.", PRELOAD, null, accepted, unknown);
    awaitDev(accepted, Duration.ofSeconds(120 + PRELOAD / 5));
    report("%d builds promoted to DEV before the crash", accepted.size());

    // the crash window: builds at RATE/s; the stack is killed after CRASH_AFTER while they keep
    // coming
    int before = accepted.size();
    postAtRate("2.0.", RATE * 10, fresh, accepted, unknown);
    report(
        "crash window: %d accepted (202), %d without an answer (cut off by the kill or posted after it)",
        accepted.size() - before, unknown.size());
    assertThat(accepted.size() - before).as("builds accepted before the kill").isPositive();

    Child restarted = start("after-kill-9");
    Duration restartReady = restarted.ready(Duration.ofSeconds(180));
    // the first requests after the ready line: reads and a build, none answered 503 "starting or
    // rebalancing"
    Http.Response read = Http.get(url(Service.PROMOTION, "/api/v1/applications/" + APPLICATION));
    Http.Response approvals = Http.get(url(Service.APPROVAL, "/api/v1/approvals"));
    Http.Response gates = Http.get(url(Service.GATE, "/api/v1/promotions/none/gates"));
    Http.Response posted =
        Http.post(url(Service.TRIGGER, "/api/v1/builds"), "local-ci", build("3.0.0"));
    report(
        "restart after kill -9: ready %.1f s after the process started (%s)",
        restartReady, restarted.readyLine().get(0));
    report(
        "first requests after the ready line: promotion %d, approval %d, gate %d, POST build %d",
        read.status(), approvals.status(), gates.status(), posted.status());
    assertThat(read.status()).as(read.body()).isEqualTo(200);
    assertThat(approvals.status()).as(approvals.body()).isEqualTo(200);
    assertThat(gates.status()).as(gates.body()).isEqualTo(404);
    assertThat(posted.status()).as(posted.body()).isEqualTo(202);
    accepted.add("3.0.0");

    Map<String, Integer> promoted = awaitDev(accepted, Duration.ofSeconds(120 + PRELOAD / 5));
    assertThat(accepted)
        .allSatisfy(v -> assertThat(promoted.get(v)).as("StagePromoted DEV of " + v).isEqualTo(1));
    // builds whose answer the kill cut off may or may not have been recorded, but never promoted
    // twice
    assertThat(promoted.values()).as("StagePromoted DEV per version").allMatch(n -> n == 1);
    report(
        "after the restart every one of %d accepted builds reached DEV exactly once",
        accepted.size());
  }

  /**
   * Starts the stack as a child JVM on this test's home and ports; its output goes to {@code
   * <home>/<label>.log}.
   */
  Child start(String label) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    // under Surefire java.class.path is its booter jar; the test's class path is in
    // surefire.test.class.path
    String classPath =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    String servicePorts =
        String.join(
            ",",
            ports.entrySet().stream().map(e -> e.getKey().label() + "=" + e.getValue()).toList());
    Process p =
        new ProcessBuilder(
                java,
                "-cp",
                classPath,
                "-Dlogback.configurationFile=logback.xml",
                "-Dpromoflow.home=" + home,
                "-Dpromoflow.kafka-port=" + kafkaPort,
                "-Dpromoflow.controller-port=" + controllerPort,
                "-Dpromoflow.ports=" + servicePorts,
                "-Dpromoflow.policy=file:" + repository.resolve("config/pipeline-local.yaml"),
                LocalStack.class.getName())
            .directory(home.toFile())
            .redirectErrorStream(true)
            .start();
    Child child = new Child(p, System.nanoTime(), new CompletableFuture<>(), new ArrayList<>());
    children.add(child);
    // never an orphaned stack on a shared machine, even when this JVM is ended before @AfterEach
    // runs
    Runtime.getRuntime().addShutdownHook(new Thread(p::destroyForcibly, "stop-stack-" + label));
    Path log = home.resolve(label + ".log");
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader in =
                      new BufferedReader(
                          new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
                  PrintWriter out = new PrintWriter(Files.newBufferedWriter(log), true)) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                  if (line.contains("Promoflow ready in") && !child.readyNanos().isDone()) {
                    child.readyLine().add(line);
                    child.readyNanos().complete(System.nanoTime());
                  }
                  out.println(line);
                }
              } catch (IOException e) {
                child.readyNanos().completeExceptionally(e);
              }
              child
                  .readyNanos()
                  .completeExceptionally(
                      new IllegalStateException(
                          "the stack ("
                              + label
                              + ") ended before it"
                              + " was ready; its output: "
                              + log));
            },
            "stack-output-" + label);
    reader.setDaemon(true);
    reader.start();
    return child;
  }

  /**
   * Posts up to {@code count} builds {@code <prefix><n>} at {@link #RATE} per second (role ci) and
   * records which were accepted (202) and which got no answer. With {@code victim}, kills it
   * ({@code kill -9}) after {@link #CRASH_AFTER} and stops posting.
   */
  void postAtRate(String prefix, int count, Child victim, Set<String> accepted, Set<String> unknown)
      throws InterruptedException {
    AtomicInteger next = new AtomicInteger();
    List<String> refused = java.util.Collections.synchronizedList(new ArrayList<>());
    ScheduledExecutorService client = Executors.newSingleThreadScheduledExecutor();
    CompletableFuture<Void> done = new CompletableFuture<>();
    client.scheduleAtFixedRate(
        () -> {
          int n = next.getAndIncrement();
          if (n >= count) {
            done.complete(null);
            return;
          }
          String version = prefix + n;
          try {
            Http.Response r =
                Http.post(url(Service.TRIGGER, "/api/v1/builds"), "local-ci", build(version));
            if (r.status() == 202) {
              accepted.add(version);
            } else {
              refused.add(version + ": " + r.status() + " " + r.body());
            }
          } catch (IllegalStateException noAnswer) {
            // connection refused or reset by the kill: whether the build was recorded is unknown
            unknown.add(version);
          }
        },
        0,
        1000 / RATE,
        TimeUnit.MILLISECONDS);
    try {
      if (victim == null) {
        done.join();
      } else {
        // CRASH_AFTER from the first build this window got accepted: the stack is then taking
        // builds at RATE/s
        int before = accepted.size();
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> accepted.size() > before);
        Awaitility.await()
            .pollDelay(CRASH_AFTER)
            .atMost(CRASH_AFTER.plusSeconds(1))
            .until(() -> true);
        victim.process().destroyForcibly();
        assertThat(victim.process().waitFor(30, TimeUnit.SECONDS)).as("killed").isTrue();
        report("kill -9 after %d builds posted", next.get());
      }
    } finally {
      client.shutdownNow();
      assertThat(client.awaitTermination(60, TimeUnit.SECONDS))
          .as("the posting client stopped")
          .isTrue();
    }
    if (victim == null) {
      assertThat(refused).as("builds refused by a running stack").isEmpty();
    }
  }

  /**
   * Reads {@code promoflow.promotions.v1} from the beginning as the audit principal until every
   * version of {@code expected} has a {@code StagePromoted} into DEV; fails at once on a {@code
   * PromotionBlocked} of this application.
   *
   * @return the number of DEV promotions per version
   */
  Map<String, Integer> awaitDev(Set<String> expected, Duration timeout) {
    Map<String, Object> config =
        new HashMap<>(KafkaIdentities.local().of(KafkaAcls.AUDIT).clientProperties());
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:" + kafkaPort);
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    Map<String, Integer> promoted = new HashMap<>();
    List<String> blocked = new ArrayList<>();
    try (KafkaConsumer<String, Object> consumer =
        new KafkaConsumer<>(config, new StringDeserializer(), new CatalogueDeserializer())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(Topics.PROMOTIONS.name()).stream()
              .map(p -> new TopicPartition(p.topic(), p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      try {
        Awaitility.await()
            .atMost(timeout)
            .pollInterval(Duration.ofMillis(500))
            .until(
                () -> {
                  for (ConsumerRecord<String, Object> r : consumer.poll(Duration.ofMillis(500))) {
                    if (!APPLICATION.equals(r.key())
                        || !(r.value() instanceof PromotionsEnvelope e)) {
                      continue;
                    }
                    String version =
                        e.getMeta().getArtifact() == null
                            ? "?"
                            : e.getMeta().getArtifact().getVersion();
                    if (e.getPayload() instanceof StagePromoted p
                        && "DEV".equals(p.getTargetStage())) {
                      promoted.merge(version, 1, Integer::sum);
                    } else if (e.getPayload() instanceof PromotionBlocked b) {
                      blocked.add(version + " " + b.getTargetStage() + ": " + b.getReason());
                    }
                  }
                  if (!blocked.isEmpty()) {
                    // not an AssertionError: Awaitility would retry it until the timeout
                    throw new IllegalStateException("a valid build was blocked: " + blocked);
                  }
                  return promoted.keySet().containsAll(expected);
                });
      } catch (org.awaitility.core.ConditionTimeoutException e) {
        Set<String> missing = new java.util.TreeSet<>(expected);
        missing.removeAll(promoted.keySet());
        throw new AssertionError("not in DEV after " + timeout.toSeconds() + " s: " + missing, e);
      }
    }
    return promoted;
  }

  String url(Service s, String path) {
    return "http://localhost:" + ports.get(s) + path;
  }

  /**
   * A build without evidence: BUILD -> DEV has no gates, only the build facts every promotion
   * needs.
   */
  static Map<String, Object> build(String version) {
    String digest;
    try {
      digest =
          "sha256:"
              + java.util.HexFormat.of()
                  .formatHex(
                      java.security.MessageDigest.getInstance("SHA-256")
                          .digest(version.getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    return Map.of(
        "application",
        APPLICATION,
        "version",
        version,
        "digest",
        digest,
        "uri",
        "oci://registry.example.com/crash@" + digest,
        "sourceCommit",
        "c".repeat(40),
        "repository",
        "example/crash",
        "pipelineRunId",
        "crash-" + version,
        "buildFinishedAt",
        Instant.now().toString());
  }

  static void report(String format, Object... args) {
    Object[] shown =
        java.util.Arrays.stream(args)
            .map(a -> a instanceof Duration d ? d.toMillis() / 1000.0 : a)
            .toArray();
    String load;
    try {
      // the machine's state says what the figures are worth: load average of the last 1, 5 and 15
      // minutes
      load = Files.readString(Path.of("/proc/loadavg")).split(" (?=\\d+/)")[0];
    } catch (IOException | RuntimeException e) {
      load = "unknown";
    }
    System.out.println(
        "[StackCrashIT] " + String.format(Locale.ROOT, format, shown) + " [load " + load + "]");
  }
}
