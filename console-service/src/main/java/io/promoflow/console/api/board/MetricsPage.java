package io.promoflow.console.api.board;

import io.promoflow.console.api.security.SignedIn;
import io.promoflow.console.domain.board.Answer;
import io.promoflow.console.domain.board.PipelineApi;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * {@code /metrics}: the DORA metrics of {@code GET /api/v1/metrics/dora} (deployment frequency,
 * lead time p50/p90, change failure rate, time to restore, approval wait, promotion success rate,
 * promotions) as figures and bars. While the endpoint is absent (404) or fails, the page says so
 * instead of showing numbers it does not have.
 */
@Controller
public class MetricsPage {

  /** A figure: its label, value as shown, and for a rate its share 0–100 (bar width), else null. */
  public record Figure(String key, String label, String value, Integer percent) {}

  private final PipelineApi api;
  private final SignedIn signedIn;
  private final Clock clock = Clock.systemUTC();

  public MetricsPage(PipelineApi api, SignedIn signedIn) {
    this.api = api;
    this.signedIn = signedIn;
  }

  @GetMapping("/metrics")
  public String page(
      @RequestParam(required = false) String application,
      @RequestParam(required = false) String stage,
      @RequestParam(defaultValue = "P30D") String window,
      HttpServletRequest request,
      Model model) {
    String token = Pages.token(signedIn, request, model, clock);
    String w = window;
    try {
      Duration.parse(window);
    } catch (DateTimeParseException e) {
      w = "P30D";
    }
    Answer dora = api.dora(token, application, stage, w);
    model.addAttribute("application", application == null ? "" : application);
    model.addAttribute("stage", stage == null ? "" : stage);
    model.addAttribute("window", w);
    model.addAttribute("available", dora.isOk());
    model.addAttribute(
        "unavailable",
        dora.status() == 404
            ? "The DORA metrics are not available yet (GET /api/v1/metrics/dora answered 404)."
            : "The DORA metrics could not be read: " + dora.reason());
    model.addAttribute("figures", figures(dora.object()));
    return "metrics";
  }

  /** The figures of a DORA answer, in a fixed order; keys it does not carry are left out. */
  static List<Figure> figures(Map<String, Object> dora) {
    List<Figure> out = new ArrayList<>();
    add(out, dora, "deploymentFrequencyPerDay", "Deployment frequency", Kind.PER_DAY);
    add(out, dora, "leadTimeForChangesP50Ms", "Lead time for changes (p50)", Kind.DURATION);
    add(out, dora, "leadTimeForChangesP90Ms", "Lead time for changes (p90)", Kind.DURATION);
    add(out, dora, "changeFailureRate", "Change failure rate", Kind.RATE);
    add(out, dora, "timeToRestoreP50Ms", "Time to restore (p50)", Kind.DURATION);
    add(out, dora, "approvalWaitP50Ms", "Approval wait (p50)", Kind.DURATION);
    add(out, dora, "promotionSuccessRate", "Promotion success rate", Kind.RATE);
    add(out, dora, "promotions", "Promotions", Kind.COUNT);
    return out;
  }

  private enum Kind {
    PER_DAY,
    DURATION,
    RATE,
    COUNT
  }

  private static void add(
      List<Figure> out, Map<String, Object> dora, String key, String label, Kind kind) {
    Object v = dora.get(key);
    if (!(v instanceof Number n)) {
      if (dora.containsKey(key)) {
        out.add(new Figure(key, label, "no data", null));
      }
      return;
    }
    double d = n.doubleValue();
    switch (kind) {
      case PER_DAY ->
          out.add(new Figure(key, label, String.format(Locale.ROOT, "%.2f / day", d), null));
      case DURATION -> out.add(new Figure(key, label, duration((long) d), null));
      case RATE -> {
        int percent = (int) Math.round(Math.max(0, Math.min(1, d)) * 100);
        out.add(new Figure(key, label, percent + " %", percent));
      }
      case COUNT -> out.add(new Figure(key, label, String.valueOf(n.longValue()), null));
    }
  }

  /** {@code 850 ms}, {@code 42 s}, {@code 3.5 min}, {@code 2.0 h}, {@code 1.5 d}. */
  static String duration(long ms) {
    if (ms < 1000) {
      return ms + " ms";
    }
    if (ms < 60_000) {
      return ms / 1000 + " s";
    }
    if (ms < 3_600_000) {
      return String.format(Locale.ROOT, "%.1f min", ms / 60_000.0);
    }
    if (ms < 86_400_000) {
      return String.format(Locale.ROOT, "%.1f h", ms / 3_600_000.0);
    }
    return String.format(Locale.ROOT, "%.1f d", ms / 86_400_000.0);
  }
}
