package io.promoflow.approval.api;

import io.promoflow.approval.domain.Approval;
import io.promoflow.approval.domain.ApprovalRules;
import io.promoflow.approval.domain.ApprovalStatus;
import io.promoflow.approval.domain.DecisionRefused;
import io.promoflow.approval.domain.ReleaseApprovals;
import io.promoflow.approval.flow.ApprovalTopology;
import io.promoflow.platform.events.Events;
import io.promoflow.platform.kafka.Publisher;
import io.promoflow.platform.security.Caller;
import io.promoflow.platform.security.RequiresRole;
import io.promoflow.platform.streams.StoreQueries;
import io.promoflow.platform.web.Pagination;
import io.promoflow.platform.web.ProblemException;
import io.promoflow.schemas.Topics;
import io.promoflow.schemas.approvals.ApprovalDecisionRecorded;
import io.promoflow.schemas.approvals.ApprovalsEnvelope;
import io.promoflow.schemas.common.ArtifactRef;
import io.promoflow.schemas.common.EventMetadata;
import jakarta.validation.Valid;
import java.util.List;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Lists approvals and records decisions by the authenticated approver. */
@RestController
public class ApprovalController {

  private final StoreQueries stores;
  private final Publisher publisher;
  private final Events events;

  public ApprovalController(StoreQueries stores, Publisher publisher, Events events) {
    this.stores = stores;
    this.publisher = publisher;
    this.events = events;
  }

  /**
   * {@code GET /api/v1/approvals?status=PENDING&mine=true&releaseId=&limit=&cursor=}: approvals,
   * newest first (then by id), one page ({@link Pagination}); {@code mine} keeps those the caller
   * may decide, {@code releaseId} those of one platform release's component promotions. Times are
   * ISO-8601 UTC ({@link ApprovalView}).
   */
  @GetMapping("/api/v1/approvals")
  public ResponseEntity<List<ApprovalView>> list(
      @RequestParam(required = false) ApprovalStatus status,
      @RequestParam(defaultValue = "false") boolean mine,
      @RequestParam(required = false) String releaseId,
      @RequestParam(required = false) Integer limit,
      @RequestParam(required = false) String cursor) {
    Caller caller = mine ? Caller.current() : null;
    long now = events.clock().millis();
    List<Approval> approvals =
        stores.<Approval>all(ApprovalTopology.APPROVALS).stream()
            .filter(a -> status == null || a.status() == status)
            .filter(
                a ->
                    releaseId == null
                        || a.release() != null && releaseId.equals(a.release().releaseId()))
            .filter(a -> caller == null || mayDecide(a, caller, now))
            .toList();
    return Pagination.respond(
        approvals,
        a -> Pagination.descending(a.requestedAt(), a.approvalId()),
        limit,
        cursor,
        ApprovalView::of);
  }

  /**
   * Records the caller's decision: 202; 400 reject without comment; 401 without token; 403
   * requester, excluded approver (forced or scheduled the promotion), commit author (by user name
   * or e-mail), an approval while the commit author is unknown ("commit author unknown: no one can
   * be shown independent of the change"), an unknown e-mail while the commit author is known, or
   * missing role; 404 unknown approval; 409 decided, expired or already decided by the caller (by
   * user name or e-mail), a second approval through the delegated channel (at most one counts), or
   * a component approval of a platform release (decided as a whole: {@code POST
   * /api/v1/releases/{releaseId}/decisions}). The rules are checked at the time the event records
   * ({@code occurredAt}), which is the time the topology applies them with, however late it reads
   * the decision. A call with the delegation credential is recorded with {@code via} {@value
   * DelegatedDecisionSecurity#DELEGATED_CHANNEL}.
   */
  @RequiresRole(approvers = true)
  @PostMapping("/api/v1/approvals/{approvalId}/decisions")
  public ResponseEntity<Map<String, String>> decide(
      @PathVariable String approvalId,
      @Valid @RequestBody DecisionRequest body,
      jakarta.servlet.http.HttpServletRequest request) {
    Caller caller = Caller.current();
    String via =
        request.getAttribute(DelegatedDecisionSecurity.DELEGATED_VIA) instanceof String v
            ? v
            : null;
    Approval approval =
        stores
            .<Approval>get(ApprovalTopology.APPROVALS, approvalId)
            .orElseThrow(() -> ProblemException.notFound("approval " + approvalId));
    boolean approve = body.decision() == DecisionRequest.Verdict.APPROVE;
    boolean withdraw = body.decision() == DecisionRequest.Verdict.WITHDRAW;
    EventMetadata meta =
        events.meta(
            new ArtifactRef(approval.application(), approval.version(), approval.digest()),
            approval.promotionId(),
            null,
            caller.user());
    long recordedAt = meta.getOccurredAt().toEpochMilli();
    try {
      ReleaseApprovals.checkSingle(approval);
      if (withdraw) {
        ApprovalRules.checkWithdrawal(approval, caller.user(), recordedAt);
      } else {
        ApprovalRules.check(
            approval,
            caller.user(),
            caller.email(),
            caller.roles(),
            approve,
            body.comment(),
            recordedAt,
            via);
      }
    } catch (DecisionRefused refused) {
      throw problem(refused);
    }
    // A second decision by the same approver is refused above once the store shows the first (409,
    // on any instance:
    // the store is read where its key lives). One sent before the topology applied the first (a
    // double click, or
    // two instances) is published and refused by the topology, the approvals topic's consumer,
    // which applies each
    // approver's decision once and dead-letters the repeat with the reason (ApprovalTopology): no
    // memory of this
    // instance decides it (issue 14, point 1).
    publisher.publish(
        Topics.APPROVALS,
        approval.application(),
        new ApprovalsEnvelope(
            meta,
            new ApprovalDecisionRecorded(
                approvalId,
                caller.user(),
                List.copyOf(caller.roles()),
                io.promoflow.schemas.approvals.Decision.valueOf(body.decision().name()),
                body.comment(),
                caller.email(),
                via)));
    return ResponseEntity.accepted()
        .body(
            Map.of(
                "approvalId",
                approvalId,
                "promotionId",
                approval.promotionId(),
                "approver",
                caller.user(),
                "decision",
                body.decision().name(),
                "eventId",
                meta.getEventId()));
  }

  private static boolean mayDecide(Approval a, Caller caller, long now) {
    try {
      ApprovalRules.check(a, caller.user(), caller.email(), caller.roles(), true, "", now);
      return true;
    } catch (DecisionRefused refused) {
      return false;
    }
  }

  /** The HTTP answer to a refused decision: 403, 409 or 400 naming the field. */
  static ProblemException problem(DecisionRefused refused) {
    return switch (refused.kind()) {
      case FORBIDDEN -> ProblemException.forbidden(refused.getMessage());
      case CONFLICT -> ProblemException.conflict(refused.getMessage(), refused.field());
      case INVALID -> ProblemException.badField(refused.field(), refused.getMessage());
    };
  }
}
