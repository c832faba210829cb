package io.promoflow.rules.release;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/** The coordinator's state in maps, for tests of the pure rules. */
final class MemoryState implements ReleaseCoordinator.State {

  final Map<String, ReleaseState> releases = new HashMap<>();
  final Map<String, ApplicationStages> applications = new HashMap<>();
  final Map<String, String> index = new HashMap<>();
  final TreeSet<String> waiting = new TreeSet<>();
  final TreeSet<String> trains = new TreeSet<>();

  @Override
  public Optional<ReleaseState> release(String releaseId) {
    return Optional.ofNullable(releases.get(releaseId));
  }

  @Override
  public void put(ReleaseState release) {
    releases.put(release.releaseId(), release);
  }

  @Override
  public Optional<ApplicationStages> application(String application) {
    return Optional.ofNullable(applications.get(application));
  }

  @Override
  public void put(ApplicationStages application) {
    applications.put(application.application(), application);
  }

  @Override
  public Optional<String> releaseOf(String promotionId) {
    return Optional.ofNullable(index.get(promotionId));
  }

  @Override
  public void index(String promotionId, String releaseId) {
    index.put(promotionId, releaseId);
  }

  @Override
  public List<String> waiting() {
    return List.copyOf(waiting);
  }

  @Override
  public void waiting(String releaseId, boolean wait) {
    if (wait) {
      waiting.add(releaseId);
    } else {
      waiting.remove(releaseId);
    }
  }

  @Override
  public List<ApplicationStages> applications() {
    return new java.util.TreeMap<>(applications).values().stream().toList();
  }

  @Override
  public List<String> trains() {
    return List.copyOf(trains);
  }

  @Override
  public void train(String releaseId, boolean open) {
    if (open) {
      trains.add(releaseId);
    } else {
      trains.remove(releaseId);
    }
  }
}
