package io.promoflow.benchmarks;

import io.promoflow.benchmarks.Figures.Figure;
import io.promoflow.cli.audit.AuditTopicReader;
import io.promoflow.cli.audit.ChainVerifier;
import io.promoflow.cli.audit.EventTopicReader;
import io.promoflow.cli.audit.GateReplay;
import io.promoflow.cli.audit.KafkaConnection;
import io.promoflow.cli.demo.DemoEvidence;
import io.promoflow.localstack.KafkaIdentities;
import io.promoflow.localstack.ProcessStack;
import io.promoflow.localstack.Service;
import io.promoflow.schemas.Digests;
import io.promoflow.schemas.KafkaCredentials;
import io.promoflow.schemas.Topics;
import io.promoflow.schemas.builds.BuildCompleted;
import io.promoflow.schemas.builds.BuildsEnvelope;
import io.promoflow.schemas.common.ArtifactRef;
import io.promoflow.schemas.common.EventMetadata;
import io.promoflow.trigger.domain.EvidenceWarmUp;
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
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
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
import tools.jackson.databind.json.JsonMapper;

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
   * Hops from {@code VerificationPassed} in DEV to {@code StagePromoted} in QA: PromotionRequested
   * (trigger-service, DEV's soak time is 0), GatesEvaluated, StagePromoted.
   */
  static final int HOPS_VERIFIED_TO_QA = 3;

  /** Builds per second started for the verified->QA latency (each its own application). */
  static final int VERIFY_RATE = 5;

  /** Instances of each service in the scale table. */
  static final List<Integer> SCALE = List.of(1, 2, 3);

  /**
   * The one-JVM stack's JVM options: {@code PROMOFLOW_STACK_JVM_OPTIONS}, which {@code ./promoflow}
   * sets for {@code up} and {@code bench} alike, so the bench measures the stack {@code up} runs.
   */
  static List<String> stackJvmOptions() {
    String options = System.getenv().getOrDefault("PROMOFLOW_STACK_JVM_OPTIONS", "").strip();
    return options.isEmpty() ? List.of() : List.of(options.split("\\s+"));
  }

  /**
   * How much to measure.
   *
   * @param hopSamples records per hop kind (plain, transactional)
   * @param latencyBuilds builds sent one at a time for build->DEV latency
   * @param httpBuilds builds over HTTP for throughput, by {@code httpClients} concurrent clients
   * @param directBuilds BuildCompleted records produced straight to promoflow.builds.v1
   * @param verifiedBuilds builds with evidence verified in DEV for verified->QA latency
   * @param main whether to run the in-process figures and the one-JVM stack ({@code --scale-only}:
   *     not)
   * @param scale whether to run the scale table with 1, 2 and 3 instances ({@code --scale})
   */
  record Plan(
      String mode,
      int hopSamples,
      int latencyBuilds,
      int httpBuilds,
      int httpClients,
      int directBuilds,
      int verifiedBuilds,
      int jmhWarmups,
      int jmhIterations,
      int jmhSeconds,
      boolean main,
      boolean scale) {

    static Plan of(List<String> args) {
      boolean quick = args.contains("--quick");
      boolean scaleOnly = args.contains("--scale-only");
      boolean scale = scaleOnly || args.contains("--scale");
      String mode = quick ? "quick" : "full";
      int hops = quick ? 200 : 500;
      int latency = quick ? 200 : 500;
      int http = quick ? 1000 : 5000;
      int direct = quick ? 2000 : 10_000;
      int verified = quick ? 200 : 500;
      int i = args.indexOf("--builds");
      if (i >= 0 && i + 1 < args.size()) {
        int n = Integer.parseInt(args.get(i + 1));
        mode += "+builds";
        hops = Math.min(hops, n);
        latency = n;
        http = n;
        direct = n;
        verified = n;
      }
      int d = args.indexOf("--direct");
      if (d >= 0 && d + 1 < args.size()) {
        // only the direct run's count: the data a restart after kill -9 has to restore
        mode += "+direct";
        direct = Integer.parseInt(args.get(d + 1));
      }
      if (scale) {
        mode += scaleOnly ? "+scale-only" : "+scale";
      }
      return quick
          ? new Plan(mode, hops, latency, http, 16, direct, verified, 1, 2, 1, !scaleOnly, scale)
          : new Plan(mode, hops, latency, http, 16, direct, verified, 2, 5, 2, !scaleOnly, scale);
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
    // the bench's own clients log into target/bench/bench.log (bench-logback.xml); the stack runs
    // as a child JVM with local-stack's logback.xml, its output in target/bench/stack.log
    System.setProperty("promoflow.bench.log", out.resolve("bench.log").toString());
    System.setProperty("logback.configurationFile", "bench-logback.xml");
    System.setProperty("org.springframework.boot.logging.LoggingSystem", "none");
    org.slf4j.bridge.SLF4JBridgeHandler.removeHandlersForRootLogger();
    org.slf4j.bridge.SLF4JBridgeHandler.install();
    if (Arrays.asList(args).contains("--help")) {
      System.out.println(
          "usage: ./promoflow bench [--quick] [--builds N] [--direct N] [--scale | --scale-only]"
              + "   (docs/performance.md)");
      return;
    }
    Plan plan = Plan.of(Arrays.asList(args));
    Bench bench = new Bench(plan);
    long t0 = System.nanoTime();
    bench.context(plan);
    try {
      if (plan.main()) {
        bench.inProcess();
        bench.endToEnd(out);
      }
      if (plan.scale()) {
        bench.scale(out);
      }
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
    figures.context("stackJvmOptions", String.join(" ", stackJvmOptions()));
    figures.context("memTotalMb", statusMb(Path.of("/proc/meminfo"), "MemTotal:"));
    System.out.printf(
        "Promoflow bench (%s): %d cores, load average %s%n",
        plan.mode(), Runtime.getRuntime().availableProcessors(), loadAverage());
  }

  // ---------------------------------------------------------------- in process

  void inProcess() throws RunnerException {
    byte[] sbom = Sboms.of(5 * 1024 * 1024);
    // what trigger-service does once it is ready, on a background thread (EvidenceParserWarmUp)
    long start = System.nanoTime();
    EvidenceWarmUp.run(EvidenceWarmUp.ROUNDS);
    double warmUp = (System.nanoTime() - start) / 1e6;
    start = System.nanoTime();
    SbomGates.evaluate(sbom);
    double first = (System.nanoTime() - start) / 1e6;
    figures.add(
        new Figure(
            "SBOM 5 MB parse+gates, first document",
            first,
            "ms",
            GOAL_SBOM_MS,
            "goal-max",
            "fresh JVM after the trigger's start-up warm-up ("
                + Figures.number(warmUp)
                + " ms off the request path), "
                + sbom.length / 1024
                + " KiB"));
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

  void endToEnd(Path out) throws Exception {
    Path home = Files.createTempDirectory("promoflow-bench-");
    Map<Service, Integer> ports = new EnumMap<>(Service.class);
    for (Service s : Service.values()) {
      ports.put(s, freePort());
    }
    ChildStack stack =
        measured =
            new ChildStack(
                home,
                freePort(),
                freePort(),
                ports,
                "file:" + Home.policyFile(),
                stackJvmOptions(),
                out.resolve("stack.log"));
    Files.deleteIfExists(out.resolve("stack.log"));
    try {
      double ready = stack.start("fresh", Duration.ofSeconds(300));
      figures.add(
          new Figure(
              "stack ready, fresh",
              ready,
              "s",
              GOAL_READY_S,
              "goal-max",
              "process start to ready line, broker + 6 services, JVM "
                  + (stackJvmOptions().isEmpty()
                      ? "defaults"
                      : String.join(" ", stackJvmOptions()))));
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
      String trigger = stack.url(Service.TRIGGER);
      int builds = 0;
      try (EventWatcher events = new EventWatcher(stack.bootstrap(), admin)) {
        latency(trigger, events, tx);
        verifiedLatency(trigger, stack.url(Service.ROLLBACK), events, tx);
        figures.context("stackRssMbAfterLatencyRuns", stack.rssMb());
        httpThroughput("", List.of(trigger), events);
        directThroughput("", stack.bootstrap(), events, plan.directBuilds());
        if (events.undecodable() > 0) {
          System.out.println("note: " + events.undecodable() + " undecodable records");
        }
        builds =
            plan.latencyBuilds()
                + 10
                + plan.verifiedBuilds()
                + plan.httpBuilds()
                + plan.directBuilds();
      }
      replay(stack.bootstrap());
      figures.add(
          new Figure(
              "peak RSS of the stack",
              stack.peakRssMb(),
              "MB",
              GOAL_RSS_MB,
              "goal-max",
              "VmHWM of the stack's JVM after " + builds + " builds"));
      figures.context("benchPeakRssMb", peakRssMb());
      stack.kill9();
      double again = stack.start("after kill -9", Duration.ofSeconds(300));
      String firstBuild = firstBuildAfterRestart(stack);
      figures.add(
          new Figure(
              "stack ready after kill -9",
              again,
              "s",
              GOAL_READY_S,
              "goal-max",
              "same data, " + builds + " builds before the kill; " + firstBuild));
    } finally {
      stack.close();
      deleteQuietly(home);
    }
  }

  /** Posts one build after the restart and waits for it in DEV: what the restart left working. */
  private String firstBuildAfterRestart(ChildStack stack) throws Exception {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    String app = "bench-restart-" + run;
    try (EventWatcher events = new EventWatcher(stack.bootstrap(), admin)) {
      long t0 = System.nanoTime();
      int status = post(http, stack.url(Service.TRIGGER) + "/api/v1/builds", app, "1.0.0");
      Long at = events.await("DEV", app, "1.0.0", PROMOTION_TIMEOUT);
      return "first build after it: "
          + status
          + (at == null
              ? ", not in DEV within " + PROMOTION_TIMEOUT.toSeconds() + " s"
              : ", in DEV after " + Math.round((at - t0) / 1e6) + " ms");
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
  void latency(String trigger, EventWatcher dev, double[] txHop) throws Exception {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    String url = trigger + "/api/v1/builds";
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
      Long at = dev.await("DEV", app, version, PROMOTION_TIMEOUT);
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
  void httpThroughput(String prefix, List<String> triggers, EventWatcher dev) throws Exception {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    int n = plan.httpBuilds();
    ExecutorService clients = Executors.newFixedThreadPool(plan.httpClients());
    AtomicInteger next = new AtomicInteger();
    AtomicInteger refused = new AtomicInteger();
    java.util.concurrent.atomic.AtomicReference<String> firstRefusal =
        new java.util.concurrent.atomic.AtomicReference<>();
    List<String> keys = new ArrayList<>(n);
    IntFunction<String> app = i -> "bench-http-" + tag(prefix) + run + "-" + i;
    for (int i = 0; i < n; i++) {
      keys.add(EventWatcher.key(EventWatcher.PROMOTED, "DEV", app.apply(i) + "|1.0.0"));
    }
    Cpu.Machine machineBefore = Cpu.machine();
    double stackBefore = stackCpuSeconds();
    long start = System.nanoTime();
    List<Future<?>> done = new ArrayList<>();
    for (int c = 0; c < plan.httpClients(); c++) {
      // clients spread over the trigger instances
      String url = triggers.get(c % triggers.size()) + "/api/v1/builds";
      done.add(
          clients.submit(
              () -> {
                for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
                  int status = post(http, url, app.apply(i), "1.0.0");
                  if (status != 202) {
                    refused.incrementAndGet();
                    firstRefusal.compareAndSet(null, "first refusal: " + status);
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
            prefix + "builds accepted over HTTP",
            (n - refused.get()) / accepted,
            "/s",
            GOAL_THROUGHPUT,
            "goal-min",
            n
                + " builds, "
                + plan.httpClients()
                + " clients, "
                + triggers.size()
                + " trigger instance(s), "
                + refused.get()
                + " refused"
                + (firstRefusal.get() == null ? "" : ", " + firstRefusal.get())));
    promotedRate(prefix + "builds promoted into DEV (HTTP intake)", dev, keys, start);
    cpu(prefix + "CPU during the HTTP run", machineBefore, stackBefore, start);
  }

  /**
   * BuildCompleted produced straight to promoflow.builds.v1 (as the admin principal), and their
   * rate into DEV.
   */
  void directThroughput(String prefix, String bootstrap, EventWatcher dev, int n) throws Exception {
    Map<String, Object> p = clientConfig(bootstrap);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    List<String> keys = new ArrayList<>(n);
    Cpu.Machine machineBefore = Cpu.machine();
    double stackBefore = stackCpuSeconds();
    long start = System.nanoTime();
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
      for (int i = 0; i < n; i++) {
        String app = "bench-direct-" + tag(prefix) + run + "-" + i;
        keys.add(EventWatcher.key(EventWatcher.PROMOTED, "DEV", app + "|1.0.0"));
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
            prefix + "builds produced to " + Topics.BUILDS.name(),
            n / produced,
            "/s",
            Double.NaN,
            "none",
            n + " records, one producer, acks=all"));
    promotedRate(prefix + "builds promoted into DEV (direct to topic)", dev, keys, start);
    cpu(prefix + "CPU during the direct run", machineBefore, stackBefore, start);
  }

  /**
   * {@code prefix} as part of an application name: letters and digits only, e.g. {@code scale1x}
   * for {@code "scale 1x: "} (application names are validated: no spaces or colons).
   */
  static String tag(String prefix) {
    return prefix.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
  }

  /** The one-JVM stack being measured; null for the scale table's multi-process stacks. */
  private ChildStack measured;

  private double stackCpuSeconds() {
    return measured == null ? Double.NaN : measured.cpuSeconds();
  }

  /**
   * Cores the stack used since {@code start} (its process' CPU time / wall time) and how busy the
   * whole machine was: what bounds a throughput figure on a shared machine.
   */
  private void cpu(String name, Cpu.Machine machineBefore, double stackBefore, long start) {
    double wall = (System.nanoTime() - start) / 1e9;
    double busy = Cpu.machine().busySince(machineBefore);
    int cores = Runtime.getRuntime().availableProcessors();
    double stackCores = (stackCpuSeconds() - stackBefore) / wall;
    figures.add(
        new Figure(
            name,
            Double.isNaN(stackCores) ? busy * cores : stackCores,
            "cores",
            Double.NaN,
            "none",
            (Double.isNaN(stackCores) ? "all processes; " : "the stack's JVM; ")
                + String.format(Locale.ROOT, "machine %.0f%% busy of %d cores", 100 * busy, cores)
                + " over "
                + Figures.number(wall)
                + " s, load average "
                + loadAverage()));
  }

  private void promotedRate(String name, EventWatcher dev, List<String> keys, long start) {
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

  /**
   * {@code VerificationPassed} in DEV -> {@code StagePromoted} in QA, p50/p99/max, against 3 hops
   * of the transactional floor. A verification passes in DEV when its monitoring window (the local
   * policy's {@code monitoringWindow} PT3S, soak time 0) ends with a health report inside it: each
   * build (its own application, with the unit-test and SBOM evidence the DEV->QA gates read, from
   * the demo) is posted, and once it is in DEV reported healthy as the deployer would ({@code POST
   * /api/v1/health-reports}, role ci). Builds start at {@link #VERIFY_RATE}/s so that windows
   * overlap but the stack is not saturated; the latency is measured from when the {@code
   * VerificationPassed} became visible to a read_committed consumer to when the {@code
   * StagePromoted} QA did, so the window's own 3 s are not in it.
   */
  void verifiedLatency(String trigger, String rollback, EventWatcher events, double[] txHop)
      throws Exception {
    int n = plan.verifiedBuilds();
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    JsonMapper json = JsonMapper.builder().build();
    Map<String, String> docs = DemoEvidence.documents();
    // the DEV->QA gates of the local policy: unit-tests (JUnit XML) and vulnerabilities (CycloneDX)
    List<Map<String, String>> evidence =
        List.of(
            Map.of("format", "junit-xml", "content", docs.get("junit-xml")),
            Map.of("format", "cyclonedx-json", "content", docs.get("cyclonedx-json")));
    ScheduledExecutorService deployers = Executors.newScheduledThreadPool(16);
    List<Future<String>> started = new ArrayList<>();
    List<String> apps = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String app = "bench-verify-" + run + "-" + i;
      apps.add(app);
      started.add(
          deployers.schedule(
              () -> buildAndReportHealthy(http, json, trigger, rollback, app, evidence, events),
              i * 1000L / VERIFY_RATE,
              TimeUnit.MILLISECONDS));
    }
    List<String> problems = new ArrayList<>();
    for (Future<String> f : started) {
      String problem = f.get();
      if (problem != null) {
        problems.add(problem);
      }
    }
    deployers.shutdown();
    List<String> qaKeys =
        apps.stream()
            .map(a -> EventWatcher.key(EventWatcher.PROMOTED, "QA", a + "|1.0.0"))
            .toList();
    Map<String, Long> inQa = events.awaitAll(qaKeys, PROMOTION_TIMEOUT.plusSeconds(n / 20));
    long[] samples = new long[n];
    // each hop on its own: VerificationPassed -> PromotionRequested QA -> GatesEvaluated ->
    // StagePromoted QA, as seen by the same read_committed consumer
    long[][] hops = new long[3][n];
    int measured = 0;
    int split = 0;
    for (String app : apps) {
      String av = app + "|1.0.0";
      Long passed = events.seen(EventWatcher.key(EventWatcher.PASSED, "DEV", av));
      Long qa = inQa.get(EventWatcher.key(EventWatcher.PROMOTED, "QA", av));
      Long requested = events.seen(EventWatcher.key(EventWatcher.REQUESTED, "QA", av));
      Long gates = events.gatesSeen("QA", av);
      if (passed != null && qa != null && requested != null && gates != null) {
        hops[0][split] = requested - passed;
        hops[1][split] = gates - requested;
        hops[2][split] = qa - gates;
        split++;
      }
      if (passed != null && qa != null) {
        samples[measured++] = qa - passed;
      } else if (problems.size() < 5) {
        problems.add(
            av
                + ": "
                + (passed == null ? "no VerificationPassed DEV" : "not in QA")
                + outcome(events, av));
      }
    }
    if (measured == 0) {
      throw new IllegalStateException("no build verified in DEV reached QA: " + problems);
    }
    long[] got = Arrays.copyOf(samples, measured);
    String floor50 = HOPS_VERIFIED_TO_QA + " hops x " + Figures.number(txHop[0]) + " ms";
    String floor99 = HOPS_VERIFIED_TO_QA + " hops x " + Figures.number(txHop[1]) + " ms";
    String of = measured + " of " + n + " builds" + (problems.isEmpty() ? "" : ", " + problems);
    figures.add(
        new Figure(
            "verified DEV->QA p50",
            percentile(got, 50),
            "ms",
            HOPS_VERIFIED_TO_QA * txHop[0],
            "floor",
            floor50));
    figures.add(
        new Figure(
            "verified DEV->QA p99",
            percentile(got, 99),
            "ms",
            HOPS_VERIFIED_TO_QA * txHop[1],
            "floor",
            floor99 + "; goal <= 2x"));
    figures.add(
        new Figure(
            "verified DEV->QA max",
            percentile(got, 100),
            "ms",
            HOPS_VERIFIED_TO_QA * txHop[1],
            "floor",
            floor99 + ", " + of));
    if (split > 0) {
      String[] names = {
        "trigger: PromotionRequested", "gate: GatesEvaluated", "promotion: StagePromoted"
      };
      StringBuilder basis = new StringBuilder();
      for (int h = 0; h < 3; h++) {
        long[] got2 = Arrays.copyOf(hops[h], split);
        basis
            .append(h == 0 ? "" : ", ")
            .append(names[h])
            .append(" ")
            .append(Figures.number(percentile(got2, 50)))
            .append("/")
            .append(Figures.number(percentile(got2, 99)))
            .append(" ms");
      }
      figures.add(
          new Figure(
              "verified DEV->QA per hop p50/p99",
              split,
              "builds",
              Double.NaN,
              "none",
              basis.toString()));
    }
  }

  private static String outcome(EventWatcher events, String av) {
    for (String kind : List.of(EventWatcher.FAILED, EventWatcher.INCONCLUSIVE)) {
      if (events.seen(EventWatcher.key(kind, "DEV", av)) != null) {
        return " (" + kind + " DEV)";
      }
    }
    if (events.seen(EventWatcher.key(EventWatcher.BLOCKED, "QA", av)) != null) {
      return " (PromotionBlocked QA)";
    }
    return "";
  }

  /**
   * Posts a build with {@code evidence}, waits until it is in DEV and reports it healthy there;
   * null when done, else what went wrong.
   */
  private String buildAndReportHealthy(
      HttpClient http,
      JsonMapper json,
      String trigger,
      String rollback,
      String app,
      List<Map<String, String>> evidence,
      EventWatcher events)
      throws IOException {
    Map<String, Object> build = new HashMap<>();
    build.put("application", app);
    build.put("version", "1.0.0");
    build.put("digest", digest(app, "1.0.0"));
    build.put("sourceCommit", "c".repeat(40));
    build.put("commitAuthor", "author@bench.example");
    build.put("repository", "bench/" + app);
    build.put("pipelineRunId", "bench-" + run);
    build.put("buildFinishedAt", Instant.now().toString());
    build.put("evidence", evidence);
    int status = send(http, trigger + "/api/v1/builds", json.writeValueAsString(build));
    if (status != 202) {
      return app + ": POST /api/v1/builds answered " + status;
    }
    if (events.await("DEV", app, "1.0.0", PROMOTION_TIMEOUT) == null) {
      return app + ": not in DEV within " + PROMOTION_TIMEOUT.toSeconds() + " s";
    }
    String report =
        json.writeValueAsString(
            Map.of(
                "application",
                app,
                "stage",
                "DEV",
                "version",
                "1.0.0",
                "healthScore",
                0.99,
                "errorRate",
                0.001,
                "latencyP99Ms",
                180,
                "criticalAnomalies",
                0));
    // rollback-service sees the promotion a moment after the promotions topic does: 409 until then
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
    do {
      status = send(http, rollback + "/api/v1/health-reports", report);
      if (status == 202) {
        return null;
      }
      java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
    } while (System.nanoTime() < deadline);
    return app + ": POST /api/v1/health-reports answered " + status;
  }

  /**
   * The scale table: the throughput runs (HTTP intake spread over the trigger instances, and
   * BuildCompleted straight to the topic) on a multi-process stack ({@code ProcessStack}: the
   * broker and N JVMs of each of the six services, its default JVM options) for N = 1, 2, 3, each
   * on fresh data. Topics have 3 partitions, so 3 instances is the most that share the work.
   */
  void scale(Path out) throws Exception {
    List<String> table = new ArrayList<>();
    table.add(
        "| instances per service | JVMs | ready | accepted over HTTP | HTTP intake into DEV |"
            + " direct into DEV | load average after |");
    table.add("| --- | --- | --- | --- | --- | --- | --- |");
    for (int n : SCALE) {
      Path home = Files.createTempDirectory("promoflow-bench-scale-" + n + "-");
      java.util.Properties props = new java.util.Properties();
      props.setProperty("promoflow.home", home.toString());
      props.setProperty("promoflow.kafka-port", "" + freePort());
      props.setProperty("promoflow.controller-port", "" + freePort());
      props.setProperty("promoflow.ports", "0");
      props.setProperty("promoflow.policy", "file:" + Home.policyFile());
      String prefix = "scale " + n + "x: ";
      long t0 = System.nanoTime();
      ProcessStack stack;
      try {
        stack = ProcessStack.start(ProcessStack.Settings.from(props, n), Duration.ofSeconds(600));
      } catch (RuntimeException e) {
        deleteQuietly(home);
        throw e;
      }
      try {
        Figure ready =
            figures.add(
                new Figure(
                    prefix + "stack ready",
                    (System.nanoTime() - t0) / 1e9,
                    "s",
                    Double.NaN,
                    "none",
                    (1 + 6 * n) + " JVMs"));
        List<String> triggers =
            stack.instances(Service.TRIGGER).stream().map(ProcessStack.Member::url).toList();
        int before = figures.all().size();
        try (EventWatcher events = new EventWatcher(stack.bootstrap(), admin)) {
          httpThroughput(prefix, triggers, events);
          directThroughput(prefix, stack.bootstrap(), events, plan.directBuilds());
        }
        List<Figure> got = figures.all().subList(before, figures.all().size());
        table.add(
            String.format(
                Locale.ROOT,
                "| %d | %d | %.0f s | %s/s | %s/s | %s/s | %s |",
                n,
                1 + 6 * n,
                ready.value(),
                Figures.number(value(got, "builds accepted over HTTP")),
                Figures.number(value(got, "builds promoted into DEV (HTTP intake)")),
                Figures.number(value(got, "builds promoted into DEV (direct to topic)")),
                loadAverage()));
      } finally {
        stack.close();
        deleteQuietly(home);
      }
    }
    String text = String.join("\n", table) + "\n";
    Files.writeString(out.resolve("scale.md"), text);
    System.out.print(text);
  }

  /** The value of the figure among {@code got} whose name ends with {@code name}; NaN if none. */
  static double value(List<Figure> got, String name) {
    return got.stream()
        .filter(f -> f.name().endsWith(name))
        .mapToDouble(Figure::value)
        .findFirst()
        .orElse(Double.NaN);
  }

  /** {@code promoflow audit verify} and {@code audit replay} code over this run's topics. */
  void replay(String bootstrap) {
    KafkaConnection kafka = new KafkaConnection(bootstrap, Optional.of(admin));
    long start = System.nanoTime();
    List<AuditTopicReader.Read> reads = AuditTopicReader.read(kafka, Topics.AUDIT.name());
    long read = System.nanoTime();
    ChainVerifier.Report report =
        ChainVerifier.verify(reads.stream().map(AuditTopicReader.Read::entry).toList());
    double s = (System.nanoTime() - start) / 1e9;
    double chainOnly = (System.nanoTime() - read) / 1e9;
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
    figures.add(
        new Figure(
            "audit verify, chain only (in memory)",
            reads.size() / chainOnly,
            "/s",
            GOAL_REPLAY,
            "goal-min",
            "the same records, read and decoded before"));
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
    long decoded = System.nanoTime();
    GateReplay.Result result = GateReplay.replay(events);
    s = (System.nanoTime() - start) / 1e9;
    double foldOnly = (System.nanoTime() - decoded) / 1e9;
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
    figures.add(
        new Figure(
            "audit replay, fold only (in memory)",
            events.size() / foldOnly,
            "/s",
            GOAL_REPLAY,
            "goal-min",
            "the same events, read and decoded before; one pass, JIT-cold"));
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
    return send(http, url, body);
  }

  /** POSTs {@code body} (JSON) as ci; the status. */
  private static int send(HttpClient http, String url, String body) throws IOException {
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
    return statusMb(Path.of("/proc/self/status"), "VmHWM:");
  }

  /**
   * The {@code kB} value of the line starting with {@code field} of a /proc status or meminfo file,
   * in MB; NaN when there is none.
   */
  static double statusMb(Path file, String field) {
    try {
      for (String line : Files.readAllLines(file)) {
        if (line.startsWith(field)) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
        }
      }
    } catch (IOException | NumberFormatException e) {
      System.out.println("note: no " + field + " in " + file + " (" + e + ")");
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
