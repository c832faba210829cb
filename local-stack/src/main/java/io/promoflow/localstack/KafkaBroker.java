package io.promoflow.localstack;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;

/**
 * A real single-node KRaft broker (broker and controller in one) running in this process, from Maven Central's Kafka
 * jars. Its log directory is kept across restarts; the first start formats it.
 */
public final class KafkaBroker implements AutoCloseable {

  private final KafkaRaftServer server;
  private final int port;

  private KafkaBroker(KafkaRaftServer server, int port) {
    this.server = server;
    this.port = port;
  }

  /**
   * Formats {@code dataDir} if needed and starts the broker.
   *
   * @param port client port (PLAINTEXT), e.g. 9092
   * @param controllerPort KRaft controller port, e.g. 9093
   * @throws IllegalStateException when formatting fails
   */
  public static KafkaBroker start(Path dataDir, int port, int controllerPort) {
    try {
      Files.createDirectories(dataDir);
      Path config = dataDir.resolveSibling("server.properties");
      Properties props = properties(dataDir, port, controllerPort);
      try (Writer w = Files.newBufferedWriter(config)) {
        props.store(w, "written by Promoflow's local stack at each start");
      }
      if (!Files.exists(dataDir.resolve("meta.properties"))) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int rc = StorageTool.execute(new String[] {"format", "--standalone", "-t", Uuid.randomUuid().toString(),
            "-c", config.toString()}, new PrintStream(out, true, StandardCharsets.UTF_8));
        if (rc != 0) {
          throw new IllegalStateException("formatting " + dataDir + " failed: " + out.toString(StandardCharsets.UTF_8));
        }
      }
      KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
      server.startup();
      return new KafkaBroker(server, port);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare the broker's directory " + dataDir, e);
    }
  }

  static Properties properties(Path dataDir, int port, int controllerPort) {
    Properties p = new Properties();
    p.put("process.roles", "broker,controller");
    p.put("node.id", "1");
    p.put("listeners", "PLAINTEXT://localhost:" + port + ",CONTROLLER://localhost:" + controllerPort);
    p.put("advertised.listeners", "PLAINTEXT://localhost:" + port);
    p.put("controller.listener.names", "CONTROLLER");
    p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    p.put("controller.quorum.bootstrap.servers", "localhost:" + controllerPort);
    p.put("log.dirs", dataDir.toAbsolutePath().toString());
    // one broker: every internal topic has one replica, or transactions time out in InitProducerId
    p.put("offsets.topic.replication.factor", "1");
    p.put("transaction.state.log.replication.factor", "1");
    p.put("transaction.state.log.min.isr", "1");
    p.put("share.coordinator.state.topic.replication.factor", "1");
    p.put("share.coordinator.state.topic.min.isr", "1");
    p.put("group.initial.rebalance.delay.ms", "0");
    p.put("auto.create.topics.enable", "false");
    return p;
  }

  /** {@code localhost:<port>}. */
  public String bootstrap() {
    return "localhost:" + port;
  }

  @Override
  public void close() {
    server.shutdown();
    server.awaitShutdown();
  }
}
