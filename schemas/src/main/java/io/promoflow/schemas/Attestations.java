package io.promoflow.schemas;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Signed evidence of promotions: an in-toto Statement v1 (subject = the artifact and its digest,
 * predicate = the promotion) in a DSSE envelope, signed with ECDSA P-256/SHA-256 over DSSE's
 * pre-authentication encoding {@code "DSSEv1" SP LEN(type) SP type SP LEN(body) SP body}, lengths
 * in bytes. (sigstore-java models these too, but its PAE counts characters instead of bytes, and it
 * brings the whole sigstore client stack.)
 */
public final class Attestations {

  /** DSSE payload type of in-toto statements. */
  public static final String PAYLOAD_TYPE = "application/vnd.in-toto+json";

  /** in-toto statement type. */
  public static final String STATEMENT_TYPE = "https://in-toto.io/Statement/v1";

  /** Promoflow's predicate type. */
  public static final String PREDICATE_TYPE = "https://promoflow.io/attestations/promotion/v1";

  static final String ALGORITHM = "SHA256withECDSA";
  private static final ObjectMapper JSON = new ObjectMapper();

  private Attestations() {}

  /** DSSE's pre-authentication encoding of {@code payload}. */
  public static byte[] pae(String payloadType, byte[] payload) {
    byte[] type = payloadType.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(("DSSEv1 " + type.length + " ").getBytes(StandardCharsets.UTF_8));
    out.writeBytes(type);
    out.writeBytes((" " + payload.length + " ").getBytes(StandardCharsets.UTF_8));
    out.writeBytes(payload);
    return out.toByteArray();
  }

  /**
   * The in-toto statement about {@code name} with {@code digest} ({@code sha256:<hex>} or {@code
   * sha1:<hex>}).
   *
   * @param predicate what happened to the artifact (promotion id, stages, approvers, policy digest,
   *     …)
   */
  public static byte[] statement(String name, String digest, Map<String, Object> predicate) {
    String[] d = digest.split(":", 2);
    Map<String, Object> statement = new LinkedHashMap<>();
    statement.put("_type", STATEMENT_TYPE);
    statement.put(
        "subject", List.of(Map.of("name", name, "digest", Map.of(d[0], d.length > 1 ? d[1] : ""))));
    statement.put("predicateType", PREDICATE_TYPE);
    statement.put("predicate", predicate);
    try {
      return JSON.writeValueAsBytes(statement);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write an in-toto statement", e);
    }
  }

  /** The DSSE envelope (JSON) of {@code statement}, signed with {@code key}. */
  public static String sign(PrivateKey key, String keyId, byte[] statement) {
    try {
      Signature signer = Signature.getInstance(ALGORITHM);
      signer.initSign(key);
      signer.update(pae(PAYLOAD_TYPE, statement));
      Map<String, Object> envelope = new LinkedHashMap<>();
      envelope.put("payloadType", PAYLOAD_TYPE);
      envelope.put("payload", Base64.getEncoder().encodeToString(statement));
      envelope.put(
          "signatures",
          List.of(
              Map.of("keyid", keyId, "sig", Base64.getEncoder().encodeToString(signer.sign()))));
      return JSON.writeValueAsString(envelope);
    } catch (GeneralSecurityException | JsonProcessingException e) {
      throw new IllegalStateException(
          "cannot sign the promotion attestation: " + e.getMessage(), e);
    }
  }

  /**
   * The statement of {@code envelope} when one of its signatures verifies with {@code key}; empty
   * otherwise.
   */
  public static Optional<JsonNode> verify(PublicKey key, String envelope) {
    try {
      JsonNode e = JSON.readTree(envelope);
      byte[] payload = Base64.getDecoder().decode(e.path("payload").asText());
      byte[] pae = pae(e.path("payloadType").asText(), payload);
      for (JsonNode s : e.path("signatures")) {
        Signature verifier = Signature.getInstance(ALGORITHM);
        verifier.initVerify(key);
        verifier.update(pae);
        if (verifier.verify(Base64.getDecoder().decode(s.path("sig").asText()))) {
          return Optional.of(JSON.readTree(payload));
        }
      }
      return Optional.empty();
    } catch (GeneralSecurityException | java.io.IOException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
