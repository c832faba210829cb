package io.promoflow.localstack;

import io.promoflow.schemas.KafkaCredentials;
import io.promoflow.schemas.Topic;
import io.promoflow.schemas.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialAlteration;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Brings a SASL broker to Promoflow's identities, as its super user: every principal's
 * SCRAM-SHA-512 credential, the contract's topics and dead-letter topics (created here, so services
 * need no CREATE grant), and exactly the ACLs of {@link KafkaAcls} (bindings not generated there
 * are deleted). Idempotent: run at every local-stack start, and once by docker-compose's {@code
 * kafka-setup}.
 */
public final class BrokerSetup {

  /** Partitions per topic, as {@code promoflow.kafka.topics.partitions} (platform default). */
  public static final int PARTITIONS = 3;

  /**
   * Retention of every topic, as {@code promoflow.kafka.topics.retention} (platform default, audit
   * retention).
   */
  public static final Duration RETENTION = Duration.ofDays(730);

  private static final long TIMEOUT_S = 30;

  private BrokerSetup() {}

  /**
   * Applies credentials, topics and ACLs.
   *
   * @param bootstrap the broker's SASL listener
   * @throws IllegalStateException when the broker refuses or does not answer within 30 s per step
   */
  public static void apply(String bootstrap, KafkaIdentities identities) {
    Map<String, Object> config = new HashMap<>(identities.admin().clientProperties());
    config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    try (Admin admin = Admin.create(config)) {
      upsertCredentials(admin, identities.passwords());
      createTopics(admin, Topics.ALL);
      syncAcls(admin, KafkaAcls.bindings());
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException(
          "setting up Kafka's identities at " + bootstrap + " failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while setting up Kafka's identities", e);
    }
  }

  private static void upsertCredentials(Admin admin, Map<String, String> passwords)
      throws ExecutionException, InterruptedException, TimeoutException {
    List<UserScramCredentialAlteration> alterations = new ArrayList<>();
    passwords.forEach(
        (user, password) ->
            alterations.add(
                new UserScramCredentialUpsertion(
                    user, new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096), password)));
    admin.alterUserScramCredentials(alterations).all().get(TIMEOUT_S, TimeUnit.SECONDS);
  }

  private static void createTopics(Admin admin, List<Topic<?>> topics)
      throws ExecutionException, InterruptedException, TimeoutException {
    Map<String, String> config =
        Map.of(
            TopicConfig.RETENTION_MS_CONFIG,
            String.valueOf(RETENTION.toMillis()),
            TopicConfig.CLEANUP_POLICY_CONFIG,
            TopicConfig.CLEANUP_POLICY_DELETE);
    Set<String> existing = admin.listTopics().names().get(TIMEOUT_S, TimeUnit.SECONDS);
    List<NewTopic> missing = new ArrayList<>();
    for (Topic<?> t : topics) {
      for (String name : List.of(t.name(), t.deadLetterName())) {
        if (!existing.contains(name)) {
          missing.add(new NewTopic(name, PARTITIONS, (short) 1).configs(config));
        }
      }
    }
    for (var result : admin.createTopics(missing).values().values()) {
      try {
        result.get(TIMEOUT_S, TimeUnit.SECONDS);
      } catch (ExecutionException e) {
        // created concurrently by an earlier, interrupted setup: the topic is there, which is all
        // we need
        if (!(e.getCause() instanceof TopicExistsException)) {
          throw e;
        }
      }
    }
  }

  private static void syncAcls(Admin admin, List<AclBinding> wanted)
      throws ExecutionException, InterruptedException, TimeoutException {
    Set<AclBinding> want = new HashSet<>(wanted);
    List<AclBindingFilter> stale =
        admin.describeAcls(AclBindingFilter.ANY).values().get(TIMEOUT_S, TimeUnit.SECONDS).stream()
            .filter(b -> !want.contains(b))
            .map(AclBinding::toFilter)
            .toList();
    if (!stale.isEmpty()) {
      admin.deleteAcls(stale).all().get(TIMEOUT_S, TimeUnit.SECONDS);
    }
    admin.createAcls(wanted).all().get(TIMEOUT_S, TimeUnit.SECONDS);
    // the controller has committed them; the broker applies metadata a moment later, and
    // DescribeAcls answers from
    // the broker's own authorizer: once it lists every binding, so does its authorization (and,
    // metadata being applied
    // in order, the credentials upserted before)
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_S);
    while (!admin
        .describeAcls(AclBindingFilter.ANY)
        .values()
        .get(TIMEOUT_S, TimeUnit.SECONDS)
        .containsAll(want)) {
      if (System.nanoTime() > deadline) {
        throw new TimeoutException("the broker did not apply the ACLs within " + TIMEOUT_S + " s");
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
    }
  }

  /**
   * The identities of a deployment from the environment: {@code PROMOFLOW_KAFKA_ADMIN_PASSWORD}
   * (and {@code PROMOFLOW_KAFKA_ADMIN_MECHANISM}, SCRAM-SHA-512 unless set) and, per principal,
   * {@code PROMOFLOW_KAFKA_PASSWORD_<PRINCIPAL>} ({@code promotion-service} → {@code
   * PROMOFLOW_KAFKA_PASSWORD_PROMOTION_SERVICE}).
   *
   * @throws IllegalArgumentException naming the first variable missing: no principal is left
   *     without a password
   */
  static KafkaIdentities fromEnvironment(Map<String, String> env) {
    String adminPassword = require(env, "PROMOFLOW_KAFKA_ADMIN_PASSWORD");
    Map<String, String> passwords = new TreeMap<>();
    for (String p : KafkaAcls.principals(Topics.ALL)) {
      passwords.put(p, require(env, passwordVariable(p)));
    }
    // docker-compose's broker knows its super user from its PLAIN JAAS line (the image cannot add
    // SCRAM at format)
    String mechanism =
        env.getOrDefault("PROMOFLOW_KAFKA_ADMIN_MECHANISM", KafkaCredentials.SCRAM_SHA_512);
    return new KafkaIdentities(
        new KafkaCredentials(KafkaIdentities.ADMIN, adminPassword, mechanism), passwords);
  }

  /** {@code PROMOFLOW_KAFKA_PASSWORD_<PRINCIPAL>}, upper case, {@code -} as {@code _}. */
  static String passwordVariable(String principal) {
    return "PROMOFLOW_KAFKA_PASSWORD_" + principal.toUpperCase(Locale.ROOT).replace('-', '_');
  }

  private static String require(Map<String, String> env, String name) {
    String value = env.get(name);
    if (value == null || value.isEmpty()) {
      throw new IllegalArgumentException(name + " is not set");
    }
    return value;
  }

  /**
   * docker-compose's {@code kafka-setup}: applies the identities of the environment to {@code
   * PROMOFLOW_KAFKA_BOOTSTRAP}.
   */
  public static void main(String[] args) {
    String bootstrap = System.getenv().getOrDefault("PROMOFLOW_KAFKA_BOOTSTRAP", "localhost:9092");
    apply(bootstrap, fromEnvironment(System.getenv()));
    System.out.println(
        "Kafka at "
            + bootstrap
            + ": credentials, topics and "
            + KafkaAcls.bindings().size()
            + " ACL bindings applied");
  }
}
