package io.promoflow.trigger.domain;

import io.promoflow.rules.policy.PipelinePolicy;
import io.promoflow.rules.release.ReleaseState;
import java.util.List;
import java.util.Optional;

/**
 * Whether a release may be promoted into a stage now (GitHub issue 18 point 1; RELEASES.md step 2),
 * decided from the release's state as the coordinator's store shows it. Refused:
 *
 * <ul>
 *   <li>an unknown stage (400 {@code targetStage});
 *   <li>a release without components — a train before its collection phase, or one that collected
 *       nothing (409): there is nothing to promote, fail closed;
 *   <li>while a promotion of the release is in flight (409);
 *   <li>into a later stage than one the release's latest promotion failed into (409): the failed
 *       stage is retried first. A retry into that stage itself is allowed; the coordinator gives it
 *       new component promotion ids ({@code ReleaseIds} attempt);
 *   <li>any stage but the one after the last stage the release reached (400); before any: the first
 *       stage, which every new build enters by itself (400).
 * </ul>
 */
public final class ReleasePromotionCheck {

  private ReleasePromotionCheck() {}

  /** Why a promotion is refused: a conflict (409) or a bad field (400), naming the field. */
  public record Refusal(boolean conflict, String field, String detail) {}

  /** The refusal of promoting {@code release} into {@code target}, empty if it may go. */
  public static Optional<Refusal> check(
      ReleaseState release, PipelinePolicy policy, String target) {
    List<String> stages = policy.stageNames();
    int to = stages.indexOf(target);
    if (to < 0) {
      return bad("unknown stage " + target + " (stages: " + String.join(", ", stages) + ")");
    }
    if (release.components().isEmpty()) {
      return conflict(
          "release "
              + release.version()
              + " has no components"
              + (release.train() ? " (a train collects them at its collection phase)" : ""));
    }
    Optional<ReleaseState.Promotion> inFlight = release.inFlight();
    if (inFlight.isPresent()) {
      return conflict(
          "release "
              + release.version()
              + " is being promoted into "
              + inFlight.get().targetStage()
              + " ("
              + inFlight.get().state()
              + ")");
    }
    Optional<ReleaseState.Promotion> latest = release.latest();
    if (latest.isPresent()
        && latest.get().state() != ReleaseState.PromotionState.PROMOTED
        && stages.indexOf(latest.get().targetStage()) < to) {
      return conflict(
          "release "
              + release.version()
              + " failed into "
              + latest.get().targetStage()
              + "; promote it there again first");
    }
    Optional<String> reached = release.reached();
    if (reached.isPresent()) {
      String next = policy.nextStage(reached.get()).orElse(null);
      if (!target.equals(next)) {
        return bad(
            "release "
                + release.version()
                + " is in "
                + reached.get()
                + (next == null ? ", the last stage" : "; it goes to " + next + " next"));
      }
    } else if (to == 0) {
      return bad(target + " is entered by every new build; promote the release into a later stage");
    }
    return Optional.empty();
  }

  private static Optional<Refusal> bad(String detail) {
    return Optional.of(new Refusal(false, "targetStage", detail));
  }

  private static Optional<Refusal> conflict(String detail) {
    return Optional.of(new Refusal(true, "targetStage", detail));
  }
}
