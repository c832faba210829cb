package io.promoflow.promotion.domain;

import io.promoflow.rules.policy.ApprovalPolicy;
import io.promoflow.rules.policy.DeploymentCalendar;
import io.promoflow.rules.policy.ExecutorPolicy;
import io.promoflow.rules.policy.PipelinePolicy;
import io.promoflow.rules.policy.StagePolicy;
import io.promoflow.rules.stage.StageLedger;
import io.promoflow.schemas.Digests;
import io.promoflow.schemas.approvals.ApprovalExpired;
import io.promoflow.schemas.approvals.ApprovalRejected;
import io.promoflow.schemas.gates.GateOutcome;
import io.promoflow.schemas.gates.GatesEvaluated;
import io.promoflow.schemas.promotions.BlockedOutcome;
import io.promoflow.schemas.promotions.PromotionAttempted;
import io.promoflow.schemas.promotions.PromotionAwaitingApproval;
import io.promoflow.schemas.promotions.PromotionBlocked;
import io.promoflow.schemas.promotions.PromotionExecuting;
import io.promoflow.schemas.promotions.PromotionFailed;
import io.promoflow.schemas.promotions.PromotionScheduled;
import io.promoflow.schemas.promotions.PromotionStarted;
import io.promoflow.schemas.promotions.StagePromoted;
import io.promoflow.schemas.requests.PromotionType;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;

/**
 * The life of a promotion: REQUESTED → EVALUATING → (BLOCKED | AWAITING_APPROVAL → (REJECTED |
 * EXPIRED) | PROMOTING → (PROMOTED | FAILED)). Gates decide eligibility; the policy decides whether
 * an approval is needed ({@link ApprovalRequirement}); the target stage's executor acts once the
 * decision is committed. Inputs for a promotion in a final state, or in a state that does not
 * expect them, change nothing.
 */
public final class PromotionStateMachine {

  private final PipelinePolicy policy;

  public PromotionStateMachine(PipelinePolicy policy) {
    this.policy = policy;
  }

  /** A new promotion was requested: it starts and waits for its gates. */
  public Step requested(Promotion requested, long at) {
    Promotion p =
        requested
            .moveTo(
                PromotionState.REQUESTED,
                at,
                "PromotionRequested",
                requested.requestedBy(),
                requested.type()
                    + " "
                    + stepName(requested)
                    + (requested.reason() == null ? "" : ": " + requested.reason()))
            .moveTo(
                PromotionState.EVALUATING,
                at,
                "PromotionStarted",
                "promotion-service",
                "evaluating gates");
    return new Step(
        p,
        List.of(new PromotionStarted(p.type(), p.sourceStage(), p.targetStage(), p.requestedBy())));
  }

  /**
   * Gates were evaluated: block, or promote — which waits for approval where the policy requires
   * one ({@link #promote}).
   */
  public Step gatesEvaluated(
      Promotion p, GatesEvaluated gates, String policyDigest, StageLedger ledger, long at) {
    if (p.state() != PromotionState.EVALUATING) {
      return Step.unchanged(p);
    }
    Promotion scored =
        p.withGates(
                gates.getScorePercent(),
                gates.getFailedGates(),
                gates.getFailedCriticalGates(),
                policyDigest)
            .withGateResults(gates.getOutcome(), gateResultsDigest(gates, policyDigest));
    String summary =
        gates.getGateCount()
            - gates.getFailedGates().size()
            + "/"
            + gates.getGateCount()
            + " gates passed, score "
            + gates.getScorePercent()
            + "% (min "
            + gates.getMinScorePercent()
            + "%)";
    if (gates.getOutcome() == GateOutcome.FAILED) {
      Promotion blocked =
          scored.moveTo(
              PromotionState.BLOCKED,
              at,
              "GatesEvaluated",
              "gate-service",
              summary + "; failed: " + String.join(", ", gates.getFailedGates()));
      return new Step(
          blocked,
          List.of(
              new PromotionBlocked(
                  p.targetStage(),
                  BlockedOutcome.BLOCKED,
                  "gates failed: " + String.join(", ", gates.getFailedGates()),
                  gates.getFailedGates())));
    }
    return orWait(
        p,
        promote(
            scored.note(at, "GatesEvaluated", "gate-service", summary), ledger, at, false, null));
  }

  /**
   * An approval was granted: promote when the grant is this promotion's and meets the requirement
   * ({@link AuthorityCheck}); otherwise nothing changes but a timeline note "grant refused: why" —
   * the promotion keeps waiting for a grant that does.
   */
  public Step approvalGranted(Promotion p, Grant grant, StageLedger ledger, long at) {
    if (p.state() != PromotionState.AWAITING_APPROVAL) {
      return Step.unchanged(p);
    }
    if (p.build() == null) {
      // judged only knowing the commit author: a grant is never refused (nor passed) because the
      // build is late
      return Step.awaiting(p, buildOf(p));
    }
    String by =
        grant.approvers().isEmpty() ? "approval-service" : String.join(", ", grant.approvers());
    Optional<String> refusal = AuthorityCheck.refusal(requirement(p).orElse(null), p, grant);
    if (refusal.isPresent()) {
      return Step.unchanged(p.note(at, "ApprovalGranted", by, "grant refused: " + refusal.get()));
    }
    Promotion approved =
        p.withGrant(grant)
            .withApproval(at, grant.approvers())
            .note(at, "ApprovalGranted", by, "approved by " + grant.approvers());
    return orWait(p, promote(approved, ledger, at, false, null));
  }

  /**
   * The approval was escalated to {@code role}: one eligible holder of it may now grant ({@link
   * AuthorityCheck}).
   */
  public Step escalated(Promotion p, String role, long at) {
    if (p.state() != PromotionState.AWAITING_APPROVAL || role == null) {
      return Step.unchanged(p);
    }
    return Step.unchanged(
        p.withEscalation(role)
            .note(at, "ApprovalEscalated", "approval-service", "escalated to " + role));
  }

  /**
   * The approval the policy requires before {@code p} enters its target stage ({@link
   * ApprovalRequirement}).
   */
  public Optional<ApprovalPolicy> requirement(Promotion p) {
    return ApprovalRequirement.of(policy, p, p.gateOutcome() == GateOutcome.WARNED);
  }

  /** An approver rejected: the promotion ends REJECTED. */
  public Step approvalRejected(Promotion p, ApprovalRejected rejected, long at) {
    if (p.state() != PromotionState.AWAITING_APPROVAL) {
      return Step.unchanged(p);
    }
    Promotion r =
        p.moveTo(
            PromotionState.REJECTED,
            at,
            "ApprovalRejected",
            rejected.getRejectedBy(),
            rejected.getComment());
    return new Step(
        r,
        List.of(
            new PromotionBlocked(
                p.targetStage(),
                BlockedOutcome.REJECTED,
                "rejected by " + rejected.getRejectedBy() + ": " + rejected.getComment(),
                List.of())));
  }

  /**
   * The version failed verification in {@code stage}: a promotion of it that has not started
   * executing and comes from that stage or goes beyond it ends BLOCKED (outcome REVOKED) with the
   * reason; its pending approval is voided.
   */
  public Step revoked(Promotion p, String stage, String reason, long at) {
    boolean waiting =
        p.state() == PromotionState.REQUESTED
            || p.state() == PromotionState.EVALUATING
            || p.state() == PromotionState.AWAITING_APPROVAL
            || p.state() == PromotionState.SCHEDULED;
    List<String> stages = policy.stageNames();
    boolean affected =
        stage.equals(p.sourceStage()) || stages.indexOf(p.targetStage()) > stages.indexOf(stage);
    if (!waiting || !affected || p.type() == PromotionType.ROLLBACK) {
      return Step.unchanged(p);
    }
    Promotion r =
        p.moveTo(
            PromotionState.BLOCKED,
            at,
            "VerificationFailed",
            "rollback-service",
            "revoked: " + reason);
    return new Step(
        r,
        List.of(
            new PromotionBlocked(
                p.targetStage(), BlockedOutcome.REVOKED, "revoked: " + reason, List.of())));
  }

  /**
   * A newer version of the same application now awaits approval for the same stage: this older
   * request ends SUPERSEDED and its approval is voided, unless the stage's {@code supersede} policy
   * is {@code queue}.
   */
  public Step superseded(Promotion p, Promotion newer, long at) {
    if (p.state() != PromotionState.AWAITING_APPROVAL
        || !p.targetStage().equals(newer.targetStage())
        || p.version().equals(newer.version())
        || p.promotionId().equals(newer.promotionId())
        || policy
                .stage(p.targetStage())
                .map(StagePolicy::supersede)
                .orElse(StagePolicy.Supersede.LATEST_WINS)
            == StagePolicy.Supersede.QUEUE) {
      return Step.unchanged(p);
    }
    String reason = "superseded by " + newer.version() + " (promotion " + newer.promotionId() + ")";
    Promotion s =
        p.moveTo(
            PromotionState.SUPERSEDED,
            at,
            "PromotionAwaitingApproval",
            "promotion-service",
            reason);
    return new Step(
        s,
        List.of(
            new PromotionBlocked(p.targetStage(), BlockedOutcome.SUPERSEDED, reason, List.of())));
  }

  /** Nobody decided in time: the promotion ends EXPIRED. */
  public Step approvalExpired(Promotion p, ApprovalExpired expired, long at) {
    if (p.state() != PromotionState.AWAITING_APPROVAL) {
      return Step.unchanged(p);
    }
    Promotion e =
        p.moveTo(
            PromotionState.EXPIRED,
            at,
            "ApprovalExpired",
            "approval-service",
            "approval timed out");
    return new Step(
        e,
        List.of(
            new PromotionBlocked(
                p.targetStage(), BlockedOutcome.EXPIRED, "approval timed out", List.of())));
  }

  /**
   * The one road into a stage (every path — gates passed, approval granted, schedule resumed,
   * override — ends here): where the policy requires an approval, the promotion goes on only
   * holding a grant that meets it ({@link AuthorityCheck}), else it waits for one
   * (AWAITING_APPROVAL, asking with {@code override} and the override actors excluded); then,
   * unless the target stage is closed (deployment windows, freezes: SCHEDULED until it opens; a
   * rollback restores service and is never held by the calendar, nor is a break-glass SCHEDULE),
   * the target stage's executor acts: {@code record} completes at once; any other is asked to run
   * ({@code PromotionExecuting}) and its attempts decide ({@link #attempted}).
   *
   * @param override {@code <KIND> by <admin>: <reason>} when an override leads here, else null
   */
  private Step promote(
      Promotion p, StageLedger ledger, long at, boolean ignoreCalendar, String override) {
    // before asking anyone to approve: a step that needs a change request and names none ends here
    Optional<String> noChangeRequest = ChangeRequestRule.refusal(policy, p);
    if (noChangeRequest.isPresent()) {
      Promotion blocked =
          p.moveTo(
              PromotionState.BLOCKED,
              at,
              "PromotionBlocked",
              "promotion-service",
              noChangeRequest.get());
      return new Step(
          blocked,
          List.of(
              new PromotionBlocked(
                  p.targetStage(), BlockedOutcome.BLOCKED, noChangeRequest.get(), List.of())));
    }
    Optional<ApprovalPolicy> required = requirement(p);
    if (required.isPresent() && p.build() == null) {
      // asking for (or judging) an approval names the commit author, who may not approve: wait for
      // the build
      return Step.awaiting(p, buildOf(p));
    }
    if (required.isPresent()) {
      Optional<String> refusal = AuthorityCheck.refusal(required.get(), p, p.grant());
      if (refusal.isPresent()) {
        return awaitApproval(p, required.get(), at, override, refusal.get());
      }
    }
    if (!ignoreCalendar && p.type() != PromotionType.ROLLBACK) {
      Optional<DeploymentCalendar.Closed> closed =
          policy
              .stage(p.targetStage())
              .flatMap(
                  stage -> DeploymentCalendar.closed(stage, java.time.Instant.ofEpochMilli(at)));
      if (closed.isPresent()) {
        Promotion scheduled =
            p.moveTo(
                PromotionState.SCHEDULED,
                at,
                "PromotionScheduled",
                "promotion-service",
                closed.get().reason() + "; resumes at " + closed.get().until());
        return new Step(
            scheduled,
            List.of(
                new PromotionScheduled(
                    p.targetStage(), closed.get().until(), closed.get().reason())));
      }
    }
    ExecutorPolicy executor = policy.executorInto(p.targetStage());
    Promotion promoting =
        p.moveTo(
            PromotionState.PROMOTING,
            at,
            "PromotionExecuting",
            "promotion-service",
            "executor " + executor.type());
    if (executor.immediate()) {
      return promoted(promoting, ledger, executor.type(), at);
    }
    return new Step(
        promoting,
        List.of(
            PromotionExecuting.newBuilder()
                .setPromotionType(p.type())
                .setSourceStage(p.sourceStage())
                .setTargetStage(p.targetStage())
                .setExecutor(executor.type())
                .setRequestedBy(p.requestedBy())
                .setApprovers(p.approvers())
                .build()));
  }

  /**
   * Waits for an approval meeting {@code a}: asks for it ({@code PromotionAwaitingApproval}, bound
   * to the gate results held, the override actors excluded). A grant held that does not meet it (an
   * override actor decided) is dropped.
   */
  private Step awaitApproval(Promotion p, ApprovalPolicy a, long at, String override, String why) {
    if (p.state() == PromotionState.AWAITING_APPROVAL) {
      return Step.unchanged(
          p.note(at, "ApprovalGranted", "promotion-service", "grant refused: " + why));
    }
    Promotion waiting =
        (p.grant() == null
                ? p
                : p.note(
                        at, "ApprovalGranted", "promotion-service", "grant no longer valid: " + why)
                    .withGrant(null)
                    .withApproval(null, List.of()))
            .moveTo(
                PromotionState.AWAITING_APPROVAL,
                at,
                "PromotionAwaitingApproval",
                "promotion-service",
                "awaiting approval: "
                    + AuthorityCheck.describe(a)
                    + (override == null ? "" : " (" + override + ")"))
            .withCompletedAt(null);
    String summary =
        p.timeline().stream()
            .filter(t -> t.event().equals("GatesEvaluated"))
            .reduce((x, y) -> y)
            .map(TimelineEntry::detail)
            .orElse("gates not evaluated");
    return new Step(
        waiting,
        List.of(
            PromotionAwaitingApproval.newBuilder()
                .setPromotionType(p.type())
                .setSourceStage(p.sourceStage())
                .setTargetStage(p.targetStage())
                .setRequestedBy(p.requestedBy())
                .setCommitAuthor(p.build().commitAuthor())
                .setRequiredRoles(a.roles())
                .setQuorum(a.quorum())
                .setTimeoutMs(a.timeout().toMillis())
                .setGateSummary(summary)
                .setAllOf(a.allOf())
                .setSequential(a.sequential())
                .setReminderAtPercent((int) Math.round(a.reminderAt() * 100))
                .setEscalationRole(a.escalationRole())
                .setOnTimeout(a.onTimeout().name())
                .setGateResultsDigest(p.gateResultsDigest())
                .setExcludedApprovers(p.overriddenBy())
                .setOverride(override)
                .setChangeRequestId(p.changeRequestId())
                .setRelease(Release.toRef(p.release()))
                .build()));
  }

  /**
   * A scheduled promotion's time came: it runs now, or is scheduled again when its stage is still
   * closed.
   */
  public Step resume(Promotion p, StageLedger ledger, long at) {
    return p.state() == PromotionState.SCHEDULED
        ? orWait(p, promote(p, ledger, at, false, null))
        : Step.unchanged(p);
  }

  /**
   * Break-glass by an admin with a reason (recorded on the timeline, announced, and the admin kept
   * as an override actor): {@code SCHEDULE} runs a scheduled promotion now despite its window or
   * freeze; {@code FORCE} passes failed gates that are all non-critical. A failed critical gate is
   * never overridden. Overrides change what the gates and the calendar say, never who must approve
   * (issue 12 point 2): into a stage that requires approval the promotion still needs a grant
   * meeting {@link AuthorityCheck}, by someone other than the admin, and waits for one otherwise.
   */
  public Step override(
      Promotion p, String kind, String admin, String reason, StageLedger ledger, long at) {
    String override = kind + " by " + admin + ": " + reason;
    if ("SCHEDULE".equals(kind) && p.state() == PromotionState.SCHEDULED) {
      return orWait(
          p,
          promote(
              p.withOverrideBy(admin)
                  .note(
                      at,
                      "PromotionOverridden",
                      admin,
                      "break-glass: runs outside its window or freeze: " + reason),
              ledger,
              at,
              true,
              override));
    }
    if ("FORCE".equals(kind)
        && p.state() == PromotionState.BLOCKED
        && !p.failedGates().isEmpty()
        && p.failedCriticalGates().isEmpty()) {
      Promotion forced =
          p.withOverrideBy(admin)
              .note(
                  at,
                  "PromotionOverridden",
                  admin,
                  "forced past non-critical gates " + p.failedGates() + ": " + reason)
              .withCompletedAt(null);
      return orWait(p, promote(forced, ledger, at, false, override));
    }
    return Step.unchanged(p);
  }

  /**
   * One executor call was made: a success promotes; a failure that will not be retried ends the
   * promotion FAILED with its category, severity, attempts and last answer (and asks for a rollback
   * where {@code executor.rollbackOnFailure}); every attempt is on the timeline.
   */
  public Step attempted(Promotion p, PromotionAttempted a, StageLedger ledger, long at) {
    if (p.state() != PromotionState.PROMOTING) {
      return Step.unchanged(p);
    }
    String detail =
        "attempt "
            + a.getAttempt()
            + (a.getSucceeded()
                ? " succeeded"
                : " failed: " + a.getCategory() + "/" + a.getSeverity())
            + (a.getHttpStatus() == null ? "" : " (HTTP " + a.getHttpStatus() + ")")
            + " in "
            + a.getDurationMs()
            + " ms: "
            + a.getDetail()
            + (a.getWillRetry() ? "; retrying" : "");
    Promotion noted = p.note(at, "PromotionAttempted", a.getExecutor(), detail);
    if (a.getSucceeded()) {
      return promoted(noted, ledger, a.getExecutor(), at);
    }
    if (a.getWillRetry()) {
      return Step.unchanged(noted);
    }
    ExecutorPolicy executor = policy.executorInto(p.targetStage());
    Promotion failed =
        noted.moveTo(
            PromotionState.FAILED,
            at,
            "PromotionFailed",
            "promotion-service",
            a.getCategory() + " after " + a.getAttempt() + " attempt(s)");
    return new Step(
        failed,
        List.of(
            PromotionFailed.newBuilder()
                .setTargetStage(p.targetStage())
                .setCategory(a.getCategory())
                .setSeverity(a.getSeverity())
                .setAttempts(a.getAttempt())
                .setReason(executor.type() + " executor failed: " + a.getCategory())
                .setLastResponse(a.getDetail())
                .setRollbackRequested(executor.rollbackOnFailure())
                .build()));
  }

  private Step promoted(Promotion promoting, StageLedger ledger, String executor, long at) {
    Promotion p = promoting;
    Optional<StageLedger.StageSlot> previous = ledger.in(p.targetStage());
    Promotion done =
        p.moveTo(
                PromotionState.PROMOTED,
                at,
                "StagePromoted",
                "promotion-service",
                p.version()
                    + " now in "
                    + p.targetStage()
                    + previous.map(s -> " (replaces " + s.version() + ")").orElse(""))
            .withTargetVerification(StageLedger.Verification.PENDING);
    List<SpecificRecord> out = new ArrayList<>();
    out.add(
        StagePromoted.newBuilder()
            .setPromotionType(p.type())
            .setSourceStage(p.sourceStage())
            .setTargetStage(p.targetStage())
            .setPreviousVersion(previous.map(StageLedger.StageSlot::version).orElse(null))
            .setPreviousDigest(previous.map(StageLedger.StageSlot::digest).orElse(null))
            .setRequestedBy(p.requestedBy())
            .setApprovers(p.approvers())
            .setExecutor(executor)
            .setChangeRequestId(p.changeRequestId())
            .setRelease(Release.toRef(p.release()))
            .build());
    return new Step(done, out);
  }

  /**
   * The build of {@code p}'s version was not read within the policy's {@code gates.factsTimeout}
   * (counted by the caller from the first input that waited for it): a promotion that has not ended
   * is BLOCKED, reason {@code build <app> <version> never recorded}; its pending approval, if any,
   * is voided. One that ended is left as it is.
   */
  public Step buildNeverRecorded(Promotion p, long at) {
    if (p.state().isFinal() || p.build() != null) {
      return Step.unchanged(p);
    }
    String reason = buildOf(p) + " never recorded";
    Promotion blocked =
        p.moveTo(PromotionState.BLOCKED, at, "PromotionBlocked", "promotion-service", reason);
    return new Step(
        blocked,
        List.of(new PromotionBlocked(p.targetStage(), BlockedOutcome.BLOCKED, reason, List.of())));
  }

  /**
   * What {@code p} waits for when its build was not read: {@code build <application> <version>}.
   */
  public static String buildOf(Promotion p) {
    return "build " + p.application() + " " + p.version();
  }

  /**
   * {@code next}, or, when it waits for a fact, {@code before} unchanged (nothing of the attempt is
   * kept).
   */
  private static Step orWait(Promotion before, Step next) {
    return next.waits() ? Step.awaiting(before, next.awaiting()) : next;
  }

  /**
   * sha256 of what the gates decided (outcome, score, failures, count, policy): what an approval is
   * bound to.
   */
  static String gateResultsDigest(GatesEvaluated g, String policyDigest) {
    String canonical =
        g.getOutcome()
            + "|"
            + g.getScorePercent()
            + "|"
            + g.getMinScorePercent()
            + "|"
            + g.getGateCount()
            + "|"
            + String.join(",", g.getFailedGates())
            + "|"
            + policyDigest;
    return Digests.sha256Digest(canonical);
  }

  private static String stepName(Promotion p) {
    return (p.sourceStage() == null ? "" : p.sourceStage() + "->") + p.targetStage();
  }
}
