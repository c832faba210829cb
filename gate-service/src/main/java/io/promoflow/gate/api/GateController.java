package io.promoflow.gate.api;

import io.promoflow.gate.flow.GateReport;
import io.promoflow.gate.flow.GateTopology;
import io.promoflow.platform.streams.StoreQueries;
import io.promoflow.platform.web.ProblemException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/promotions/{promotionId}/gates}: each gate's inputs, outcome, score and
 * reason.
 */
@RestController
public class GateController {

  private final StoreQueries stores;

  public GateController(StoreQueries stores) {
    this.stores = stores;
  }

  /**
   * The report (times ISO-8601 UTC), or 404 while the promotion is unknown or not evaluated yet.
   */
  @GetMapping("/api/v1/promotions/{promotionId}/gates")
  public GateReportView gates(@PathVariable String promotionId) {
    return stores
        .<GateReport>get(GateTopology.REPORTS, promotionId)
        .map(GateReportView::of)
        .orElseThrow(() -> ProblemException.notFound("gate results of promotion " + promotionId));
  }
}
