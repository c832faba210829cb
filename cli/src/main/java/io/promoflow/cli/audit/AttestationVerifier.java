package io.promoflow.cli.audit;

import io.promoflow.schemas.Attestations;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Checks the signed attestation of every promotion into a stage recorded on the audit chain: a DSSE
 * envelope whose signature verifies with the public key and whose in-toto subject is the promoted
 * artifact's digest.
 */
public final class AttestationVerifier {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private AttestationVerifier() {}

  /**
   * One line per promotion whose attestation is missing, does not verify, or names another
   * artifact.
   */
  public static List<String> verify(List<AuditTopicReader.Read> chain, PublicKey key) {
    List<String> problems = new ArrayList<>();
    for (AuditTopicReader.Read read : chain) {
      var record = read.entry().record();
      if (record == null || !"StagePromoted".equals(record.getSubjectEventType())) {
        continue;
      }
      JsonNode event = JSON.readTree(record.getContent());
      String where =
          read.entry().application()
              + " sequence "
              + record.getSequence()
              + " (promotion "
              + event.path("meta").path("promotionId").asString()
              + ")";
      String envelope = event.path("payload").path("attestation").asString(null);
      if (envelope == null) {
        problems.add(where + ": unsigned");
        continue;
      }
      var statement = Attestations.verify(key, envelope);
      if (statement.isEmpty()) {
        problems.add(where + ": the signature does not verify with this key");
        continue;
      }
      String[] digest =
          event.path("meta").path("artifact").path("digest").asString("").split(":", 2);
      String attested =
          statement.get().path("subject").path(0).path("digest").path(digest[0]).asText("");
      if (digest.length < 2 || !attested.equals(digest[1])) {
        problems.add(where + ": the attestation names another artifact digest");
      }
    }
    return problems;
  }
}
