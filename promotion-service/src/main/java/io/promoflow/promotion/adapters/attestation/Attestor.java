package io.promoflow.promotion.adapters.attestation;

import io.promoflow.promotion.domain.Promotion;
import io.promoflow.schemas.Attestations;
import io.promoflow.schemas.PemKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.core.io.ResourceLoader;
import org.springframework.stereotype.Component;

/**
 * Signs an in-toto statement for every promotion into a stage (DSSE envelope on {@code
 * StagePromoted.attestation}), verifiable with {@code promoflow audit verify --signatures
 * --public-key <pem>}. Without a configured key (allowed only under the {@code local} profile, see
 * {@link AttestationKeyGuard}), promotions carry no attestation.
 */
@Component
public class Attestor {

  private final PrivateKey key;
  private final String keyId;

  public Attestor(AttestationProperties properties, ResourceLoader resources) {
    this.keyId = properties.keyId();
    if (properties.key() == null || properties.key().isBlank()) {
      this.key = null;
      return;
    }
    try {
      this.key =
          PemKeys.readPrivate(
              resources.getResource(properties.key()).getContentAsString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the attestation key " + properties.key(), e);
    }
  }

  /**
   * The DSSE envelope attesting that {@code p} entered its target stage at {@code at} (epoch ms);
   * null without a key.
   */
  public String attest(Promotion p, long at) {
    if (key == null) {
      return null;
    }
    Map<String, Object> predicate = new LinkedHashMap<>();
    predicate.put("promotionId", p.promotionId());
    predicate.put("type", p.type().name());
    predicate.put("sourceStage", p.sourceStage());
    predicate.put("targetStage", p.targetStage());
    predicate.put("requestedBy", p.requestedBy());
    predicate.put("approvers", p.approvers());
    predicate.put("gateScore", p.gateScore());
    predicate.put("policyDigest", p.policyDigest());
    // the change request the step was made under (issue 18 point 4), null when none was required
    predicate.put("changeRequestId", p.changeRequestId());
    predicate.put("promotedAt", Instant.ofEpochMilli(at).toString());
    return Attestations.sign(
        key,
        keyId,
        Attestations.statement(p.application() + ":" + p.version(), p.digest(), predicate));
  }
}
