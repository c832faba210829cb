package io.promoflow.rules.policy;

import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * When a promotion into a stage may run: inside one of its deployment windows (time-zone aware;
 * none means always) and outside every freeze.
 */
public final class DeploymentCalendar {

  private DeploymentCalendar() {}

  /**
   * Why and until when {@code stage} is closed at {@code now}; empty when a promotion may run now.
   */
  public static Optional<Closed> closed(StagePolicy stage, Instant now) {
    Instant t = now;
    String reason = null;
    // a window may open inside a freeze and a freeze may start inside a window: iterate to a moment
    // that is both
    for (int guard = 0; guard < 64; guard++) {
      Instant moment = t;
      Optional<Freeze> freeze =
          stage.freezes().stream()
              .filter(f -> !moment.isBefore(f.from()) && moment.isBefore(f.to()))
              .findFirst();
      if (freeze.isPresent()) {
        reason =
            "freeze until "
                + freeze.get().to()
                + (freeze.get().reason() == null ? "" : ": " + freeze.get().reason());
        t = freeze.get().to();
        continue;
      }
      Optional<Instant> opening = nextWindowOpening(stage, t);
      if (opening.isPresent() && opening.get().isAfter(t)) {
        reason = reason == null ? "outside the deployment windows of " + stage.name() : reason;
        t = opening.get();
        continue;
      }
      return t.equals(now) ? Optional.empty() : Optional.of(new Closed(t, reason));
    }
    throw new IllegalStateException(
        "no opening of " + stage.name() + " found: check its windows and freezes");
  }

  /**
   * {@code at} itself when inside a window (or there are none), else the next opening within 14
   * days.
   */
  static Optional<Instant> nextWindowOpening(StagePolicy stage, Instant at) {
    if (stage.deploymentWindows().isEmpty()) {
      return Optional.of(at);
    }
    Instant best = null;
    for (DeploymentWindow w : stage.deploymentWindows()) {
      ZonedDateTime local = at.atZone(w.zone());
      for (int day = 0; day <= 14; day++) {
        ZonedDateTime date = local.plusDays(day).truncatedTo(ChronoUnit.DAYS);
        if (!w.days().isEmpty() && !w.days().contains(date.getDayOfWeek())) {
          continue;
        }
        ZonedDateTime open = date.with(w.from());
        ZonedDateTime close = date.with(w.to());
        if (day == 0 && !local.isBefore(open) && local.isBefore(close)) {
          return Optional.of(at);
        }
        if (open.isAfter(local)) {
          best = best == null || open.toInstant().isBefore(best) ? open.toInstant() : best;
          break;
        }
      }
    }
    return Optional.ofNullable(best);
  }

  /**
   * A stage closed for promotions.
   *
   * @param until when it opens
   * @param reason freeze or window
   */
  public record Closed(Instant until, String reason) {}
}
