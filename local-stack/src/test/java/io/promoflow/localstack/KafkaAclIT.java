package io.promoflow.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promoflow.cli.audit.AuditTopicReader;
import io.promoflow.cli.audit.KafkaConnection;
import io.promoflow.schemas.CatalogueSerializer;
import io.promoflow.schemas.KafkaCredentials;
import io.promoflow.schemas.Topics;
import io.promoflow.schemas.approvals.ApprovalGranted;
import io.promoflow.schemas.approvals.ApprovalsEnvelope;
import io.promoflow.schemas.audit.AuditEnvelope;
import io.promoflow.schemas.audit.AuditRecorded;
import io.promoflow.schemas.common.EventMetadata;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local stack's real KRaft broker with SASL/SCRAM and the ACLs generated from the topic
 * catalogue: one writer per topic is enforced by Kafka itself (GitHub issue 12 point 3).
 */
class KafkaAclIT {

  static final KafkaIdentities IDS = KafkaIdentities.local();
  @TempDir static Path home;
  static KafkaBroker broker;

  @BeforeAll
  static void start() throws IOException {
    broker = KafkaBroker.start(home.resolve("kafka"), freePort(), freePort(), IDS);
  }

  @AfterAll
  static void stop() {
    if (broker != null) {
      broker.close();
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  static KafkaProducer<String, Object> producer(Optional<KafkaCredentials> as, boolean idempotent) {
    Map<String, Object> config = new HashMap<>();
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, idempotent);
    if (!idempotent) {
      config.put(ProducerConfig.ACKS_CONFIG, "1");
    }
    as.ifPresent(c -> config.putAll(c.clientProperties()));
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap());
    config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000);
    config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 10_000);
    config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
    return new KafkaProducer<>(config, new StringSerializer(), new CatalogueSerializer());
  }

  /**
   * Sends one record and waits for the broker's answer; the cause of a refusal, or null when it was
   * written.
   */
  static Throwable send(Optional<KafkaCredentials> as, String topic, Object value) {
    return send(as, topic, value, true);
  }

  static Throwable send(
      Optional<KafkaCredentials> as, String topic, Object value, boolean idempotent) {
    try (KafkaProducer<String, Object> p = producer(as, idempotent)) {
      p.send(new ProducerRecord<>(topic, "bookstore", value)).get();
      return null;
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (RuntimeException e) {
      return e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static EventMetadata meta(String actor, String source) {
    return EventMetadata.newBuilder()
        .setEventId(UUID.randomUUID().toString())
        .setOccurredAt(Instant.now())
        .setActor(actor)
        .setSource(source)
        .build();
  }

  static ApprovalsEnvelope forgedGrant(String source) {
    return new ApprovalsEnvelope(
        meta("mallory", source),
        new ApprovalGranted("no-such-approval", List.of("release-manager"), null, List.of()));
  }

  @Test
  void anAnonymousProducerIsRefused() {
    Throwable refused =
        send(Optional.empty(), Topics.APPROVALS.name(), forgedGrant("approval-service"));
    // a plaintext client never gets past the SASL handshake: no metadata, nothing written
    assertThat(refused).isNotNull();
    assertThat(refused).isInstanceOf(org.apache.kafka.common.errors.TimeoutException.class);
  }

  @Test
  void aWrongPasswordOrAnUnknownPrincipalIsRefused() {
    assertThat(
            send(
                Optional.of(new KafkaCredentials("approval-service", "guessed", "SCRAM-SHA-512")),
                Topics.APPROVALS.name(),
                forgedGrant("approval-service")))
        .isInstanceOf(SaslAuthenticationException.class);
    assertThat(
            send(
                Optional.of(new KafkaCredentials("mallory", "local-mallory", "SCRAM-SHA-512")),
                Topics.APPROVALS.name(),
                forgedGrant("approval-service")))
        .isInstanceOf(SaslAuthenticationException.class);
  }

  @Test
  void aServiceCannotWriteATopicItDoesNotOwn() {
    assertThat(
            send(
                Optional.of(IDS.of("gate-service")),
                Topics.APPROVALS.name(),
                forgedGrant("gate-service")))
        .isInstanceOf(TopicAuthorizationException.class);
    // ...nor another service's dead-letter topic of a topic it does not read
    assertThat(
            send(
                Optional.of(IDS.of("gate-service")),
                Topics.NOTIFICATIONS.deadLetterName(),
                forgedGrant("gate-service")))
        .isInstanceOf(TopicAuthorizationException.class);
  }

  @Test
  void theWriterDeadLettersAResultItCouldNotWrite() {
    // gate-service does not read gate results, but its topology dead-letters an oversized one into
    // their DLT
    assertThat(
            send(
                Optional.of(IDS.of("gate-service")),
                Topics.GATE_RESULTS.deadLetterName(),
                forgedGrant("gate-service")))
        .isNull();
  }

  @Test
  void aGrantForgedWithTheCiPrincipalIsRefusedWhileItsBuildsAreAccepted() {
    assertThat(
            send(
                Optional.of(IDS.of(KafkaAcls.CI)),
                Topics.APPROVALS.name(),
                forgedGrant("approval-service")))
        .isInstanceOf(TopicAuthorizationException.class);
    assertThat(
            send(
                Optional.of(IDS.of(KafkaAcls.CI)),
                Topics.BUILDS.name(),
                new io.promoflow.schemas.builds.BuildsEnvelope(
                    meta("ci", "ci"),
                    new io.promoflow.schemas.builds.EvidenceSubmitted(List.of()))))
        .isNull();
  }

  @Test
  void theOwnerWritesAndTheAuditorReadsButCannotWrite() {
    String content = "{\"acl\": true}";
    AuditEnvelope record =
        new AuditEnvelope(
            meta("promotion-service", "promotion-service"),
            new AuditRecorded(
                1L,
                Topics.PROMOTIONS.name(),
                UUID.randomUUID().toString(),
                "StagePromoted",
                content,
                null,
                io.promoflow.schemas.AuditHashes.hash(null, content)));
    assertThat(send(Optional.of(IDS.of("promotion-service")), Topics.AUDIT.name(), record))
        .isNull();

    KafkaConnection auditor =
        new KafkaConnection(broker.bootstrap(), Optional.of(IDS.of(KafkaAcls.AUDIT)));
    assertThat(AuditTopicReader.read(auditor, Topics.AUDIT.name()))
        .anySatisfy(r -> assertThat(r.entry().record().getContent()).isEqualTo(content));
    // an idempotent producer (the default) is refused its producer id; a plain one the topic.
    // The refusal reaches the send either as it is or, when the producer already entered its
    // error state, as the cause of a KafkaException: either way it is the cluster authorization.
    Throwable refused = send(Optional.of(IDS.of(KafkaAcls.AUDIT)), Topics.AUDIT.name(), record);
    assertThat(java.util.stream.Stream.iterate(refused, t -> t != null, Throwable::getCause))
        .as("the refusal and its causes: %s", refused)
        .anyMatch(org.apache.kafka.common.errors.ClusterAuthorizationException.class::isInstance);
    assertThat(send(Optional.of(IDS.of(KafkaAcls.AUDIT)), Topics.AUDIT.name(), record, false))
        .isInstanceOf(TopicAuthorizationException.class);
  }

  @Test
  void aServiceReadsWhatItConsumesOnlyInItsOwnGroups() {
    assertThat(
            send(
                Optional.of(IDS.of("approval-service")),
                Topics.APPROVALS.name(),
                forgedGrant("approval-service")))
        .isNull();
    Map<String, Object> own = new HashMap<>(IDS.of("notification-service").clientProperties());
    own.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap());
    // the notification listener's group is its listener id (KafkaAcls.LISTENER_GROUPS)
    own.put(ConsumerConfig.GROUP_ID_CONFIG, "notifications");
    own.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    try (KafkaConsumer<String, byte[]> c =
        new KafkaConsumer<>(own, new StringDeserializer(), new ByteArrayDeserializer())) {
      c.subscribe(List.of(Topics.APPROVALS.name()));
      List<Object> read = new java.util.ArrayList<>();
      org.awaitility.Awaitility.await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> {
                c.poll(Duration.ofMillis(200)).forEach(r -> read.add(r.value()));
                return !read.isEmpty();
              });
    }
    Map<String, Object> config = new HashMap<>(IDS.of("notification-service").clientProperties());
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap());
    config.put(ConsumerConfig.GROUP_ID_CONFIG, "gate-service");
    try (KafkaConsumer<String, byte[]> c =
        new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
      c.subscribe(List.of(Topics.APPROVALS.name()));
      // another service's consumer group is not the notification service's to join
      assertThatThrownBy(() -> c.poll(Duration.ofSeconds(10)))
          .isInstanceOf(org.apache.kafka.common.errors.GroupAuthorizationException.class);
    }
  }
}
