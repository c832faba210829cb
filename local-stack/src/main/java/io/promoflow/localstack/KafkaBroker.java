package io.promoflow.localstack;

import io.promoflow.schemas.KafkaCredentials;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.utils.Time;

/**
 * A real single-node KRaft broker (broker and controller in one) running in this process, from
 * Maven Central's Kafka jars. Its log directory is kept across restarts; the first start formats
 * it.
 *
 * <p>Every connection authenticates (GitHub issue 12 point 3): clients with SASL/SCRAM-SHA-512 on
 * the client listener, the broker to its own controller with SASL/PLAIN (SCRAM credentials live in
 * the metadata the controller serves, so the controller listener cannot use them). The KRaft {@code
 * StandardAuthorizer} refuses whatever {@link KafkaAcls} does not grant; the super user {@link
 * KafkaIdentities#ADMIN} exists from formatting on ({@code --add-scram}), and each start applies
 * the principals' credentials, topics and ACLs with it ({@link BrokerSetup}). docs/identities.md.
 */
public final class KafkaBroker implements AutoCloseable {

  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(KafkaBroker.class);

  private final KafkaRaftServer server;
  private final int port;

  private KafkaBroker(KafkaRaftServer server, int port) {
    this.server = server;
    this.port = port;
  }

  /**
   * Formats {@code dataDir} if needed and starts the broker with the local stack's documented
   * identities ({@link KafkaIdentities#local()}).
   *
   * @param port client port (SASL_PLAINTEXT), e.g. 9092
   * @param controllerPort KRaft controller port, e.g. 9093
   * @throws IllegalStateException when formatting or the identity setup fails
   */
  public static KafkaBroker start(Path dataDir, int port, int controllerPort) {
    return start(dataDir, port, controllerPort, KafkaIdentities.local());
  }

  /**
   * Formats {@code dataDir} if needed, starts the broker and applies {@code identities}
   * (credentials, topics, ACLs).
   *
   * @throws IllegalStateException when formatting or the identity setup fails, or when {@code
   *     dataDir} was formatted before the broker required SASL (it has no super user: {@code
   *     ./promoflow reset})
   */
  public static KafkaBroker start(
      Path dataDir, int port, int controllerPort, KafkaIdentities identities) {
    KafkaCredentials admin = identities.admin();
    if (!admin.password().matches("[A-Za-z0-9._~+-]+")) {
      // StorageTool's --add-scram value is [name=...,password=...]: no room for separators or
      // quotes
      throw new IllegalArgumentException(
          "the Kafka admin password may only contain letters, digits and . _ ~ + -");
    }
    try {
      Files.createDirectories(dataDir);
      Path config = dataDir.resolveSibling("server.properties");
      Path saslMarker = dataDir.resolveSibling("kafka.sasl");
      Properties props = properties(dataDir, port, controllerPort, admin);
      try (Writer w = Files.newBufferedWriter(config)) {
        props.store(w, "written by Promoflow's local stack at each start");
      }
      if (!Files.exists(dataDir.resolve("meta.properties"))) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int rc =
            StorageTool.execute(
                new String[] {
                  "format",
                  "--standalone",
                  "-t",
                  Uuid.randomUuid().toString(),
                  "-c",
                  config.toString(),
                  "--add-scram",
                  "SCRAM-SHA-512=[name=" + admin.username() + ",password=" + admin.password() + "]"
                },
                new PrintStream(out, true, StandardCharsets.UTF_8));
        if (rc != 0) {
          throw new IllegalStateException(
              "formatting " + dataDir + " failed: " + out.toString(StandardCharsets.UTF_8));
        }
        Files.writeString(
            saslMarker, "formatted with the SCRAM-SHA-512 super user " + admin.username() + "\n");
      } else if (!Files.exists(saslMarker)) {
        throw new IllegalStateException(
            dataDir
                + " was formatted before Kafka required SASL and has no super user;"
                + " wipe it (./promoflow reset) and start again");
      }
      KafkaRaftServer server =
          new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
      long t0 = System.nanoTime();
      server.startup();
      long started = System.nanoTime();
      KafkaBroker broker = new KafkaBroker(server, port);
      try {
        BrokerSetup.apply(broker.bootstrap(), identities);
        long setUp = System.nanoTime();
        awaitTransactions(broker.bootstrap(), admin);
        // where a (re)start's time goes: log recovery and metadata, identities, the transaction log
        log.info(
            "broker started in {} ms, identities applied in {} ms, transaction coordinator answered in {} ms",
            (started - t0) / 1_000_000,
            (setUp - started) / 1_000_000,
            (System.nanoTime() - setUp) / 1_000_000);
      } catch (RuntimeException e) {
        broker.close();
        throw e;
      }
      return broker;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare the broker's directory " + dataDir, e);
    }
  }

  /**
   * Waits until the broker's transaction coordinator answers (at most 60 s): on a fresh log it
   * first creates {@code __transaction_state}, after a crash it loads it. The services'
   * transactional producers wait only {@code max.block.ms} (4 s, promoflow-platform.yml: a broker
   * outage is a prompt 503), which a service's first publication at start-up (its policy
   * announcement) would otherwise exceed on a slow machine, and fail the start.
   */
  static void awaitTransactions(String bootstrap, KafkaCredentials admin) {
    Map<String, Object> config = new HashMap<>(admin.clientProperties());
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, admin.username() + "-start");
    config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 60_000);
    try (KafkaProducer<byte[], byte[]> p =
        new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
      p.initTransactions();
    } catch (KafkaException e) {
      throw new IllegalStateException(
          "the broker's transaction coordinator did not answer: " + e.getMessage(), e);
    }
  }

  static Properties properties(Path dataDir, int port, int controllerPort, KafkaCredentials admin) {
    Properties p = new Properties();
    p.put("process.roles", "broker,controller");
    p.put("node.id", "1");
    p.put("listeners", "CLIENT://localhost:" + port + ",CONTROLLER://localhost:" + controllerPort);
    p.put("advertised.listeners", "CLIENT://localhost:" + port);
    p.put("controller.listener.names", "CONTROLLER");
    p.put("listener.security.protocol.map", "CLIENT:SASL_PLAINTEXT,CONTROLLER:SASL_PLAINTEXT");
    p.put("inter.broker.listener.name", "CLIENT");
    // clients: SCRAM-SHA-512, credentials in the cluster metadata (BrokerSetup); the broker itself
    // as the super user
    p.put("sasl.mechanism.inter.broker.protocol", "SCRAM-SHA-512");
    p.put("listener.name.client.sasl.enabled.mechanisms", "SCRAM-SHA-512");
    p.put(
        "listener.name.client.scram-sha-512.sasl.jaas.config",
        new KafkaCredentials(admin.username(), admin.password(), "SCRAM-SHA-512").jaasConfig());
    // controller: PLAIN against this file's one user, the super user (the controller serves the
    // SCRAM credentials)
    p.put("sasl.mechanism.controller.protocol", "PLAIN");
    p.put("listener.name.controller.sasl.enabled.mechanisms", "PLAIN");
    p.put(
        "listener.name.controller.plain.sasl.jaas.config",
        "org.apache.kafka.common.security.plain.PlainLoginModule"
            + " required username=\""
            + admin.username()
            + "\" password=\""
            + admin.password()
            + "\" user_"
            + admin.username()
            + "=\""
            + admin.password()
            + "\";");
    p.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
    p.put("super.users", "User:" + admin.username());
    // no ACL = refused (the default, stated because the whole design rests on it)
    p.put("allow.everyone.if.no.acl.found", "false");
    p.put("controller.quorum.bootstrap.servers", "localhost:" + controllerPort);
    p.put("log.dirs", dataDir.toAbsolutePath().toString());
    // one broker: every internal topic has one replica, or transactions time out in InitProducerId
    p.put("offsets.topic.replication.factor", "1");
    p.put("transaction.state.log.replication.factor", "1");
    p.put("transaction.state.log.min.isr", "1");
    // one broker, a handful of clients: 3 partitions each instead of 50 make the first start
    // create, and a restart
    // after kill -9 recover and load, 94 fewer logs. Only topics still to be created take this
    // count: the coordinators
    // use the partition count of an existing topic (a home made with 50 keeps them)
    p.put("offsets.topic.num.partitions", "3");
    p.put("transaction.state.log.num.partitions", "3");
    p.put("share.coordinator.state.topic.replication.factor", "1");
    p.put("share.coordinator.state.topic.min.isr", "1");
    p.put("group.initial.rebalance.delay.ms", "0");
    // after kill -9 the transactions a dead producer left open hold read_committed readers until
    // the broker aborts
    // them: it looks for timed-out transactions (transaction.timeout.ms, 10 s) every second, not
    // every 10 s (default)
    p.put("transaction.abort.timed.out.transaction.cleanup.interval.ms", "1000");
    // after kill -9 the restarted controller still holds the killed broker's registration and
    // refuses the new one
    // (DUPLICATE_BROKER_REGISTRATION) until that session expires: 9 s by default, 3 s here
    // (heartbeats every 0.5 s)
    p.put("broker.session.timeout.ms", "3000");
    p.put("broker.heartbeat.interval.ms", "500");
    p.put("auto.create.topics.enable", "false");
    return p;
  }

  /** {@code localhost:<port>}: the SASL_PLAINTEXT client listener. */
  public String bootstrap() {
    return "localhost:" + port;
  }

  @Override
  public void close() {
    server.shutdown();
    server.awaitShutdown();
  }
}
