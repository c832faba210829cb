package io.promoflow.rules.release.train;

import io.promoflow.rules.policy.PipelinePolicy;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * A train's collection phase (RELEASES.md point 7; the guide's {@code
 * _collect_service_versions(cutoff_date=train_date - timedelta(days=14))}): per application the
 * newest version verified in the source stage strictly before the cutoff.
 *
 * <p>"Newest" is the greatest by {@link VerifiedVersion#NEWEST_LAST} (verifiedAt, then version
 * string, then digest) — a total order, so the result does not depend on the order the coordinator
 * learnt the verifications in. Components and skipped applications are listed by application name.
 * An application without such a version is skipped with the reason, never collected with a guess
 * (fail closed).
 */
public final class TrainCollection {

  private TrainCollection() {}

  /**
   * The collection of the train of {@code trainDate} under {@code policy}: source stage {@link
   * PipelinePolicy#trainSourceStage()}, applications {@code releases.train.components} (empty:
   * every application in {@code verified}), cutoff {@link TrainCalendar#cutoff}.
   *
   * @param verified per application the versions verified in the source stage (any order; null
   *     lists count as none)
   */
  public static Result collect(
      PipelinePolicy policy,
      LocalDate trainDate,
      Map<String, ? extends Collection<VerifiedVersion>> verified) {
    return collect(
        policy.trainSourceStage(),
        policy.releases().train().components(),
        TrainCalendar.of(policy).cutoff(trainDate),
        verified);
  }

  /**
   * The collection of {@code components} (empty or null: every application in {@code verified})
   * from {@code verified}: per application the newest version with {@code verifiedAt} strictly
   * before {@code cutoff}.
   *
   * @param sourceStage the stage the versions were verified in (for the skip reasons)
   * @throws IllegalArgumentException if an argument is missing or an application name is blank
   */
  public static Result collect(
      String sourceStage,
      List<String> components,
      Instant cutoff,
      Map<String, ? extends Collection<VerifiedVersion>> verified) {
    if (sourceStage == null || sourceStage.isBlank()) {
      throw new IllegalArgumentException("sourceStage: required");
    }
    if (cutoff == null) {
      throw new IllegalArgumentException("cutoff: required");
    }
    Map<String, ? extends Collection<VerifiedVersion>> facts =
        verified == null ? Map.of() : verified;
    SortedSet<String> applications = new TreeSet<>();
    for (String application :
        components == null || components.isEmpty() ? facts.keySet() : components) {
      if (application == null || application.isBlank()) {
        throw new IllegalArgumentException("components: application name required");
      }
      applications.add(application);
    }
    long cutoffMs = cutoff.toEpochMilli();
    List<TrainComponent> collected = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    for (String application : applications) {
      Collection<VerifiedVersion> versions = facts.get(application);
      Optional<VerifiedVersion> newest =
          versions == null
              ? Optional.empty()
              : versions.stream()
                  .filter(v -> v != null && v.verifiedAt() < cutoffMs)
                  .max(VerifiedVersion.NEWEST_LAST);
      if (newest.isPresent()) {
        collected.add(TrainComponent.of(application, newest.get()));
      } else {
        skipped.add(application + ": no version verified in " + sourceStage + " before " + cutoff);
      }
    }
    return new Result(sourceStage, cutoff, collected, skipped);
  }

  /**
   * What a collection phase found ({@code ReleaseComponentsCollected}).
   *
   * @param sourceStage the stage versions were collected from
   * @param cutoff versions verified strictly before it were eligible
   * @param components the collected components, by application name
   * @param skipped {@code "<application>: <reason>"} per application not collected, by name
   */
  public record Result(
      String sourceStage, Instant cutoff, List<TrainComponent> components, List<String> skipped) {
    public Result {
      components = List.copyOf(components);
      skipped = List.copyOf(skipped);
    }
  }
}
