package io.promoflow.console.domain.dora;

import java.util.Objects;

/**
 * One fact of the event log that a DORA figure needs, reduced to what the formulas read. Every time
 * is the event's own time ({@code meta.occurredAt}, or {@code buildFinishedAt} for a build), never
 * the time it was read.
 *
 * @param eventId the event's id: a fact is kept once however often its event is read
 * @param kind what happened
 * @param at epoch ms when it happened (event time)
 * @param stage the stage it concerns; null for a build
 * @param promotionId the promotion it belongs to, or null
 * @param version the artifact version (builds and promotions), or null
 * @param approvalId the approval (approval facts), or null
 */
public record DoraFact(
    String eventId,
    Kind kind,
    long at,
    String stage,
    String promotionId,
    String version,
    String approvalId) {

  /** The kinds of facts the formulas read. */
  public enum Kind {
    /**
     * A version was built: {@code at} is the source commit time when known, else the build's finish
     * time (the lead time's start).
     */
    BUILT,
    /** A change was promoted into {@code stage} ({@code StagePromoted}, not a rollback). */
    PROMOTED,
    /**
     * A rollback redeployed a known-good version into {@code stage} ({@code StagePromoted} of type
     * ROLLBACK): it ends the previous promotion's watch but is no change of its own.
     */
    ROLLED_BACK_TO,
    /**
     * A promotion into {@code stage} ended without promoting ({@code PromotionFailed}; {@code
     * PromotionBlocked} BLOCKED, REJECTED, EXPIRED or REVOKED).
     */
    NOT_PROMOTED,
    /** The stage's post-promotion verification passed ({@code VerificationPassed}). */
    VERIFICATION_PASSED,
    /** The stage's post-promotion verification failed ({@code VerificationFailed}). */
    VERIFICATION_FAILED,
    /** A rollback of {@code stage} was decided ({@code RollbackDecided}). */
    ROLLBACK,
    /** An approval into {@code stage} was requested ({@code ApprovalRequested}). */
    APPROVAL_REQUESTED,
    /**
     * An approval was decided or ran out ({@code ApprovalGranted}, {@code ApprovalRejected}, {@code
     * ApprovalExpired}); its stage is the request's.
     */
    APPROVAL_ENDED
  }

  public DoraFact {
    Objects.requireNonNull(eventId, "eventId");
    Objects.requireNonNull(kind, "kind");
  }

  /** True for the promotion facts that put a version into a stage (a change or a rollback). */
  boolean deploys() {
    return kind == Kind.PROMOTED || kind == Kind.ROLLED_BACK_TO;
  }
}
