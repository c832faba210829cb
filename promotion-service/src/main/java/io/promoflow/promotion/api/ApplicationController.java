package io.promoflow.promotion.api;

import io.promoflow.platform.streams.StoreQueries;
import io.promoflow.platform.web.Pagination;
import io.promoflow.platform.web.ProblemException;
import io.promoflow.promotion.domain.ApplicationView;
import io.promoflow.promotion.flow.PromotionTopology;
import io.promoflow.rules.policy.PipelinePolicy;
import io.promoflow.rules.stage.StageLedger;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** What runs in each stage of each application, and how it got there. */
@RestController
public class ApplicationController {

  private final StoreQueries stores;
  private final PipelinePolicy policy;

  public ApplicationController(StoreQueries stores, PipelinePolicy policy) {
    this.stores = stores;
    this.policy = policy;
  }

  /**
   * {@code GET /api/v1/applications?limit=&cursor=}: every application with the version in each
   * stage, by name, one page ({@link Pagination}).
   */
  @ApiResponse(
      responseCode = "200",
      description = "One page, by application name",
      content =
          @Content(
              array =
                  @ArraySchema(
                      schema = @Schema(implementation = Responses.ApplicationSummary.class))))
  @GetMapping("/api/v1/applications")
  public ResponseEntity<List<Map<String, Object>>> applications(
      @RequestParam(required = false) Integer limit,
      @RequestParam(required = false) String cursor) {
    return Pagination.respond(
        stores.<ApplicationView>all(PromotionTopology.APPLICATIONS),
        ApplicationView::application,
        limit,
        cursor,
        v -> Map.<String, Object>of("application", v.application(), "stages", stages(v.ledger())));
  }

  /**
   * {@code GET /api/v1/applications/{application}}: {@code {"application", "stages": {"DEV":
   * {"version", "digest", "promotedAt", "verification", "promotionId"}}, "holds", "open": [ids of
   * promotions not ended], "history": [...]}}; 404 for an application never promoted.
   */
  @ApiResponse(
      responseCode = "200",
      description = "OK",
      content = @Content(schema = @Schema(implementation = Responses.ApplicationDocument.class)))
  @GetMapping("/api/v1/applications/{application}")
  public Map<String, Object> application(@PathVariable String application) {
    ApplicationView v =
        stores
            .<ApplicationView>get(PromotionTopology.APPLICATIONS, application)
            .orElseThrow(() -> ProblemException.notFound("application " + application));
    List<Map<String, Object>> history =
        v.history().stream()
            .map(
                h -> {
                  Map<String, Object> m = new LinkedHashMap<>();
                  m.put("at", Json.time(h.at()));
                  m.put("promotionId", h.promotionId());
                  m.put("version", h.version());
                  m.put("type", h.type());
                  m.put("sourceStage", h.sourceStage());
                  m.put("targetStage", h.targetStage());
                  m.put("state", h.state());
                  return m;
                })
            .toList();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("application", application);
    body.put("stages", stages(v.ledger()));
    Map<String, Object> knownGood = new LinkedHashMap<>();
    v.ledger()
        .verified()
        .forEach(
            (stage, versions) ->
                knownGood.put(
                    stage,
                    versions.stream()
                        .map(
                            k ->
                                Map.of(
                                    "version",
                                    k.version(),
                                    "digest",
                                    k.digest(),
                                    "verifiedAt",
                                    Json.time(k.verifiedAt())))
                        .toList()));
    body.put("knownGood", knownGood);
    body.put("holds", v.ledger().held());
    // promotions of this application that have not ended (the console's "in flight")
    body.put("open", v.open());
    body.put("history", history);
    return body;
  }

  private Map<String, Object> stages(StageLedger ledger) {
    Map<String, Object> stages = new LinkedHashMap<>();
    for (String stage : policy.stageNames()) {
      ledger
          .in(stage)
          .ifPresent(
              s -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("version", s.version());
                m.put("digest", s.digest());
                m.put("promotedAt", Json.time(s.promotedAt()));
                m.put("verification", s.verification());
                m.put("verifiedAt", Json.time(s.verifiedAt()));
                m.put("promotionId", s.promotionId());
                stages.put(stage, m);
              });
    }
    return stages;
  }
}
