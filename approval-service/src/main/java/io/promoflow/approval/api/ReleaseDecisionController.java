package io.promoflow.approval.api;

import io.promoflow.approval.domain.Approval;
import io.promoflow.approval.domain.ApprovalRules;
import io.promoflow.approval.domain.DecisionRefused;
import io.promoflow.approval.domain.ReleaseApprovals;
import io.promoflow.approval.flow.ApprovalTopology;
import io.promoflow.platform.events.Events;
import io.promoflow.platform.kafka.Publisher;
import io.promoflow.platform.security.Caller;
import io.promoflow.platform.security.RequiresRole;
import io.promoflow.platform.streams.StoreQueries;
import io.promoflow.platform.web.ProblemException;
import io.promoflow.schemas.Topics;
import io.promoflow.schemas.approvals.ApprovalDecisionRecorded;
import io.promoflow.schemas.approvals.ApprovalsEnvelope;
import io.promoflow.schemas.common.ArtifactRef;
import io.promoflow.schemas.common.EventMetadata;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.validation.Valid;
import java.util.ArrayList;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * One approval for a whole platform release (RELEASES.md point 5): the decision is recorded on
 * every component approval of the release into its stage, in one Kafka transaction, or on none.
 */
@RestController
public class ReleaseDecisionController {

  /**
   * Answer of an accepted release decision.
   *
   * @param releaseId the release decided
   * @param approvalIds the component approvals the decision was recorded on, in the release's
   *     component order
   */
  public record ReleaseDecisionAccepted(String releaseId, List<String> approvalIds) {}

  private final StoreQueries stores;
  private final Publisher publisher;
  private final Events events;

  public ReleaseDecisionController(StoreQueries stores, Publisher publisher, Events events) {
    this.stores = stores;
    this.publisher = publisher;
    this.events = events;
  }

  /**
   * Records the caller's decision on every component approval of release {@code releaseId}: 202
   * with the approval ids; 404 when approval-service knows no approval of the release; 409 when
   * every one is decided already; 409 {@code "n of m components awaiting approval"} until every
   * component of the release into that stage is pending; each component approval is checked by the
   * same rules as a single decision ({@link ApprovalRules#check}: 403 requester, excluded approver,
   * commit author, missing role; 409 decided or expired; 400 reject without comment), the first
   * refusal answered with the component named and nothing published. Roles as {@code POST
   * /api/v1/approvals/{approvalId}/decisions}. Called with the delegation credential (a Slack
   * click, {@link DelegatedDecisionSecurity}) every component decision is recorded with {@code via}
   * {@value DelegatedDecisionSecurity#DELEGATED_CHANNEL} and checked like a single delegated one:
   * at most one delegated decision counts toward each component's quorum. One {@code
   * ApprovalDecisionRecorded} per component approval, keyed by its application, all in one
   * transaction ({@link Publisher#publishAll}).
   */
  @RequiresRole(approvers = true)
  @ApiResponse(
      responseCode = "202",
      description =
          "Accepted: one ApprovalDecisionRecorded per component approval, in one transaction",
      content = @Content(schema = @Schema(implementation = ReleaseDecisionAccepted.class)))
  @PostMapping("/api/v1/releases/{releaseId}/decisions")
  public ResponseEntity<ReleaseDecisionAccepted> decide(
      @PathVariable String releaseId,
      @Valid @RequestBody ReleaseDecisionRequest body,
      jakarta.servlet.http.HttpServletRequest request) {
    Caller caller = Caller.current();
    String via =
        request.getAttribute(DelegatedDecisionSecurity.DELEGATED_VIA) instanceof String v
            ? v
            : null;
    List<Approval> components;
    try {
      components =
          ReleaseApprovals.pending(releaseId, stores.<Approval>all(ApprovalTopology.APPROVALS));
    } catch (DecisionRefused refused) {
      throw ApprovalController.problem(refused);
    }
    if (components.isEmpty()) {
      throw ProblemException.notFound("pending approvals of release " + releaseId);
    }
    boolean approve = body.decision() == ReleaseDecisionRequest.Verdict.APPROVE;
    List<Publisher.Event<?>> decisions = new ArrayList<>();
    for (Approval approval : components) {
      EventMetadata meta =
          events.meta(
              new ArtifactRef(approval.application(), approval.version(), approval.digest()),
              approval.promotionId(),
              null,
              caller.user());
      try {
        ApprovalRules.check(
            approval,
            caller.user(),
            caller.email(),
            caller.roles(),
            approve,
            body.comment(),
            meta.getOccurredAt().toEpochMilli(),
            via);
      } catch (DecisionRefused refused) {
        throw ApprovalController.problem(
            new DecisionRefused(
                refused.kind(),
                approval.application()
                    + " ("
                    + approval.approvalId()
                    + "): "
                    + refused.getMessage(),
                refused.field()));
      }
      decisions.add(
          new Publisher.Event<>(
              Topics.APPROVALS,
              approval.application(),
              new ApprovalsEnvelope(
                  meta,
                  new ApprovalDecisionRecorded(
                      approval.approvalId(),
                      caller.user(),
                      List.copyOf(caller.roles()),
                      io.promoflow.schemas.approvals.Decision.valueOf(body.decision().name()),
                      body.comment(),
                      caller.email(),
                      via))));
    }
    publisher.publishAll(decisions);
    return ResponseEntity.accepted()
        .body(
            new ReleaseDecisionAccepted(
                releaseId, components.stream().map(Approval::approvalId).toList()));
  }
}
