package io.promoflow.console.api.board;

import io.promoflow.console.api.security.SignedIn;
import io.promoflow.console.domain.board.Answer;
import io.promoflow.console.domain.board.PipelineApi;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * {@code /approvals}: the pending approvals, those the signed-in person may decide first with
 * Approve and Reject (comment) buttons, the others with the reason approval-service gives for
 * refusing this person (its {@code GET /api/v1/approvals/{id}/check}, the rules and words of its
 * decision route). {@code ?approvalId=} (the link in e-mails) highlights one approval. A decision
 * is posted to approval-service with the person's token; its answer, or its reason for refusing, is
 * shown back.
 */
@Controller
public class ApprovalsPage {

  private final PipelineApi api;
  private final SignedIn signedIn;
  private final Clock clock = Clock.systemUTC();

  public ApprovalsPage(PipelineApi api, SignedIn signedIn) {
    this.api = api;
    this.signedIn = signedIn;
  }

  @GetMapping("/approvals")
  public String page(
      @RequestParam(required = false) String approvalId, HttpServletRequest request, Model model) {
    fill(approvalId, request, model);
    return "approvals";
  }

  @GetMapping("/fragments/approvals")
  public String fragment(
      @RequestParam(required = false) String approvalId, HttpServletRequest request, Model model) {
    fill(approvalId, request, model);
    return "approvals :: inbox";
  }

  /** Approve or reject ({@code decision} APPROVE or REJECT) with an optional comment. */
  @PostMapping("/approvals/{approvalId}/decisions")
  public String decide(
      @PathVariable String approvalId,
      @RequestParam String decision,
      @RequestParam(required = false) String comment,
      HttpServletRequest request,
      Model model,
      RedirectAttributes redirect) {
    String token = Pages.token(signedIn, request, model, clock);
    String verdict = "REJECT".equals(decision) ? "REJECT" : "APPROVE";
    Answer answer = api.decide(token, approvalId, verdict, comment);
    redirect.addFlashAttribute(
        "outcome",
        answer.isOk()
            ? (verdict.equals("APPROVE") ? "Approved " : "Rejected ")
                + approvalId
                + ": recorded by approval-service."
            : "Not recorded (" + answer.status() + "): " + answer.reason());
    redirect.addFlashAttribute("outcomeOk", answer.isOk());
    redirect.addAttribute("approvalId", approvalId);
    return "redirect:/approvals";
  }

  private void fill(String highlighted, HttpServletRequest request, Model model) {
    String token = Pages.token(signedIn, request, model, clock);
    Answer pending = api.approvals(token, "PENDING");
    List<Map<String, Object>> items = new ArrayList<>();
    for (Map<String, Object> approval : pending.list()) {
      String id = String.valueOf(approval.get("approvalId"));
      Answer check = api.approvalCheck(token, id);
      Map<String, Object> item = new LinkedHashMap<>(approval);
      item.put("approve", verdict(check, "approve"));
      item.put("reject", verdict(check, "reject"));
      item.put("highlighted", id.equals(highlighted));
      items.add(item);
    }
    // what the person may decide first, then newest first (the service's order) within each
    items.sort(
        Comparator.comparing(
            (Map<String, Object> i) ->
                !Boolean.TRUE.equals(verdictOf(i, "approve").get("allowed"))
                    && !Boolean.TRUE.equals(verdictOf(i, "reject").get("allowed"))));
    model.addAttribute("approvals", items);
    model.addAttribute("approvalId", highlighted);
    model.addAttribute("error", pending.isOk() ? null : pending.reason());
  }

  /**
   * One verdict of the check: {@code allowed}, else {@code status} and {@code reason}. A check that
   * did not answer allows nothing (fail closed) and says why.
   */
  static Map<String, Object> verdict(Answer check, String which) {
    if (!check.isOk()) {
      return Map.of("allowed", false, "status", check.status(), "reason", check.reason());
    }
    Object v = check.object().get(which);
    if (v instanceof Map<?, ?> m && m.get("allowed") instanceof Boolean allowed) {
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("allowed", allowed);
      out.put("status", m.get("status"));
      out.put("reason", m.get("reason"));
      return out;
    }
    return Map.of("allowed", false, "status", 502, "reason", "approval-service said nothing");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> verdictOf(Map<String, Object> item, String which) {
    return (Map<String, Object>) item.get(which);
  }
}
