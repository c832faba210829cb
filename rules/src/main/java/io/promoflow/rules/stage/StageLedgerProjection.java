package io.promoflow.rules.stage;

import io.promoflow.schemas.common.EventMetadata;
import io.promoflow.schemas.promotions.PromotionsEnvelope;
import io.promoflow.schemas.promotions.StagePromoted;
import io.promoflow.schemas.requests.PromotionType;
import io.promoflow.schemas.rollbacks.HoldLifted;
import io.promoflow.schemas.rollbacks.RollbacksEnvelope;
import io.promoflow.schemas.verifications.VerificationFailed;
import io.promoflow.schemas.verifications.VerificationInconclusive;
import io.promoflow.schemas.verifications.VerificationPassed;
import io.promoflow.schemas.verifications.VerificationStarted;
import io.promoflow.schemas.verifications.VerificationsEnvelope;

/** Applies the events that move a {@link StageLedger}; every other event leaves it unchanged. */
public final class StageLedgerProjection {

  private StageLedgerProjection() {}

  /** The ledger after {@code envelope} (promotions, verifications or rollbacks envelope). */
  public static StageLedger apply(StageLedger ledger, Object envelope) {
    if (envelope instanceof PromotionsEnvelope p && p.getPayload() instanceof StagePromoted sp) {
      EventMetadata m = p.getMeta();
      StageLedger promoted =
          ledger.promoted(
              sp.getTargetStage(),
              m.getArtifact().getVersion(),
              m.getArtifact().getDigest(),
              m.getPromotionId(),
              m.getOccurredAt().toEpochMilli());
      return sp.getPromotionType() == PromotionType.ROLLBACK
          ? promoted
          : promoted.newerVersionArrived(sp.getTargetStage());
    }
    if (envelope instanceof RollbacksEnvelope r && r.getPayload() instanceof HoldLifted lifted) {
      return ledger.liftHold(lifted.getStage(), r.getMeta().getArtifact().getVersion());
    }
    if (envelope instanceof VerificationsEnvelope v) {
      EventMetadata m = v.getMeta();
      if (v.getPayload() instanceof VerificationPassed passed) {
        return ledger.verificationPassed(
            passed.getStage(),
            m.getArtifact().getVersion(),
            m.getArtifact().getDigest(),
            m.getOccurredAt().toEpochMilli());
      }
      if (v.getPayload() instanceof VerificationFailed failed) {
        return ledger.verificationFailed(
            failed.getStage(), m.getArtifact().getVersion(), m.getOccurredAt().toEpochMilli());
      }
      if (v.getPayload() instanceof VerificationInconclusive inconclusive) {
        return ledger.verificationInconclusive(
            inconclusive.getStage(),
            m.getArtifact().getVersion(),
            m.getOccurredAt().toEpochMilli());
      }
      if (v.getPayload() instanceof VerificationStarted started) {
        // a rerun opens a new window for the version already there; after StagePromoted this
        // changes nothing
        return ledger.verificationRestarted(started.getStage(), m.getArtifact().getVersion());
      }
    }
    return ledger;
  }
}
