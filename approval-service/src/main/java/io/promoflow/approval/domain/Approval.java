package io.promoflow.approval.domain;

import io.promoflow.rules.policy.ApprovalPolicy.OnTimeout;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An approval asked for one promotion, bound to its artifact digest and the gate results it was
 * asked on. Built with {@link #builder()} and changed with the {@code with…} methods (the store
 * keeps it as JSON under these component names, and {@code GET /api/v1/approvals} serves it as
 * such).
 *
 * @param requiredRoles an approver of the quorum holds one of them
 * @param quorum distinct approvers needed from {@code requiredRoles}
 * @param allOf role → distinct approvers holding it that must approve (in order when {@code
 *     sequential})
 * @param requestedAt epoch ms; {@code expiresAt}, {@code remindAt} likewise
 * @param timeoutMs the policy's timeout, for an extension or an escalation
 * @param commitAuthor author of the artifact's commit (an e-mail address, a name, or {@code Name
 *     <e-mail>}), who may not approve it either; null when unknown, and then nobody may approve it
 *     (nobody can be shown independent of the change)
 * @param onTimeout reject (expire), escalate or extend
 * @param escalationRole role that may decide once escalated; null: none
 * @param reminded the reminder was sent; {@code escalated} and {@code extended} likewise happen
 *     once
 * @param decisions every decision in order, withdrawn ones included (kept for the record)
 * @param gateResultsDigest sha256 of the gate results the approval was asked on (from {@code
 *     PromotionAwaitingApproval}); every grant carries it so promotion-service can check it; null
 *     when unknown
 * @param excludedApprovers people who may not decide besides requester and commit author (whoever
 *     forced or scheduled the promotion), by user name or e-mail
 * @param override the break-glass override the approvers are asked to confirm, or null
 * @param changeRequestId the change request the promotion was requested under, or null
 * @param release the platform release the promotion belongs to, or null: its approvals are decided
 *     together ({@link ReleaseApprovals})
 */
public record Approval(
    String approvalId,
    String promotionId,
    String application,
    String version,
    String digest,
    String sourceStage,
    String targetStage,
    String requestedBy,
    String commitAuthor,
    List<String> requiredRoles,
    int quorum,
    Map<String, Integer> allOf,
    boolean sequential,
    long requestedAt,
    long expiresAt,
    long remindAt,
    long timeoutMs,
    OnTimeout onTimeout,
    String escalationRole,
    boolean reminded,
    boolean escalated,
    boolean extended,
    String gateSummary,
    ApprovalStatus status,
    List<Decision> decisions,
    String gateResultsDigest,
    List<String> excludedApprovers,
    String override,
    String changeRequestId,
    Release release) {

  public Approval {
    excludedApprovers = excludedApprovers == null ? List.of() : List.copyOf(excludedApprovers);
    requiredRoles = requiredRoles == null ? List.of() : List.copyOf(requiredRoles);
    allOf =
        allOf == null
            ? Map.of()
            : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(allOf));
    decisions = decisions == null ? List.of() : List.copyOf(decisions);
    onTimeout = onTimeout == null ? OnTimeout.reject : onTimeout;
    status = status == null ? ApprovalStatus.PENDING : status;
  }

  /** A new PENDING approval, no decisions yet, no timer fired; set what it was asked with. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The policy's {@code onTimeout} as carried by an event ({@code reject}, {@code escalate}, {@code
   * extend}, any case); anything else, or null, is {@code reject}: an approval nobody decided in
   * time never passes.
   */
  public static OnTimeout onTimeoutOf(String value) {
    if (value != null) {
      for (OnTimeout t : OnTimeout.values()) {
        if (t.name().equals(value.strip().toLowerCase(Locale.ROOT))) {
          return t;
        }
      }
    }
    return OnTimeout.reject;
  }

  /** Decisions that count: not withdrawn. */
  public List<Decision> standing() {
    return decisions.stream().filter(d -> !d.withdrawn()).toList();
  }

  /** Distinct approvers whose approval stands, in order. */
  public List<String> approvers() {
    return approvals().stream().map(Decision::approver).toList();
  }

  /**
   * The standing approvals, one per approver (the first), in order: who granted, with e-mail and
   * roles held then.
   */
  public List<Decision> approvals() {
    java.util.Set<String> seen = new java.util.HashSet<>();
    return standing().stream()
        .filter(Decision::approve)
        .filter(d -> seen.add(d.approver()))
        .toList();
  }

  /** Every role that may decide now (the escalation role once escalated). */
  public List<String> eligibleRoles() {
    java.util.LinkedHashSet<String> roles = new java.util.LinkedHashSet<>(requiredRoles);
    roles.addAll(allOf.keySet());
    if (escalated && escalationRole != null) {
      roles.add(escalationRole);
    }
    return List.copyOf(roles);
  }

  /** This approval in status {@code next}. */
  Approval withStatus(ApprovalStatus next) {
    return toBuilder().status(next).build();
  }

  /** This approval with {@code decision} recorded after the others. */
  Approval withDecision(Decision decision) {
    List<Decision> d = new ArrayList<>(decisions);
    d.add(decision);
    return toBuilder().decisions(d).build();
  }

  /**
   * This approval after {@code approver} took back their standing decision (kept, marked
   * withdrawn).
   */
  Approval withdrawn(String approver) {
    List<Decision> d = new ArrayList<>();
    for (Decision x : decisions) {
      d.add(x.approver().equals(approver) && !x.withdrawn() ? x.withdraw() : x);
    }
    return toBuilder().decisions(d).build();
  }

  /** This approval with its reminder sent. */
  Approval withReminderSent() {
    return toBuilder().reminded(true).build();
  }

  /**
   * This approval escalated to its escalation role, with the new deadline (epoch ms); the reminder
   * counts as sent.
   */
  Approval withEscalation(long deadline) {
    return toBuilder().escalated(true).reminded(true).expiresAt(deadline).build();
  }

  /** This approval extended once, with the new deadline (epoch ms); the reminder counts as sent. */
  Approval withExtension(long deadline) {
    return toBuilder().extended(true).reminded(true).expiresAt(deadline).build();
  }

  /** A builder holding every field of this approval. */
  Builder toBuilder() {
    Builder b = new Builder();
    b.approvalId = approvalId;
    b.promotionId = promotionId;
    b.application = application;
    b.version = version;
    b.digest = digest;
    b.sourceStage = sourceStage;
    b.targetStage = targetStage;
    b.requestedBy = requestedBy;
    b.commitAuthor = commitAuthor;
    b.requiredRoles = requiredRoles;
    b.quorum = quorum;
    b.allOf = allOf;
    b.sequential = sequential;
    b.requestedAt = requestedAt;
    b.expiresAt = expiresAt;
    b.remindAt = remindAt;
    b.timeoutMs = timeoutMs;
    b.onTimeout = onTimeout;
    b.escalationRole = escalationRole;
    b.reminded = reminded;
    b.escalated = escalated;
    b.extended = extended;
    b.gateSummary = gateSummary;
    b.status = status;
    b.decisions = decisions;
    b.gateResultsDigest = gateResultsDigest;
    b.excludedApprovers = excludedApprovers;
    b.override = override;
    b.changeRequestId = changeRequestId;
    b.release = release;
    return b;
  }

  /**
   * Named fields for an {@link Approval}; times in epoch ms. Defaults: PENDING, no decisions, no
   * timer fired.
   */
  public static final class Builder {

    private String approvalId;
    private String promotionId;
    private String application;
    private String version;
    private String digest;
    private String sourceStage;
    private String targetStage;
    private String requestedBy;
    private String commitAuthor;
    private List<String> requiredRoles;
    private int quorum;
    private Map<String, Integer> allOf;
    private boolean sequential;
    private long requestedAt;
    private long expiresAt;
    private long remindAt;
    private long timeoutMs;
    private OnTimeout onTimeout;
    private String escalationRole;
    private boolean reminded;
    private boolean escalated;
    private boolean extended;
    private String gateSummary;
    private ApprovalStatus status = ApprovalStatus.PENDING;
    private List<Decision> decisions;
    private String gateResultsDigest;
    private List<String> excludedApprovers;
    private String override;
    private String changeRequestId;
    private Release release;

    private Builder() {}

    /** The approval id, its promotion and the artifact it is bound to. */
    public Builder of(
        String approvalId, String promotionId, String application, String version, String digest) {
      this.approvalId = approvalId;
      this.promotionId = promotionId;
      this.application = application;
      this.version = version;
      this.digest = digest;
      return this;
    }

    /** The transition asked for. */
    public Builder stages(String sourceStage, String targetStage) {
      this.sourceStage = sourceStage;
      this.targetStage = targetStage;
      return this;
    }

    public Builder requestedBy(String requestedBy) {
      this.requestedBy = requestedBy;
      return this;
    }

    /** The commit author, or null when unknown (then nobody may approve). */
    public Builder commitAuthor(String commitAuthor) {
      this.commitAuthor = commitAuthor;
      return this;
    }

    /** {@code quorum} distinct approvers holding one of {@code roles}. */
    public Builder quorum(int quorum, List<String> roles) {
      this.quorum = quorum;
      this.requiredRoles = roles;
      return this;
    }

    public Builder allOf(Map<String, Integer> allOf) {
      this.allOf = allOf;
      return this;
    }

    public Builder sequential(boolean sequential) {
      this.sequential = sequential;
      return this;
    }

    /**
     * Asked at {@code requestedAt} for {@code timeoutMs}: expires then, reminds after {@code
     * reminderAtPercent} of it.
     */
    public Builder timing(long requestedAt, long timeoutMs, int reminderAtPercent) {
      this.requestedAt = requestedAt;
      this.timeoutMs = timeoutMs;
      this.expiresAt = requestedAt + timeoutMs;
      this.remindAt = requestedAt + timeoutMs * reminderAtPercent / 100;
      return this;
    }

    /** What happens at the deadline, and the role it escalates to (null: none). */
    public Builder onTimeout(OnTimeout onTimeout, String escalationRole) {
      this.onTimeout = onTimeout;
      this.escalationRole = escalationRole;
      return this;
    }

    public Builder gateSummary(String gateSummary) {
      this.gateSummary = gateSummary;
      return this;
    }

    public Builder gateResultsDigest(String gateResultsDigest) {
      this.gateResultsDigest = gateResultsDigest;
      return this;
    }

    public Builder excludedApprovers(List<String> excludedApprovers) {
      this.excludedApprovers = excludedApprovers;
      return this;
    }

    public Builder override(String override) {
      this.override = override;
      return this;
    }

    /** The change request the promotion was requested under; null for none. */
    public Builder changeRequestId(String changeRequestId) {
      this.changeRequestId = changeRequestId;
      return this;
    }

    /** The platform release the promotion belongs to; null for none. */
    public Builder release(Release release) {
      this.release = release;
      return this;
    }

    /** Status other than PENDING (for a view or a test). */
    public Builder status(ApprovalStatus status) {
      this.status = status;
      return this;
    }

    /** The decisions recorded so far, in order. */
    public Builder decisions(List<Decision> decisions) {
      this.decisions = decisions;
      return this;
    }

    Builder expiresAt(long expiresAt) {
      this.expiresAt = expiresAt;
      return this;
    }

    Builder reminded(boolean reminded) {
      this.reminded = reminded;
      return this;
    }

    Builder escalated(boolean escalated) {
      this.escalated = escalated;
      return this;
    }

    Builder extended(boolean extended) {
      this.extended = extended;
      return this;
    }

    public Approval build() {
      return new Approval(
          approvalId,
          promotionId,
          application,
          version,
          digest,
          sourceStage,
          targetStage,
          requestedBy,
          commitAuthor,
          requiredRoles,
          quorum,
          allOf,
          sequential,
          requestedAt,
          expiresAt,
          remindAt,
          timeoutMs,
          onTimeout,
          escalationRole,
          reminded,
          escalated,
          extended,
          gateSummary,
          status,
          decisions,
          gateResultsDigest,
          excludedApprovers,
          override,
          changeRequestId,
          release);
    }
  }
}
