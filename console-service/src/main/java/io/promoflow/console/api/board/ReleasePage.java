package io.promoflow.console.api.board;

import io.promoflow.console.api.security.SignedIn;
import io.promoflow.console.domain.board.Answer;
import io.promoflow.console.domain.board.PipelineApi;
import io.promoflow.console.domain.board.Releases;
import io.promoflow.rules.policy.PipelinePolicy;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/**
 * {@code /releases/{id}}: a platform release (RELEASES.md point 8) from trigger-service's {@code
 * GET /api/v1/releases/{id}}: its components × stages (each component promotion's outcome, linked
 * to {@code /promotions/{id}}, and the verification where it stands), each release promotion with
 * its release gates and their inputs, component promotions, reasons and rollbacks, a train's
 * phases, and the timeline. {@code /fragments/releases/{id}} is the detail alone, fetched again
 * when an event of the release goes by.
 */
@Controller
public class ReleasePage {

  private final PipelineApi api;
  private final SignedIn signedIn;
  private final PipelinePolicy policy;
  private final Clock clock = Clock.systemUTC();

  public ReleasePage(PipelineApi api, SignedIn signedIn, PipelinePolicy policy) {
    this.api = api;
    this.signedIn = signedIn;
    this.policy = policy;
  }

  @GetMapping("/releases/{releaseId}")
  public String page(@PathVariable String releaseId, HttpServletRequest request, Model model) {
    fill(releaseId, request, model);
    return "release";
  }

  @GetMapping("/fragments/releases/{releaseId}")
  public String fragment(@PathVariable String releaseId, HttpServletRequest request, Model model) {
    fill(releaseId, request, model);
    return "release :: detail";
  }

  private void fill(String releaseId, HttpServletRequest request, Model model) {
    String token = Pages.token(signedIn, request, model, clock);
    Answer release = api.release(token, releaseId);
    model.addAttribute("releaseId", releaseId);
    model.addAttribute("release", release);
    model.addAttribute("stages", policy.stageNames());
    model.addAttribute("view", Releases.view(release, policy.stageNames()));
  }
}
