package io.promoflow.console.api.board;

import io.promoflow.console.api.security.SignedIn;
import io.promoflow.console.domain.board.Answer;
import io.promoflow.console.domain.board.Board;
import io.promoflow.console.domain.board.PipelineApi;
import io.promoflow.console.domain.board.Releases;
import io.promoflow.rules.policy.PipelinePolicy;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * {@code /}: the applications × stages matrix (version in each stage, its verification, holds, age;
 * the promotions in flight with their state), filtered by application name, and the latest platform
 * releases (version, type, stage, state). {@code /fragments/board} is the matrix and the releases
 * alone, which the page fetches again when an event says something changed.
 */
@Controller
public class BoardController {

  private final PipelineApi api;
  private final SignedIn signedIn;

  /** How many of the latest releases the board lists. */
  static final int RELEASES = 10;

  private final PipelinePolicy policy;
  private final Clock clock;

  public BoardController(PipelineApi api, SignedIn signedIn, PipelinePolicy policy) {
    this.api = api;
    this.signedIn = signedIn;
    this.policy = policy;
    this.clock = Clock.systemUTC();
  }

  @GetMapping("/")
  public String page(
      @RequestParam(required = false) String application, HttpServletRequest request, Model model) {
    fill(application, request, model);
    return "board";
  }

  @GetMapping("/fragments/board")
  public String fragment(
      @RequestParam(required = false) String application, HttpServletRequest request, Model model) {
    fill(application, request, model);
    return "board :: matrix";
  }

  private void fill(String filter, HttpServletRequest request, Model model) {
    String token = Pages.token(signedIn, request, model, clock);
    Answer all = api.applications(token);
    List<String> names =
        all.list().stream()
            .map(a -> String.valueOf(a.get("application")))
            .filter(a -> Board.matches(a, filter))
            .toList();
    Map<String, Answer> details = new LinkedHashMap<>();
    Map<String, Answer> promotions = new LinkedHashMap<>();
    for (String name : names) {
      Answer detail = api.application(token, name);
      details.put(name, detail);
      Object open = detail.object().get("open");
      if (open instanceof List<?> ids) {
        ids.forEach(id -> promotions.put(id.toString(), api.promotion(token, id.toString())));
      }
    }
    model.addAttribute("stages", policy.stageNames());
    model.addAttribute("filter", filter == null ? "" : filter);
    model.addAttribute("error", all.isOk() ? null : all.reason());
    model.addAttribute(
        "rows", Board.rows(names, details, promotions, policy.stageNames(), clock.instant()));
    // trigger-service's releases, beside the matrix: its refusal is shown, never the board's
    Answer releases = api.releases(token, RELEASES);
    model.addAttribute("releasesError", releases.isOk() ? null : releases.reason());
    model.addAttribute("releases", Releases.summaries(releases, RELEASES, clock.instant()));
  }
}
