package io.promoflow.rules.stage;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What runs in each stage of one application and which versions each stage verified (its known-good
 * versions), projected from {@code StagePromoted}, {@code VerificationPassed} and {@code
 * VerificationFailed}. Immutable: every change returns a new ledger.
 *
 * @param application application name
 * @param current per stage, the version promoted last
 * @param verified per stage, versions that completed a monitoring window there, oldest first
 * @param held per stage, versions that failed verification there and may not return automatically
 *     (anti-flap)
 */
public record StageLedger(
    String application,
    Map<String, StageSlot> current,
    Map<String, List<VerifiedVersion>> verified,
    Map<String, List<String>> held) {

  public StageLedger {
    current = current == null ? Map.of() : current;
    verified = verified == null ? Map.of() : verified;
    held = held == null ? Map.of() : held;
  }

  /** A ledger with nothing promoted. */
  public static StageLedger empty(String application) {
    return new StageLedger(application, Map.of(), Map.of(), Map.of());
  }

  /**
   * True when {@code version} is held in {@code stage}: automatic promotion of it there is refused.
   */
  public boolean isHeld(String stage, String version) {
    return held.getOrDefault(stage, List.of()).contains(version);
  }

  /**
   * This ledger with the hold of {@code version} in {@code stage} lifted (by an admin, recorded as
   * HoldLifted).
   */
  public StageLedger liftHold(String stage, String version) {
    List<String> list = new ArrayList<>(held.getOrDefault(stage, List.of()));
    if (!list.remove(version)) {
      return this;
    }
    Map<String, List<String>> next = new LinkedHashMap<>(held);
    next.put(stage, List.copyOf(list));
    return new StageLedger(application, current, verified, next);
  }

  /**
   * A newer version entered {@code stage} (not by a rollback): older holds there no longer matter.
   */
  public StageLedger newerVersionArrived(String stage) {
    if (held.getOrDefault(stage, List.of()).isEmpty()) {
      return this;
    }
    Map<String, List<String>> next = new LinkedHashMap<>(held);
    next.remove(stage);
    return new StageLedger(application, current, verified, next);
  }

  /** The version now in {@code stage}. */
  public Optional<StageSlot> in(String stage) {
    return Optional.ofNullable(current.get(stage));
  }

  /**
   * {@code version} entered {@code stage} at {@code at} (epoch ms); its verification is pending.
   */
  public StageLedger promoted(
      String stage, String version, String digest, String promotionId, long at) {
    Map<String, StageSlot> next = new LinkedHashMap<>(current);
    next.put(stage, new StageSlot(version, digest, promotionId, at, Verification.PENDING, null));
    return new StageLedger(application, next, verified, held);
  }

  /** {@code version} completed its monitoring window in {@code stage} at {@code at} (epoch ms). */
  public StageLedger verificationPassed(String stage, String version, String digest, long at) {
    Map<String, StageSlot> next = new LinkedHashMap<>(current);
    StageSlot slot = current.get(stage);
    if (slot != null && slot.version().equals(version)) {
      next.put(stage, slot.withVerification(Verification.PASSED, at));
    }
    List<VerifiedVersion> list = new ArrayList<>(verified.getOrDefault(stage, List.of()));
    list.removeIf(v -> v.version().equals(version));
    list.add(new VerifiedVersion(version, digest, at));
    Map<String, List<VerifiedVersion>> nextVerified = new LinkedHashMap<>(verified);
    nextVerified.put(stage, List.copyOf(list));
    return new StageLedger(application, next, nextVerified, held);
  }

  /**
   * The monitoring window of {@code version} in {@code stage} ended without health data ({@code
   * VerificationInconclusive} at {@code at}, epoch ms): the version stays, is not known-good there
   * (so not promoted onward) and not held.
   */
  public StageLedger verificationInconclusive(String stage, String version, long at) {
    StageSlot slot = current.get(stage);
    if (slot == null || !slot.version().equals(version)) {
      return this;
    }
    Map<String, StageSlot> next = new LinkedHashMap<>(current);
    next.put(stage, slot.withVerification(Verification.INCONCLUSIVE, at));
    return new StageLedger(application, next, verified, held);
  }

  /**
   * A new monitoring window opened for {@code version} in {@code stage} (a rerun, {@code
   * VerificationStarted}): its verification is pending again until that window ends. Earlier
   * known-good records stay (rollback targets).
   */
  public StageLedger verificationRestarted(String stage, String version) {
    StageSlot slot = current.get(stage);
    if (slot == null
        || !slot.version().equals(version)
        || slot.verification() == Verification.PENDING) {
      return this;
    }
    Map<String, StageSlot> next = new LinkedHashMap<>(current);
    next.put(
        stage,
        new StageSlot(
            slot.version(),
            slot.digest(),
            slot.promotionId(),
            slot.promotedAt(),
            Verification.PENDING,
            null));
    return new StageLedger(application, next, verified, held);
  }

  /**
   * {@code version} failed verification in {@code stage}: it is no longer known-good there, and is
   * held there.
   */
  public StageLedger verificationFailed(String stage, String version, long at) {
    Map<String, StageSlot> next = new LinkedHashMap<>(current);
    StageSlot slot = current.get(stage);
    if (slot != null && slot.version().equals(version)) {
      next.put(stage, slot.withVerification(Verification.FAILED, at));
    }
    List<VerifiedVersion> list = new ArrayList<>(verified.getOrDefault(stage, List.of()));
    list.removeIf(v -> v.version().equals(version));
    Map<String, List<VerifiedVersion>> nextVerified = new LinkedHashMap<>(verified);
    nextVerified.put(stage, List.copyOf(list));
    List<String> holds = new ArrayList<>(held.getOrDefault(stage, List.of()));
    if (!holds.contains(version)) {
      holds.add(version);
    }
    Map<String, List<String>> nextHeld = new LinkedHashMap<>(held);
    nextHeld.put(stage, List.copyOf(holds));
    return new StageLedger(application, next, nextVerified, nextHeld);
  }

  /**
   * The newest version verified in {@code stage} other than {@code excluding}: the rollback target.
   */
  public Optional<VerifiedVersion> lastKnownGood(String stage, String excluding) {
    List<VerifiedVersion> list = verified.getOrDefault(stage, List.of());
    for (int i = list.size() - 1; i >= 0; i--) {
      if (!list.get(i).version().equals(excluding)) {
        return Optional.of(list.get(i));
      }
    }
    return Optional.empty();
  }

  /**
   * True when {@code version} completed a monitoring window in {@code stage} and has not failed
   * since.
   */
  public boolean isKnownGood(String stage, String version) {
    return verified.getOrDefault(stage, List.of()).stream()
        .anyMatch(v -> v.version().equals(version));
  }

  /** Verification state of a version in a stage. */
  public enum Verification {
    PENDING,
    PASSED,
    FAILED,
    /**
     * The window saw no health data (policy {@code verification.onNoData: inconclusive}): neither
     * passed nor failed.
     */
    INCONCLUSIVE
  }

  /**
   * The version in a stage.
   *
   * @param promotedAt epoch ms
   * @param verifiedAt epoch ms when verification passed, failed or ended inconclusive; null while
   *     pending
   */
  public record StageSlot(
      String version,
      String digest,
      String promotionId,
      long promotedAt,
      Verification verification,
      Long verifiedAt) {

    StageSlot withVerification(Verification v, long at) {
      return new StageSlot(version, digest, promotionId, promotedAt, v, at);
    }
  }

  /** A known-good version; {@code verifiedAt} in epoch ms. */
  public record VerifiedVersion(String version, String digest, long verifiedAt) {}
}
