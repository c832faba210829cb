package io.promoflow.approval.domain;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * One decision for a whole platform release (RELEASES.md point 5): the component approvals of a
 * release are decided together, once every component of {@code ReleaseRef.components} into that
 * stage awaits its approval, and never one by one.
 */
public final class ReleaseApprovals {

  private ReleaseApprovals() {}

  /**
   * The PENDING approvals a decision on release {@code releaseId} decides, one per component in the
   * release's component order (a component's newest, should there be two), or empty when none of
   * the release's approvals is pending (nothing to decide: 404).
   *
   * @param approvals every approval known (all instances' stores)
   * @throws DecisionRefused CONFLICT {@code "n of m components awaiting approval"} until every
   *     component's approval into the stage is pending, or when the release's pending approvals are
   *     into several stages
   */
  public static List<Approval> pending(String releaseId, List<Approval> approvals) {
    List<Approval> pending =
        approvals.stream()
            .filter(a -> a.release() != null && a.release().releaseId().equals(releaseId))
            .filter(a -> a.status() == ApprovalStatus.PENDING)
            .sorted(Comparator.comparingLong(Approval::requestedAt).reversed())
            .toList();
    if (pending.isEmpty()) {
      List<String> decided =
          approvals.stream()
              .filter(a -> a.release() != null && a.release().releaseId().equals(releaseId))
              .sorted(Comparator.comparing(Approval::application))
              .map(a -> a.application() + " " + a.status())
              .toList();
      if (!decided.isEmpty()) {
        // known but nothing left to decide: a conflict with the decisions made, as for one approval
        throw new DecisionRefused(
            DecisionRefused.Kind.CONFLICT,
            "no approval of release "
                + releaseId
                + " is pending any more: "
                + String.join(", ", decided),
            null);
      }
      return List.of();
    }
    Release release = pending.get(0).release();
    TreeSet<String> stages = new TreeSet<>(pending.stream().map(Approval::targetStage).toList());
    if (stages.size() > 1) {
      throw new DecisionRefused(
          DecisionRefused.Kind.CONFLICT,
          "release "
              + release.version()
              + " has approvals pending into several stages "
              + stages
              + ": nothing is decided",
          null);
    }
    List<Approval> decided = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    for (String component : release.components()) {
      Optional<Approval> one =
          pending.stream().filter(a -> a.application().equals(component)).findFirst();
      one.ifPresentOrElse(decided::add, () -> missing.add(component));
    }
    if (release.components().isEmpty() || !missing.isEmpty()) {
      throw new DecisionRefused(
          DecisionRefused.Kind.CONFLICT,
          decided.size()
              + " of "
              + release.components().size()
              + " components awaiting approval (release "
              + release.version()
              + " into "
              + stages.first()
              + "; not yet: "
              + String.join(", ", missing)
              + ")",
          null);
    }
    return List.copyOf(decided);
  }

  /**
   * Refuses a decision on one component approval of a release through the single-approval route: a
   * release is decided as a whole.
   *
   * @throws DecisionRefused CONFLICT naming the release route
   */
  public static void checkSingle(Approval a) {
    if (a.release() != null) {
      throw new DecisionRefused(
          DecisionRefused.Kind.CONFLICT,
          "part of release "
              + a.release().version()
              + ": decide it with POST /api/v1/releases/"
              + a.release().releaseId()
              + "/decisions",
          null);
    }
  }
}
