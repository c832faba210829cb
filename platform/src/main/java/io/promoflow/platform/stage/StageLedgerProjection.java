package io.promoflow.platform.stage;

import io.promoflow.schemas.common.EventMetadata;
import io.promoflow.schemas.promotions.PromotionsEnvelope;
import io.promoflow.schemas.promotions.StagePromoted;
import io.promoflow.schemas.verifications.VerificationFailed;
import io.promoflow.schemas.verifications.VerificationPassed;
import io.promoflow.schemas.verifications.VerificationsEnvelope;

/** Applies the events that move a {@link StageLedger}; every other event leaves it unchanged. */
public final class StageLedgerProjection {

  private StageLedgerProjection() {
  }

  /** The ledger after {@code envelope} (a {@code PromotionsEnvelope} or {@code VerificationsEnvelope}). */
  public static StageLedger apply(StageLedger ledger, Object envelope) {
    if (envelope instanceof PromotionsEnvelope p && p.getPayload() instanceof StagePromoted sp) {
      EventMetadata m = p.getMeta();
      return ledger.promoted(sp.getTargetStage(), m.getArtifact().getVersion(), m.getArtifact().getDigest(),
          m.getPromotionId(), m.getOccurredAt().toEpochMilli());
    }
    if (envelope instanceof VerificationsEnvelope v) {
      EventMetadata m = v.getMeta();
      if (v.getPayload() instanceof VerificationPassed passed) {
        return ledger.verificationPassed(passed.getStage(), m.getArtifact().getVersion(), m.getArtifact().getDigest(),
            m.getOccurredAt().toEpochMilli());
      }
      if (v.getPayload() instanceof VerificationFailed failed) {
        return ledger.verificationFailed(failed.getStage(), m.getArtifact().getVersion(), m.getOccurredAt().toEpochMilli());
      }
    }
    return ledger;
  }
}
