package io.promoflow.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;

/**
 * Follows one promotion by polling {@code GET /api/v1/promotions/{promotionId}} of
 * promotion-service: one progress line per new timeline step until a final state ({@code
 * PromotionState.isFinal} in promotion-service). Used by {@code promotion watch} and {@code promote
 * --wait}.
 */
final class PromotionWatch {

  /** Final states that are not PROMOTED: the promotion did not happen (exit code 1). */
  static final Set<String> UNSUCCESSFUL =
      Set.of("BLOCKED", "REJECTED", "EXPIRED", "FAILED", "SUPERSEDED");

  /**
   * How long a promotion may stay unknown (404) after it was requested: trigger-service accepts the
   * request and promotion-service sees it through Kafka a moment later.
   */
  static final Duration APPEARS_WITHIN = Duration.ofSeconds(30);

  /** {@code --interval} and {@code --timeout} of a follow. */
  static class Options {

    @Option(
        names = "--interval",
        defaultValue = "1000",
        description = "milliseconds between polls (default ${DEFAULT-VALUE})")
    long intervalMillis = 1000;

    @Option(
        names = "--timeout",
        defaultValue = "1800",
        description =
            "seconds to follow before giving up with exit code 1 (default ${DEFAULT-VALUE})")
    long timeoutSeconds = 1800;
  }

  /** What a follow ended with: the exit code and the last document read. */
  record Outcome(int exitCode, JsonNode promotion) {}

  private PromotionWatch() {}

  /**
   * Polls until the promotion reaches a final state or {@code options.timeoutSeconds} pass.
   *
   * @param progress where the progress lines go (stdout for tables, stderr under {@code -o json})
   * @return {@link PromoflowCli#OK} on PROMOTED, {@link PromoflowCli#REFUSED} on any other final
   *     state, on timeout, or when the promotion never appears
   * @throws Api.ApiException an error answer other than the first 404s, or an unreachable service
   */
  static Outcome follow(Api api, String promotionId, Options options, PrintWriter progress) {
    long start = System.nanoTime();
    long deadline = start + Duration.ofSeconds(options.timeoutSeconds).toNanos();
    long appearDeadline = start + APPEARS_WITHIN.toNanos();
    String path = "/api/v1/promotions/" + Api.encode(promotionId);
    JsonNode promotion = null;
    int printed = 0;
    while (true) {
      try {
        promotion = api.get(Api.Service.PROMOTION, path);
      } catch (Api.ApiException e) {
        boolean notYetSeen =
            e.status() == 404 && promotion == null && System.nanoTime() < appearDeadline;
        if (!notYetSeen) {
          throw e;
        }
      }
      if (promotion != null) {
        JsonNode timeline = promotion.path("timeline");
        for (int i = printed; i < timeline.size(); i++) {
          progress.println(step(timeline.get(i)));
        }
        printed = Math.max(printed, timeline.size());
        String state = promotion.path("state").asString("");
        if ("PROMOTED".equals(state) || UNSUCCESSFUL.contains(state)) {
          progress.println(outcome(promotionId, promotion));
          progress.flush();
          return new Outcome(
              "PROMOTED".equals(state) ? PromoflowCli.OK : PromoflowCli.REFUSED, promotion);
        }
      }
      progress.flush();
      if (System.nanoTime() >= deadline) {
        progress.println(
            "promotion "
                + promotionId
                + " is still "
                + (promotion == null ? "unknown" : promotion.path("state").asString("unknown"))
                + " after "
                + options.timeoutSeconds
                + "s; stopped following (it goes on)");
        progress.flush();
        return new Outcome(PromoflowCli.REFUSED, promotion);
      }
      LockSupport.parkNanos(Duration.ofMillis(options.intervalMillis).toNanos());
    }
  }

  /** One timeline step: {@code at STATE event by actor: detail}. */
  static String step(JsonNode t) {
    String actor = t.path("actor").asString("");
    String detail = t.path("detail").asString("");
    return String.format(
        "  %s  %-17s %s%s%s",
        t.path("at").asString(""),
        t.path("state").asString(""),
        t.path("event").asString(""),
        actor.isBlank() ? "" : " by " + actor,
        detail.isBlank() ? "" : ": " + detail);
  }

  /** The final line: what happened, and the failed gates of a blocked promotion. */
  static String outcome(String promotionId, JsonNode p) {
    JsonNode artifact = p.path("artifact");
    JsonNode failed = p.path("failedGates");
    return "promotion "
        + promotionId
        + " "
        + p.path("state").asString()
        + ": "
        + artifact.path("application").asString()
        + " "
        + artifact.path("version").asString()
        + " -> "
        + p.path("targetStage").asString()
        + (failed.isArray() && !failed.isEmpty() ? " (failed gates: " + failed + ")" : "");
  }
}
