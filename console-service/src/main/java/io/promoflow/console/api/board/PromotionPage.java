package io.promoflow.console.api.board;

import io.promoflow.console.api.security.SignedIn;
import io.promoflow.console.domain.board.Answer;
import io.promoflow.console.domain.board.PipelineApi;
import io.promoflow.console.flow.board.Attestations;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/**
 * {@code /promotions/{id}}: the promotion's timeline, its gate report (each gate's inputs,
 * thresholds, outcome, score, the evidence it read), its approvals (who, when, comment), the
 * executor's attempts, the attestation and the audit record: promotion-, gate- and
 * approval-service's answers side by side, each with its own reason when it has none.
 */
@Controller
public class PromotionPage {

  private final PipelineApi api;
  private final SignedIn signedIn;
  private final Attestations attestations;
  private final Clock clock = Clock.systemUTC();

  public PromotionPage(PipelineApi api, SignedIn signedIn, Attestations attestations) {
    this.api = api;
    this.signedIn = signedIn;
    this.attestations = attestations;
  }

  @GetMapping("/promotions/{promotionId}")
  public String page(@PathVariable String promotionId, HttpServletRequest request, Model model) {
    fill(promotionId, request, model);
    return "promotion";
  }

  @GetMapping("/fragments/promotions/{promotionId}")
  public String fragment(
      @PathVariable String promotionId, HttpServletRequest request, Model model) {
    fill(promotionId, request, model);
    return "promotion :: detail";
  }

  private void fill(String promotionId, HttpServletRequest request, Model model) {
    String token = Pages.token(signedIn, request, model, clock);
    Answer promotion = api.promotion(token, promotionId);
    Answer gates = api.gates(token, promotionId);
    Answer audit = api.audit(token, promotionId);
    Answer approvals = api.approvals(token, null);
    List<Map<String, Object>> timeline = timeline(promotion);
    model.addAttribute("promotionId", promotionId);
    model.addAttribute("promotion", promotion);
    model.addAttribute("timeline", timeline);
    model.addAttribute(
        "attempts",
        timeline.stream().filter(t -> "PromotionAttempted".equals(t.get("event"))).toList());
    model.addAttribute("gates", gates);
    model.addAttribute("audit", audit);
    model.addAttribute("approvalsAnswer", approvals);
    model.addAttribute(
        "approvals",
        approvals.list().stream()
            .filter(a -> promotionId.equals(a.get("promotionId")))
            .map(PromotionPage::withDecisionTimes)
            .toList());
    model.addAttribute("attestation", attestations.of(promotionId).name());
  }

  /**
   * The approval with each decision's time ({@code at}: ISO-8601 UTC as the API answers it, or
   * epoch ms from an older service) as ISO-8601 UTC in {@code atText}.
   */
  static Map<String, Object> withDecisionTimes(Map<String, Object> approval) {
    Map<String, Object> out = new LinkedHashMap<>(approval);
    List<Object> decisions = new ArrayList<>();
    if (approval.get("decisions") instanceof List<?> l) {
      for (Object d : l) {
        if (d instanceof Map<?, ?> m) {
          Map<Object, Object> copy = new LinkedHashMap<>(m);
          copy.put(
              "atText",
              m.get("at") instanceof Number at
                  ? Instant.ofEpochMilli(at.longValue()).toString()
                  : m.get("at") instanceof String iso ? iso : "");
          decisions.add(copy);
        }
      }
    }
    out.put("decisions", decisions);
    return out;
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> timeline(Answer promotion) {
    return promotion.object().get("timeline") instanceof List<?> l
        ? l.stream().filter(Map.class::isInstance).map(m -> (Map<String, Object>) m).toList()
        : List.of();
  }
}
