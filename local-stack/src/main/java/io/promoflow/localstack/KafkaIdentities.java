package io.promoflow.localstack;

import io.promoflow.schemas.KafkaCredentials;
import java.util.Map;
import java.util.TreeMap;

/**
 * Who may connect to a Promoflow broker: its super user (the broker itself and its setup) and the
 * password of every principal {@link KafkaAcls} grants something to.
 *
 * @param admin the broker's super user: inter-broker and controller connections, topic and ACL
 *     setup
 * @param passwords principal name to password, for every principal of {@link KafkaAcls#principals}
 */
public record KafkaIdentities(KafkaCredentials admin, Map<String, String> passwords) {

  /** The super user's name. */
  public static final String ADMIN = "promoflow-admin";

  public KafkaIdentities {
    passwords = Map.copyOf(passwords);
  }

  /**
   * The local stack's documented credentials (docs/identities.md), like its demo tokens: principal
   * {@code <name>}, password {@code local-<name>}, e.g. {@code promotion-service} / {@code
   * local-promotion-service}. For this machine only.
   */
  public static KafkaIdentities local() {
    Map<String, String> passwords = new TreeMap<>();
    for (String p : KafkaAcls.principals(io.promoflow.schemas.Topics.ALL)) {
      passwords.put(p, "local-" + p);
    }
    return new KafkaIdentities(
        new KafkaCredentials(ADMIN, "local-" + ADMIN, KafkaCredentials.SCRAM_SHA_512), passwords);
  }

  /**
   * A principal's credentials.
   *
   * @throws IllegalArgumentException for a principal without a password here (fail closed: no
   *     anonymous fallback)
   */
  public KafkaCredentials of(String principal) {
    String password = passwords.get(principal);
    if (password == null) {
      throw new IllegalArgumentException("no Kafka credentials for " + principal);
    }
    return new KafkaCredentials(principal, password, KafkaCredentials.SCRAM_SHA_512);
  }

  @Override
  public String toString() {
    return "KafkaIdentities["
        + admin.username()
        + ", principals "
        + new TreeMap<>(passwords).keySet()
        + "]";
  }
}
