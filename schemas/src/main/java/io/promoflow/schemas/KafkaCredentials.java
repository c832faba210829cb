package io.promoflow.schemas;

import java.util.Map;
import java.util.Optional;

/**
 * A Kafka principal's SASL credentials and the client properties that use them (producer, consumer,
 * admin and Streams alike). Without a user name a client connects in plaintext, as the per-service
 * tests with an unauthenticated embedded broker do; with one, it authenticates over {@code
 * SASL_PLAINTEXT}. Here rather than in platform because the CLI (which depends on no Spring module)
 * uses it too; platform's {@code KafkaSaslEnvironment} turns it into Spring settings. Principals
 * and their grants: docs/identities.md.
 *
 * @param username the principal, e.g. {@code promotion-service}
 * @param password its secret; never printed ({@link #toString()} hides it)
 * @param mechanism {@code SCRAM-SHA-512} (the brokers' mechanism), {@code SCRAM-SHA-256} or {@code
 *     PLAIN}
 */
public record KafkaCredentials(String username, String password, String mechanism) {

  /** The mechanism of Promoflow's brokers. */
  public static final String SCRAM_SHA_512 = "SCRAM-SHA-512";

  public KafkaCredentials {
    if (username == null || username.isBlank()) {
      throw new IllegalArgumentException("promoflow.kafka.username: must not be blank");
    }
    // fail closed: a user without a password is a configuration mistake, not a reason to connect
    // anonymously
    if (password == null || password.isEmpty()) {
      throw new IllegalArgumentException(
          "promoflow.kafka.password: missing for Kafka user " + username);
    }
    if (mechanism == null || mechanism.isBlank()) {
      mechanism = SCRAM_SHA_512;
    }
    if (!mechanism.equals("SCRAM-SHA-512")
        && !mechanism.equals("SCRAM-SHA-256")
        && !mechanism.equals("PLAIN")) {
      throw new IllegalArgumentException(
          "promoflow.kafka.sasl-mechanism: "
              + mechanism
              + " is not one of SCRAM-SHA-512, SCRAM-SHA-256, PLAIN");
    }
  }

  /**
   * The credentials configured, or empty (plaintext) when no user name is.
   *
   * @throws IllegalArgumentException when a user name is given without a password
   */
  public static Optional<KafkaCredentials> of(String username, String password, String mechanism) {
    if (username == null || username.isBlank()) {
      return Optional.empty();
    }
    return Optional.of(new KafkaCredentials(username, password, mechanism));
  }

  /**
   * {@code security.protocol}, {@code sasl.mechanism} and {@code sasl.jaas.config} for any Kafka
   * client.
   */
  public Map<String, String> clientProperties() {
    return Map.of(
        "security.protocol",
        "SASL_PLAINTEXT",
        "sasl.mechanism",
        mechanism,
        "sasl.jaas.config",
        jaasConfig());
  }

  /** The client's JAAS line: the SCRAM or PLAIN login module with this user and password. */
  public String jaasConfig() {
    String module =
        mechanism.equals("PLAIN")
            ? "org.apache.kafka.common.security.plain.PlainLoginModule"
            : "org.apache.kafka.common.security.scram.ScramLoginModule";
    return module
        + " required username=\""
        + quote(username)
        + "\" password=\""
        + quote(password)
        + "\";";
  }

  /**
   * JAAS option values are double-quoted strings: a quote or backslash in a secret must not end the
   * value.
   */
  static String quote(String value) {
    return value.replace("\\", "\\\\").replace("\"", "\\\"");
  }

  @Override
  public String toString() {
    return "KafkaCredentials[" + username + ", " + mechanism + ", password hidden]";
  }
}
