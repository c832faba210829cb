package io.promoflow.promotion.domain;

import io.promoflow.rules.policy.Urgency;
import io.promoflow.rules.stage.StageLedger;
import io.promoflow.schemas.gates.GateOutcome;
import io.promoflow.schemas.requests.PromotionType;
import java.util.ArrayList;
import java.util.List;

/**
 * One promotion: the artifact, the step it asks for, where it stands and how it got there.
 * Immutable. Built with {@link #builder(String)} (a new request) and changed with the {@code
 * with...} methods, never positionally.
 *
 * @param sourceStage null for a new build and for rollbacks
 * @param urgency a hotfix's urgency; null for other types and for a name the policy does not know
 * @param requestedAt epoch ms; {@code approvedAt} and {@code completedAt} are null until they
 *     happen
 * @param gateScore overall gate score in percent, null before evaluation
 * @param targetVerification PENDING, PASSED, FAILED or INCONCLUSIVE once promoted; null before
 * @param failedCriticalGates the failed gates that no override may pass
 * @param gateOutcome PASSED, WARNED or FAILED once the gates were evaluated; null before
 * @param gateResultsDigest digest of the gate results this promotion holds ({@code
 *     PromotionStateMachine .gateResultsDigest}), what an approval must be bound to; null before
 *     evaluation
 * @param overriddenBy admins who forced or scheduled this promotion (break-glass); none of them may
 *     approve it
 * @param grant the approval grant accepted for this promotion ({@link AuthorityCheck}), or null
 * @param build the artifact's recorded build (its commit author may not approve), or null while
 *     none was read
 * @param escalatedTo the role the approval was escalated to ({@code ApprovalEscalated}), or null
 * @param changeRequestId the change request it was requested under ({@code
 *     PromotionRequested.changeRequestId}), or null
 * @param release the platform release it belongs to ({@code PromotionRequested.release}), or null
 */
public record Promotion(
    String promotionId,
    String application,
    String version,
    String digest,
    PromotionType type,
    String sourceStage,
    String targetStage,
    String requestedBy,
    Urgency urgency,
    String reason,
    PromotionState state,
    long requestedAt,
    Long approvedAt,
    Long completedAt,
    List<String> approvers,
    Integer gateScore,
    List<String> failedGates,
    String policyDigest,
    StageLedger.Verification targetVerification,
    List<TimelineEntry> timeline,
    List<String> failedCriticalGates,
    GateOutcome gateOutcome,
    String gateResultsDigest,
    List<String> overriddenBy,
    Grant grant,
    BuildInfo build,
    String escalatedTo,
    String changeRequestId,
    Release release) {

  public Promotion {
    overriddenBy = overriddenBy == null ? List.of() : List.copyOf(overriddenBy);
    approvers = approvers == null ? List.of() : List.copyOf(approvers);
    failedGates = failedGates == null ? List.of() : List.copyOf(failedGates);
    timeline = timeline == null ? List.of() : List.copyOf(timeline);
    failedCriticalGates =
        failedCriticalGates == null ? List.of() : List.copyOf(failedCriticalGates);
  }

  /**
   * A new promotion {@code promotionId}, in state REQUESTED until {@link Builder#build()} says
   * otherwise.
   */
  public static Builder builder(String promotionId) {
    return new Builder().promotionId(promotionId);
  }

  /**
   * The urgency called {@code name}, or null for none or a name the policy does not know (no hotfix
   * path).
   */
  public static Urgency urgency(String name) {
    if (name == null) {
      return null;
    }
    try {
      return Urgency.valueOf(name);
    } catch (IllegalArgumentException unknown) {
      // an urgency the policy does not know has no hotfix path: the production transition's
      // approval applies
      return null;
    }
  }

  /**
   * This promotion in {@code next} state, with a timeline entry; final states set {@code
   * completedAt}.
   */
  public Promotion moveTo(PromotionState next, long at, String event, String actor, String detail) {
    List<TimelineEntry> t = new ArrayList<>(timeline);
    t.add(new TimelineEntry(at, next, event, actor, detail));
    Builder b = toBuilder();
    b.state = next;
    b.timeline = t;
    b.completedAt = next.isFinal() ? Long.valueOf(at) : completedAt;
    return b.build();
  }

  /** A timeline entry that does not change the state. */
  public Promotion note(long at, String event, String actor, String detail) {
    return moveTo(state, at, event, actor, detail).withCompletedAt(completedAt);
  }

  Promotion withGates(int score, List<String> failed, List<String> failedCritical, String policy) {
    Builder b = toBuilder();
    b.gateScore = score;
    b.failedGates = failed;
    b.failedCriticalGates = failedCritical;
    b.policyDigest = policy;
    return b.build();
  }

  Promotion withApproval(Long at, List<String> by) {
    Builder b = toBuilder();
    b.approvedAt = at;
    b.approvers = by;
    return b.build();
  }

  /** This promotion with the target stage's verification result. */
  public Promotion withTargetVerification(StageLedger.Verification verification) {
    Builder b = toBuilder();
    b.targetVerification = verification;
    return b.build();
  }

  Promotion withCompletedAt(Long at) {
    Builder b = toBuilder();
    b.completedAt = at;
    return b.build();
  }

  /** This promotion with the outcome of its gates and the digest an approval must name. */
  Promotion withGateResults(GateOutcome outcome, String resultsDigest) {
    Builder b = toBuilder();
    b.gateOutcome = outcome;
    b.gateResultsDigest = resultsDigest;
    return b.build();
  }

  /** This promotion with {@code admin} recorded as an override actor, who may not approve it. */
  Promotion withOverrideBy(String admin) {
    List<String> by = new ArrayList<>(overriddenBy);
    if (!by.contains(admin)) {
      by.add(admin);
    }
    Builder b = toBuilder();
    b.overriddenBy = by;
    return b.build();
  }

  /** This promotion holding {@code accepted} (null: none). */
  Promotion withGrant(Grant accepted) {
    Builder b = toBuilder();
    b.grant = accepted;
    return b.build();
  }

  /** This promotion knowing its artifact's recorded build. */
  public Promotion withBuild(BuildInfo recorded) {
    Builder b = toBuilder();
    b.build = recorded;
    return b.build();
  }

  /** This promotion whose approval was escalated to {@code role}. */
  Promotion withEscalation(String role) {
    Builder b = toBuilder();
    b.escalatedTo = role;
    return b.build();
  }

  private Builder toBuilder() {
    Builder b = new Builder();
    b.promotionId = promotionId;
    b.application = application;
    b.version = version;
    b.digest = digest;
    b.type = type;
    b.sourceStage = sourceStage;
    b.targetStage = targetStage;
    b.requestedBy = requestedBy;
    b.urgency = urgency;
    b.reason = reason;
    b.state = state;
    b.requestedAt = requestedAt;
    b.approvedAt = approvedAt;
    b.completedAt = completedAt;
    b.approvers = approvers;
    b.gateScore = gateScore;
    b.failedGates = failedGates;
    b.policyDigest = policyDigest;
    b.targetVerification = targetVerification;
    b.timeline = timeline;
    b.failedCriticalGates = failedCriticalGates;
    b.gateOutcome = gateOutcome;
    b.gateResultsDigest = gateResultsDigest;
    b.overriddenBy = overriddenBy;
    b.grant = grant;
    b.build = build;
    b.escalatedTo = escalatedTo;
    b.changeRequestId = changeRequestId;
    b.release = release;
    return b;
  }

  /**
   * A new request by name: the artifact, the step, who asked and when. What happens to it later
   * (state, gates, approvals, timeline) is set by the state machine only, through the {@code
   * with...} methods.
   */
  public static final class Builder {

    private String promotionId;
    private String application;
    private String version;
    private String digest;
    private PromotionType type;
    private String sourceStage;
    private String targetStage;
    private String requestedBy;
    private Urgency urgency;
    private String reason;
    private PromotionState state = PromotionState.REQUESTED;
    private long requestedAt;
    private Long approvedAt;
    private Long completedAt;
    private List<String> approvers;
    private Integer gateScore;
    private List<String> failedGates;
    private String policyDigest;
    private StageLedger.Verification targetVerification;
    private List<TimelineEntry> timeline;
    private List<String> failedCriticalGates;
    private GateOutcome gateOutcome;
    private String gateResultsDigest;
    private List<String> overriddenBy;
    private Grant grant;
    private BuildInfo build;
    private String escalatedTo;
    private String changeRequestId;
    private Release release;

    private Builder() {}

    private Builder promotionId(String id) {
      this.promotionId = id;
      return this;
    }

    /** The artifact: application, version and digest ({@code sha256:…} or {@code sha1:…}). */
    public Builder artifact(String application, String version, String digest) {
      this.application = application;
      this.version = version;
      this.digest = digest;
      return this;
    }

    /** The step asked for; {@code sourceStage} null for a new build and for rollbacks. */
    public Builder step(PromotionType type, String sourceStage, String targetStage) {
      this.type = type;
      this.sourceStage = sourceStage;
      this.targetStage = targetStage;
      return this;
    }

    /** Who asked, and when (epoch ms). */
    public Builder requested(String by, long at) {
      this.requestedBy = by;
      this.requestedAt = at;
      return this;
    }

    /** A hotfix's urgency; null for none. */
    public Builder urgency(Urgency value) {
      this.urgency = value;
      return this;
    }

    /** Why it was asked for, in words; null for none. */
    public Builder reason(String value) {
      this.reason = value;
      return this;
    }

    /** The change request it was asked under; null (or blank) for none. */
    public Builder changeRequestId(String value) {
      this.changeRequestId = value == null || value.isBlank() ? null : value;
      return this;
    }

    /** The platform release it was asked under ({@code PromotionRequested.release}); null: none. */
    public Builder release(Release value) {
      this.release = value;
      return this;
    }

    /** Digest of the pipeline policy in force when it was asked for. */
    public Builder policyDigest(String value) {
      this.policyDigest = value;
      return this;
    }

    /** The artifact's recorded build, when already read; null while none was. */
    public Builder recordedBuild(BuildInfo recorded) {
      this.build = recorded;
      return this;
    }

    /** The promotion; REQUESTED with nothing decided yet unless built from an existing one. */
    public Promotion build() {
      return new Promotion(
          promotionId,
          application,
          version,
          digest,
          type,
          sourceStage,
          targetStage,
          requestedBy,
          urgency,
          reason,
          state,
          requestedAt,
          approvedAt,
          completedAt,
          approvers,
          gateScore,
          failedGates,
          policyDigest,
          targetVerification,
          timeline,
          failedCriticalGates,
          gateOutcome,
          gateResultsDigest,
          overriddenBy,
          grant,
          build,
          escalatedTo,
          changeRequestId,
          release);
    }
  }
}
