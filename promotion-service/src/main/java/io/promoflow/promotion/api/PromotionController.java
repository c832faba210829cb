package io.promoflow.promotion.api;

import io.promoflow.platform.streams.StoreQueries;
import io.promoflow.platform.web.ProblemException;
import io.promoflow.promotion.domain.ApplicationView;
import io.promoflow.promotion.domain.BuildInfo;
import io.promoflow.promotion.domain.Promotion;
import io.promoflow.promotion.domain.PromotionState;
import io.promoflow.promotion.flow.PromotionTopology;
import io.promoflow.rules.keys.ApplicationVersion;
import io.promoflow.rules.stage.StageLedger;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * A promotion's state and timeline, and its audit record (promotion model, "Promotion Audit
 * Trail").
 */
@RestController
public class PromotionController {

  private final StoreQueries stores;

  public PromotionController(StoreQueries stores) {
    this.stores = stores;
  }

  /**
   * {@code GET /api/v1/promotions/{promotionId}}: state, artifact, stages, timeline; 404 when
   * unknown.
   */
  @ApiResponse(
      responseCode = "200",
      description = "OK",
      content = @Content(schema = @Schema(implementation = Responses.PromotionDocument.class)))
  @GetMapping("/api/v1/promotions/{promotionId}")
  public Map<String, Object> promotion(@PathVariable String promotionId) {
    Promotion p = find(promotionId);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("promotionId", p.promotionId());
    body.put("state", p.state());
    body.put("type", p.type());
    body.put(
        "artifact",
        Map.of("application", p.application(), "version", p.version(), "digest", p.digest()));
    body.put("sourceStage", p.sourceStage());
    body.put("targetStage", p.targetStage());
    body.put("requestedBy", p.requestedBy());
    body.put("changeRequestId", p.changeRequestId());
    body.put("approvers", p.approvers());
    body.put("gateScore", p.gateScore());
    body.put("failedGates", p.failedGates());
    body.put("targetVerification", p.targetVerification());
    body.put("timeline", timeline(p));
    return body;
  }

  private static List<Map<String, Object>> timeline(Promotion p) {
    return p.timeline().stream()
        .map(
            t -> {
              Map<String, Object> m = new LinkedHashMap<>();
              m.put("at", Json.time(t.at()));
              m.put("state", t.state());
              m.put("event", t.event());
              m.put("actor", t.actor());
              m.put("detail", t.detail());
              return m;
            })
        .toList();
  }

  /**
   * {@code GET /api/v1/promotions/{promotionId}/audit}: who promoted what, where, when, on which
   * build and rules. {@code status} is SUCCESS for a promoted artifact, otherwise the final or
   * current state.
   */
  @ApiResponse(
      responseCode = "200",
      description = "OK",
      content = @Content(schema = @Schema(implementation = Responses.AuditDocument.class)))
  @GetMapping("/api/v1/promotions/{promotionId}/audit")
  public Map<String, Object> audit(@PathVariable String promotionId) {
    Promotion p = find(promotionId);
    BuildInfo build =
        stores
            .<BuildInfo>get(
                PromotionTopology.BUILDS,
                ApplicationVersion.of(p.application(), p.version()).value())
            .orElse(null);
    StageLedger ledger =
        stores
            .<ApplicationView>get(PromotionTopology.APPLICATIONS, p.application())
            .map(ApplicationView::ledger)
            .orElse(StageLedger.empty(p.application()));
    Map<String, Object> artifact = new LinkedHashMap<>();
    artifact.put("name", p.application());
    artifact.put("version", p.version());
    artifact.put("digest", p.digest());
    artifact.put("sourceCommit", build == null ? null : build.sourceCommit());
    Map<String, Object> verification = new LinkedHashMap<>();
    if (p.sourceStage() != null) {
      verification.put(
          p.sourceStage(),
          ledger.isKnownGood(p.sourceStage(), p.version()) ? "PASSED" : "NOT_VERIFIED");
    }
    if (p.targetVerification() != null) {
      verification.put(p.targetStage(), p.targetVerification());
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("promotionId", p.promotionId());
    body.put("artifact", artifact);
    body.put("type", p.type());
    body.put("sourceStage", p.sourceStage());
    body.put("targetStage", p.targetStage());
    body.put("requestedBy", p.requestedBy());
    body.put("changeRequestId", p.changeRequestId());
    body.put("requestedAt", Json.time(p.requestedAt()));
    body.put("approvedAt", Json.time(p.approvedAt()));
    body.put("completedAt", Json.time(p.completedAt()));
    body.put("approver", p.approvers().isEmpty() ? null : String.join(", ", p.approvers()));
    body.put("approvers", p.approvers());
    body.put("pipelineRunId", build == null ? null : build.pipelineRunId());
    body.put("pipelineUrl", build == null ? null : build.pipelineUrl());
    body.put("gateScore", p.gateScore());
    body.put("verificationResults", verification);
    body.put("policyDigest", p.policyDigest());
    body.put("status", p.state() == PromotionState.PROMOTED ? "SUCCESS" : p.state().name());
    body.put("timeline", timeline(p));
    return body;
  }

  private Promotion find(String promotionId) {
    return stores
        .<Promotion>get(PromotionTopology.PROMOTIONS, promotionId)
        .orElseThrow(() -> ProblemException.notFound("promotion " + promotionId));
  }
}
