package io.promoflow.rules.release;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What the release coordinator knows of one application across the platform's stages (GitHub issue
 * 18 point 1, the "platform stage view"): per stage the version running there since its last {@code
 * StagePromoted}, with the version it replaced; per stage the verifications of its recent versions;
 * the {@code requires} map ({@code dependencies-json} evidence) of its recent versions. Facts,
 * never decisions; the coordinator's state store {@code platform-stages} holds one per application.
 * Bounded: the {@link #KEPT} newest verifications per stage and versions with requirements are
 * kept.
 *
 * @param current stage → what runs there
 * @param verified stage → verifications, oldest first, one per version and digest (the latest)
 * @param requires version → application → SemVer range it requires
 */
public record ApplicationStages(
    String application,
    Map<String, Deployed> current,
    Map<String, List<Verification>> verified,
    Map<String, Map<String, String>> requires) {

  /** Verifications per stage, and versions with requirements, kept. */
  public static final int KEPT = 50;

  public ApplicationStages {
    current = current == null ? Map.of() : Map.copyOf(current);
    verified = verified == null ? Map.of() : Map.copyOf(verified);
    // insertion order kept: the oldest version's requirements are dropped first
    requires =
        requires == null
            ? Map.of()
            : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(requires));
  }

  /** Nothing known of {@code application} yet. */
  public static ApplicationStages empty(String application) {
    return new ApplicationStages(application, null, null, null);
  }

  /**
   * What runs in a stage.
   *
   * @param previousVersion the version it replaced there, null for the first
   * @param promotedAt epoch ms of the {@code StagePromoted}
   */
  public record Deployed(
      String version,
      String digest,
      String previousVersion,
      String previousDigest,
      long promotedAt,
      String promotionId) {}

  /** Verification statuses as the verifications topic reports them. */
  public enum Status {
    PASSED,
    FAILED,
    INCONCLUSIVE
  }

  /**
   * The latest verification of one version (and digest) in a stage.
   *
   * @param at epoch ms of the verification event
   */
  public record Verification(String version, String digest, Status status, long at) {}

  /** This view after {@code version} entered {@code stage}. */
  public ApplicationStages promoted(String stage, Deployed deployed) {
    Map<String, Deployed> c = new TreeMap<>(current);
    c.put(stage, deployed);
    return new ApplicationStages(application, c, verified, requires);
  }

  /** This view after a verification of {@code version} in {@code stage}. */
  public ApplicationStages verification(String stage, Verification v) {
    List<Verification> list = new ArrayList<>(verified.getOrDefault(stage, List.of()));
    list.removeIf(x -> x.version().equals(v.version()) && x.digest().equals(v.digest()));
    list.add(v);
    while (list.size() > KEPT) {
      list.remove(0);
    }
    Map<String, List<Verification>> m = new TreeMap<>(verified);
    m.put(stage, List.copyOf(list));
    return new ApplicationStages(application, current, m, requires);
  }

  /** This view with the requirements of {@code version} (the newest document wins). */
  public ApplicationStages requiring(String version, Map<String, String> ranges) {
    Map<String, Map<String, String>> m = new LinkedHashMap<>(requires);
    m.remove(version);
    m.put(version, Map.copyOf(ranges));
    while (m.size() > KEPT) {
      m.remove(m.keySet().iterator().next());
    }
    return new ApplicationStages(application, current, verified, m);
  }

  /** What runs in {@code stage}, if known. */
  public Optional<Deployed> in(String stage) {
    return Optional.ofNullable(current.get(stage));
  }

  /** The latest verification of {@code version} in {@code stage} (any digest), if any. */
  public Optional<Verification> verificationOf(String stage, String version) {
    List<Verification> list = verified.getOrDefault(stage, List.of());
    for (int i = list.size() - 1; i >= 0; i--) {
      if (list.get(i).version().equals(version)) {
        return Optional.of(list.get(i));
      }
    }
    return Optional.empty();
  }
}
