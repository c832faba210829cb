package io.promoflow.benchmarks;

import io.promoflow.benchmarks.Figures.Figure;
import io.promoflow.cli.audit.AuditTopicReader;
import io.promoflow.cli.audit.ChainVerifier;
import io.promoflow.cli.audit.EventTopicReader;
import io.promoflow.cli.audit.GateReplay;
import io.promoflow.cli.audit.KafkaConnection;
import io.promoflow.localstack.KafkaIdentities;
import io.promoflow.localstack.LocalStack;
import io.promoflow.localstack.Service;
import io.promoflow.schemas.Digests;
import io.promoflow.schemas.KafkaCredentials;
import io.promoflow.schemas.Topics;
import io.promoflow.schemas.builds.BuildCompleted;
import io.promoflow.schemas.builds.BuildsEnvelope;
import io.promoflow.schemas.common.ArtifactRef;
import io.promoflow.schemas.common.EventMetadata;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * {@code ./promoflow bench [--quick]} (GitHub issue 15, docs/performance.md): the in-process
 * figures with JMH, then its own local stack on a fresh temporary home and free ports, measured in
 * the same run against the floor of one Kafka hop on that broker and against the goals.
 * Prints one line per figure and writes {@code target/bench/results.json}. It asserts nothing: a
 * figure worse than its goal shows as a ratio.
 */
public final class Bench {

  /**
   * Hops from {@code POST /api/v1/builds} to StagePromoted DEV: BuildCompleted, PromotionRequested,
   * GatesEvaluated, StagePromoted.
   */
  static final int HOPS_TO_DEV = 4;

  static final double GOAL_THROUGHPUT = 500;
  static final double GOAL_SBOM_MS = 200;
  static final double GOAL_REPLAY = 200_000;
  static final double GOAL_READY_S = 15;
  static final double GOAL_RSS_MB = 1000;
  static final Duration PROMOTION_TIMEOUT = Duration.ofSeconds(30);

  /**
   * Settings the bench adds to the shipped configuration: none, so the figures are those of {@code
   * ./promoflow up} (the stack waits for the transaction coordinator, and promotion-service retries
   * its start-up policy record).
   */
  static final List<String> STACK_EXTRA = List.of();

  /**
   * How much to measure.
   *
   * @param hopSamples records per hop kind (plain, transactional)
   * @param latencyBuilds builds sent one at a time for build->DEV latency
   * @param httpBuilds builds over HTTP for throughput, by {@code httpClients} concurrent clients
   * @param directBuilds BuildCompleted records produced straight to promoflow.builds.v1
   */
  record Plan(
      String mode,
      int hopSamples,
      int latencyBuilds,
      int httpBuilds,
      int httpClients,
      int directBuilds,
      int jmhWarmups,
      int jmhIterations,
      int jmhSeconds) {

    static Plan of(List<String> args) {
      Plan plan =
          args.contains("--quick")
              ? new Plan("quick", 200, 200, 1000, 16, 2000, 1, 2, 1)
              : new Plan("full", 500, 500, 5000, 16, 10_000, 2, 5, 2);
      int i = args.indexOf("--builds");
      if (i >= 0 && i + 1 < args.size()) {
        int n = Integer.parseInt(args.get(i + 1));
        plan =
            new Plan(
                plan.mode + "+builds",
                Math.min(plan.hopSamples, n),
                n,
                n,
                plan.httpClients,
                n,
                plan.jmhWarmups,
                plan.jmhIterations,
                plan.jmhSeconds);
      }
      return plan;
    }
  }

  private final Plan plan;
  private final Figures figures = new Figures();
  private final KafkaCredentials admin = KafkaIdentities.local().admin();
  private final String run = Long.toString(System.currentTimeMillis() % 1_000_000, 36);

  Bench(Plan plan) {
    this.plan = plan;
  }

  public static void main(String[] args) throws Exception {
    Path out = Home.root().resolve("target/bench");
    Files.createDirectories(out);
    // six services in one process: logback once (bench-logback.xml, into target/bench/stack.log),
    // not local-stack's
    System.setProperty("promoflow.bench.log", out.resolve("stack.log").toString());
    System.setProperty("logback.configurationFile", "bench-logback.xml");
    System.setProperty("org.springframework.boot.logging.LoggingSystem", "none");
    org.slf4j.bridge.SLF4JBridgeHandler.removeHandlersForRootLogger();
    org.slf4j.bridge.SLF4JBridgeHandler.install();
    if (Arrays.asList(args).contains("--help")) {
      System.out.println("usage: ./promoflow bench [--quick] [--builds N]   (docs/performance.md)");
      return;
    }
    Plan plan = Plan.of(Arrays.asList(args));
    Bench bench = new Bench(plan);
    long t0 = System.nanoTime();
    bench.context(plan);
    try {
      bench.inProcess();
      bench.endToEnd();
    } finally {
      bench.figures.context("loadAverageAtEnd", loadAverage());
      bench.figures.context("seconds", Math.round((System.nanoTime() - t0) / 1e9));
      Files.writeString(out.resolve("results.json"), bench.figures.json());
      System.out.printf(
          "bench (%s) took %d s; load average at end %s; results in %s%n",
          plan.mode,
          Math.round((System.nanoTime() - t0) / 1e9),
          loadAverage(),
          out.resolve("results.json"));
    }
    System.exit(0);
  }

  private void context(Plan plan) {
    figures.context("mode", plan.mode());
    figures.context("startedAt", Instant.now().toString());
    figures.context("cores", Runtime.getRuntime().availableProcessors());
    figures.context("maxHeapMb", Runtime.getRuntime().maxMemory() / 1048576);
    figures.context("java", System.getProperty("java.version"));
    figures.context("loadAverageAtStart", loadAverage());
    System.out.printf(
        "Promoflow bench (%s): %d cores, load average %s%n",
        plan.mode(), Runtime.getRuntime().availableProcessors(), loadAverage());
  }

  // ---------------------------------------------------------------- in process

  void inProcess() throws RunnerException {
    byte[] sbom = Sboms.of(5 * 1024 * 1024);
    long start = System.nanoTime();
    SbomGates.evaluate(sbom);
    double first = (System.nanoTime() - start) / 1e6;
    figures.add(
        new Figure(
            "SBOM 5 MB parse+gates, first document",
            first,
            "ms",
            GOAL_SBOM_MS,
            "goal-max",
            "cold JVM, " + sbom.length / 1024 + " KiB"));
    Map<String, RunResult> jmh = new HashMap<>();
    for (RunResult r :
        new Runner(
                new OptionsBuilder()
                    .include(InProcessBenchmarks.class.getName() + "\\.")
                    .forks(0)
                    .warmupIterations(plan.jmhWarmups())
                    .warmupTime(TimeValue.seconds(plan.jmhSeconds()))
                    .measurementIterations(plan.jmhIterations())
                    .measurementTime(TimeValue.seconds(plan.jmhSeconds()))
                    .verbosity(VerboseMode.SILENT)
                    .build())
            .run()) {
      String label = r.getParams().getBenchmark();
      jmh.put(label.substring(label.lastIndexOf('.') + 1), r);
    }
    String basis = "JMH avg, " + plan.jmhIterations() + " x " + plan.jmhSeconds() + " s";
    figures.add(
        new Figure(
            "SBOM 5 MB parse+gates, warm",
            score(jmh, "sbomParseAndGates"),
            "ms",
            GOAL_SBOM_MS,
            "goal-max",
            basis));
    figures.add(
        new Figure(
            "gate verdict DEV->QA (local policy)",
            score(jmh, "policyEvaluation"),
            "us",
            Double.NaN,
            "none",
            basis));
    figures.add(
        new Figure("audit hash link", score(jmh, "auditHash"), "us", Double.NaN, "none", basis));
    figures.add(
        new Figure(
            "sha256 of 1 KiB", score(jmh, "sha256OfOneKilobyte"), "us", Double.NaN, "none", basis));
  }

  private static double score(Map<String, RunResult> jmh, String benchmark) {
    RunResult r = jmh.get(benchmark);
    if (r == null) {
      throw new IllegalStateException(
          "JMH did not run " + benchmark + " (ran " + jmh.keySet() + ")");
    }
    return r.getPrimaryResult().getScore();
  }

  // ---------------------------------------------------------------- end to end

  void endToEnd() throws Exception {
    Path home = Files.createTempDirectory("promoflow-bench-");
    Map<Service, Integer> ports = new EnumMap<>(Service.class);
    for (Service s : Service.values()) {
      ports.put(s, 0);
    }
    long start = System.nanoTime();
    LocalStack stack;
    try {
      stack =
          LocalStack.start(
              new LocalStack.Settings(
                  home, freePort(), freePort(), ports, "file:" + Home.policyFile(), STACK_EXTRA),
              Duration.ofSeconds(300));
    } catch (RuntimeException e) {
      deleteQuietly(home);
      throw e;
    }
    double ready = (System.nanoTime() - start) / 1e9;
    figures.add(
        new Figure(
            "stack ready, fresh",
            ready,
            "s",
            GOAL_READY_S,
            "goal-max",
            "broker + 6 services, " + home));
    try {
      double[] plain = hop(stack.bootstrap(), false);
      double[] tx = hop(stack.bootstrap(), true);
      figures.add(
          new Figure(
              "one hop plain p50",
              plain[0],
              "ms",
              Double.NaN,
              "none",
              plan.hopSamples() + " records"));
      figures.add(
          new Figure(
              "one hop plain p99", plain[1], "ms", Double.NaN, "none", "acks=all, read_committed"));
      figures.add(
          new Figure(
              "one hop transactional p50", tx[0], "ms", Double.NaN, "none", "the floor of a hop"));
      figures.add(
          new Figure(
              "one hop transactional p99", tx[1], "ms", Double.NaN, "none", "the floor of a hop"));
      try (PromotionWatcher dev = new PromotionWatcher(stack.bootstrap(), admin, "DEV")) {
        latency(stack, dev, tx);
        httpThroughput(stack, dev);
        directThroughput(stack, dev);
        if (dev.undecodable() > 0) {
          System.out.println(
              "note: " + dev.undecodable() + " undecodable records on " + Topics.PROMOTIONS.name());
        }
      }
      replay(stack.bootstrap());
    } finally {
      figures.add(
          new Figure(
              "peak RSS of the process",
              peakRssMb(),
              "MB",
              GOAL_RSS_MB,
              "goal-max",
              "VmHWM: stack + bench clients + JMH"));
      stack.close();
      deleteQuietly(home);
    }
  }

  /** p50 and p99 (ms) of producer send -> read_committed consumer receipt, one record at a time. */
  double[] hop(String bootstrap, boolean transactional) throws Exception {
    String topic = "promoflow.bench.hop-" + (transactional ? "tx" : "plain") + "-" + run;
    try (Admin a = Admin.create(clientConfig(bootstrap))) {
      a.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
    }
    Map<String, Object> p = clientConfig(bootstrap);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
    if (transactional) {
      p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "promoflow-bench-hop-" + run);
    }
    Map<String, Object> c = clientConfig(bootstrap);
    c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    TopicPartition tp = new TopicPartition(topic, 0);
    long[] samples = new long[plan.hopSamples()];
    try (KafkaProducer<String, byte[]> producer =
            new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
        KafkaConsumer<String, byte[]> consumer =
            new KafkaConsumer<>(
                c,
                new org.apache.kafka.common.serialization.StringDeserializer(),
                new ByteArrayDeserializer())) {
      consumer.assign(List.of(tp));
      consumer.seekToEnd(List.of(tp));
      consumer.position(tp);
      if (transactional) {
        producer.initTransactions();
      }
      byte[] value = new byte[200];
      int warmup = 20;
      for (int i = -warmup; i < samples.length; i++) {
        long t0 = System.nanoTime();
        if (transactional) {
          producer.beginTransaction();
        }
        producer.send(new ProducerRecord<>(topic, "k", value));
        if (transactional) {
          producer.commitTransaction();
        }
        int received = 0;
        long deadline = t0 + TimeUnit.SECONDS.toNanos(10);
        while (received == 0) {
          ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(100));
          received = records.count();
          if (received == 0 && System.nanoTime() > deadline) {
            throw new IllegalStateException(
                "a record on " + topic + " was not received within 10 s");
          }
        }
        if (i >= 0) {
          samples[i] = System.nanoTime() - t0;
        }
      }
    }
    return new double[] {percentile(samples, 50), percentile(samples, 99)};
  }

  /**
   * build->DEV p50/p99/max over builds sent one at a time, against 4 hops of the transactional
   * floor.
   */
  void latency(LocalStack stack, PromotionWatcher dev, double[] txHop) throws Exception {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    String url = stack.url(Service.TRIGGER) + "/api/v1/builds";
    String app = "bench-latency-" + run;
    // the first builds also warm the services' code paths
    int warmup = 10;
    long[] samples = new long[plan.latencyBuilds()];
    int missing = 0;
    for (int i = -warmup; i < samples.length; i++) {
      String version = "1.0." + (i + warmup);
      long t0 = System.nanoTime();
      int status = post(http, url, app, version);
      if (status != 202) {
        throw new IllegalStateException(
            "POST /api/v1/builds answered " + status + " for " + app + " " + version);
      }
      Long at = dev.await(app, version, PROMOTION_TIMEOUT);
      if (at == null) {
        missing++;
        continue;
      }
      if (i >= 0) {
        samples[i] = at - t0;
      }
    }
    if (missing > 0) {
      throw new IllegalStateException(
          missing + " builds did not reach DEV within " + PROMOTION_TIMEOUT.toSeconds() + " s");
    }
    String floor50 = HOPS_TO_DEV + " hops x " + Figures.number(txHop[0]) + " ms";
    String floor99 = HOPS_TO_DEV + " hops x " + Figures.number(txHop[1]) + " ms";
    figures.add(
        new Figure(
            "build->DEV p50",
            percentile(samples, 50),
            "ms",
            HOPS_TO_DEV * txHop[0],
            "floor",
            floor50));
    figures.add(
        new Figure(
            "build->DEV p99",
            percentile(samples, 99),
            "ms",
            HOPS_TO_DEV * txHop[1],
            "floor",
            floor99 + "; goal <= 2x"));
    figures.add(
        new Figure(
            "build->DEV max",
            percentile(samples, 100),
            "ms",
            HOPS_TO_DEV * txHop[1],
            "floor",
            floor99 + ", " + samples.length + " builds"));
  }

  /**
   * Builds accepted per second over HTTP by concurrent clients, and the rate at which they reached
   * DEV.
   */
  void httpThroughput(LocalStack stack, PromotionWatcher dev) throws Exception {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    String url = stack.url(Service.TRIGGER) + "/api/v1/builds";
    int n = plan.httpBuilds();
    ExecutorService clients = Executors.newFixedThreadPool(plan.httpClients());
    AtomicInteger next = new AtomicInteger();
    AtomicInteger refused = new AtomicInteger();
    List<String> keys = new ArrayList<>(n);
    IntFunction<String> app = i -> "bench-http-" + run + "-" + i;
    for (int i = 0; i < n; i++) {
      keys.add(app.apply(i) + "|1.0.0");
    }
    long start = System.nanoTime();
    List<Future<?>> done = new ArrayList<>();
    for (int c = 0; c < plan.httpClients(); c++) {
      done.add(
          clients.submit(
              () -> {
                for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
                  if (post(http, url, app.apply(i), "1.0.0") != 202) {
                    refused.incrementAndGet();
                  }
                }
                return null;
              }));
    }
    for (Future<?> f : done) {
      f.get();
    }
    double accepted = (System.nanoTime() - start) / 1e9;
    clients.shutdown();
    figures.add(
        new Figure(
            "builds accepted over HTTP",
            (n - refused.get()) / accepted,
            "/s",
            GOAL_THROUGHPUT,
            "goal-min",
            n + " builds, " + plan.httpClients() + " clients, " + refused.get() + " refused"));
    promotedRate("builds promoted into DEV (HTTP intake)", dev, keys, start);
  }

  /**
   * BuildCompleted produced straight to promoflow.builds.v1 (as the admin principal), and their
   * rate into DEV.
   */
  void directThroughput(LocalStack stack, PromotionWatcher dev) throws Exception {
    int n = plan.directBuilds();
    Map<String, Object> p = clientConfig(stack.bootstrap());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    List<String> keys = new ArrayList<>(n);
    long start = System.nanoTime();
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
      for (int i = 0; i < n; i++) {
        String app = "bench-direct-" + run + "-" + i;
        keys.add(app + "|1.0.0");
        ArtifactRef artifact = new ArtifactRef(app, "1.0.0", digest(app, "1.0.0"));
        EventMetadata meta =
            EventMetadata.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setOccurredAt(Instant.now())
                .setActor("ci")
                .setSource("trigger-service")
                .setArtifact(artifact)
                .build();
        BuildCompleted build =
            BuildCompleted.newBuilder()
                .setSourceCommit("c".repeat(40))
                .setPipelineRunId("bench-" + run + "-" + i)
                .setBuildFinishedAt(Instant.now())
                .build();
        producer.send(
            new ProducerRecord<>(
                Topics.BUILDS.name(),
                app,
                Topics.BUILDS.serde().encode(new BuildsEnvelope(meta, build))));
      }
      producer.flush();
    }
    double produced = (System.nanoTime() - start) / 1e9;
    figures.add(
        new Figure(
            "builds produced to " + Topics.BUILDS.name(),
            n / produced,
            "/s",
            Double.NaN,
            "none",
            n + " records, one producer, acks=all"));
    promotedRate("builds promoted into DEV (direct to topic)", dev, keys, start);
  }

  private void promotedRate(String name, PromotionWatcher dev, List<String> keys, long start) {
    Duration timeout = PROMOTION_TIMEOUT.plusSeconds(keys.size() / 20);
    Map<String, Long> seen = dev.awaitAll(keys, timeout);
    long last = seen.values().stream().mapToLong(Long::longValue).max().orElse(System.nanoTime());
    double rate = seen.size() / ((last - start) / 1e9);
    figures.add(
        new Figure(
            name,
            rate,
            "/s",
            GOAL_THROUGHPUT,
            "goal-min",
            seen.size()
                + " of "
                + keys.size()
                + " in DEV"
                + (seen.size() < keys.size() ? " within " + timeout.toSeconds() + " s" : "")));
  }

  /** {@code promoflow audit verify} and {@code audit replay} code over this run's topics. */
  void replay(String bootstrap) {
    KafkaConnection kafka = new KafkaConnection(bootstrap, Optional.of(admin));
    long start = System.nanoTime();
    List<AuditTopicReader.Read> reads = AuditTopicReader.read(kafka, Topics.AUDIT.name());
    ChainVerifier.Report report =
        ChainVerifier.verify(reads.stream().map(AuditTopicReader.Read::entry).toList());
    double s = (System.nanoTime() - start) / 1e9;
    figures.add(
        new Figure(
            "audit verify (read+decode+chain)",
            reads.size() / s,
            "/s",
            GOAL_REPLAY,
            "goal-min",
            reads.size()
                + " records, chain "
                + (report.intact() ? "intact" : "BROKEN " + report.breaks())));
    start = System.nanoTime();
    List<SpecificRecord> events = new ArrayList<>();
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
    GateReplay.Result result = GateReplay.replay(events);
    s = (System.nanoTime() - start) / 1e9;
    figures.add(
        new Figure(
            "audit replay (7 topics, gates re-evaluated)",
            events.size() / s,
            "/s",
            GOAL_REPLAY,
            "goal-min",
            events.size()
                + " events, "
                + result.decisions()
                + " decisions, "
                + result.differences().size()
                + " differences"));
  }

  // ---------------------------------------------------------------- helpers

  private int post(HttpClient http, String url, String application, String version)
      throws IOException {
    String body =
        "{\"application\": \""
            + application
            + "\", \"version\": \""
            + version
            + "\", \"digest\": \""
            + digest(application, version)
            + "\", \"sourceCommit\": \""
            + "c".repeat(40)
            + "\", \"pipelineRunId\": \"bench-"
            + run
            + "\", \"buildFinishedAt\": \""
            + Instant.now()
            + "\"}";
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(url))
            .header("Content-Type", "application/json")
            .header("Authorization", "Bearer local-ci")
            .timeout(Duration.ofSeconds(30))
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    try {
      HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
      return r.statusCode();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  private static String digest(String application, String version) {
    return Digests.sha256Digest(application + "|" + version);
  }

  private Map<String, Object> clientConfig(String bootstrap) {
    Map<String, Object> config = new HashMap<>(admin.clientProperties());
    config.put("bootstrap.servers", bootstrap);
    return config;
  }

  /** The q-th percentile (nearest rank) of nanosecond samples, in ms; q = 100 is the maximum. */
  static double percentile(long[] nanos, double q) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    int rank = (int) Math.ceil(q / 100.0 * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))] / 1e6;
  }

  /** VmHWM of this process in MB (Linux); NaN elsewhere. */
  static double peakRssMb() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
        }
      }
    } catch (IOException | NumberFormatException e) {
      System.out.println("note: no VmHWM (" + e + ")");
    }
    return Double.NaN;
  }

  static String loadAverage() {
    try {
      String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
      return parts[0] + " " + parts[1] + " " + parts[2];
    } catch (IOException e) {
      return "unknown";
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static void deleteQuietly(Path dir) {
    try (var paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      System.out.println("note: could not delete " + dir + ": " + e);
    }
  }
}
