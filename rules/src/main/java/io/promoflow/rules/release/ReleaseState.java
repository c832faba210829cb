package io.promoflow.rules.release;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * One platform release as its coordinator knows it (GitHub issue 18 points 1 and 8; state store
 * {@code releases}, key release id): what it is made of, each of its promotions stage by stage with
 * the release gates, the component promotions and their outcomes, the rollbacks a failure asked
 * for, and a timeline. Times are epoch ms. Changed only by {@link ReleaseCoordinator}.
 *
 * @param type a {@code rules.policy.ReleaseType} name
 * @param trainDate epoch ms of a train's date, null otherwise
 * @param phases a train's phases entered so far, in phase order ({@code TrainPhaseEntered}); empty
 *     for other releases. Written in the same transaction as the event, so a restarted coordinator
 *     never enters a phase twice.
 */
public record ReleaseState(
    String releaseId,
    String version,
    String type,
    String validationLevel,
    String strategy,
    boolean train,
    Long trainDate,
    String requestedBy,
    String changeRequestId,
    long createdAt,
    List<Component> components,
    List<Promotion> promotions,
    List<Step> timeline,
    List<TrainPhase> phases) {

  /** Most timeline steps kept (the oldest are dropped first). */
  public static final int MAX_TIMELINE = 500;

  public ReleaseState {
    components = components == null ? List.of() : List.copyOf(components);
    promotions = promotions == null ? List.of() : List.copyOf(promotions);
    timeline = timeline == null ? List.of() : List.copyOf(timeline);
    phases = phases == null ? List.of() : List.copyOf(phases);
  }

  /**
   * One phase a train entered.
   *
   * @param scheduledAt epoch ms of its scheduled time ({@code TrainCalendar.phases}), the event's
   *     {@code scheduledAt}
   * @param enteredAt epoch ms of the coordinator's clock when it emitted {@code TrainPhaseEntered}
   */
  public record TrainPhase(String phase, long scheduledAt, long enteredAt) {}

  /**
   * One component: an application's built version.
   *
   * @param digest as recorded at build time
   * @param requires application → SemVer range it requires (its {@code dependencies-json})
   */
  public record Component(
      String application, String version, String digest, Map<String, String> requires) {
    public Component {
      requires = requires == null ? Map.of() : Map.copyOf(requires);
    }
  }

  /** States of one release promotion. */
  public enum PromotionState {
    /** Requested; a component is not verified in the source stage yet. */
    WAITING_FOR_FACTS,
    /** A release gate failed (or the facts never arrived): nothing was promoted. */
    GATES_FAILED,
    /** Gates passed; one promotion per component requested. */
    PROMOTING,
    /** Every component entered the stage. */
    PROMOTED,
    /** A component promotion ended without promoting: the others are rolled back. */
    FAILED;

    /** Whether the promotion has not ended. */
    public boolean inFlight() {
      return this == WAITING_FOR_FACTS || this == PROMOTING;
    }
  }

  /** Outcomes of one component promotion. */
  public enum Outcome {
    PENDING,
    PROMOTED,
    BLOCKED,
    REJECTED,
    EXPIRED,
    SUPERSEDED,
    FAILED,
    ROLLED_BACK
  }

  /**
   * One release promotion into {@code targetStage}.
   *
   * @param sourceStage null when the release enters the first stage
   * @param requestedAt epoch ms of the request ({@code meta.occurredAt}); facts timeout counts from
   *     it
   * @param requestEventId the {@code ReleasePromotionRequested}, cause of what follows
   * @param releaseGates the latest evaluation of the release gates
   */
  public record Promotion(
      String sourceStage,
      String targetStage,
      PromotionState state,
      String requestedBy,
      String changeRequestId,
      long requestedAt,
      String requestEventId,
      List<ReleaseGates.Result> releaseGates,
      List<ComponentPromotion> components,
      List<String> reasons,
      List<Rollback> rollbacks) {
    public Promotion {
      releaseGates = releaseGates == null ? List.of() : List.copyOf(releaseGates);
      components = components == null ? List.of() : List.copyOf(components);
      reasons = reasons == null ? List.of() : List.copyOf(reasons);
      rollbacks = rollbacks == null ? List.of() : List.copyOf(rollbacks);
    }

    Promotion with(
        PromotionState s,
        List<ReleaseGates.Result> gates,
        List<ComponentPromotion> c,
        List<String> r,
        List<Rollback> rb) {
      return new Promotion(
          sourceStage,
          targetStage,
          s,
          requestedBy,
          changeRequestId,
          requestedAt,
          requestEventId,
          gates,
          c,
          r,
          rb);
    }

    /** The component promotion with {@code promotionId}, if it is one of this promotion. */
    public Optional<ComponentPromotion> component(String promotionId) {
      return components.stream().filter(c -> c.promotionId().equals(promotionId)).findFirst();
    }
  }

  /**
   * One component's promotion under a release promotion.
   *
   * @param previousVersion what it replaced in the stage ({@code StagePromoted}), null until then
   *     or when nothing ran there
   * @param requestedAt epoch ms when the coordinator requested it (the release gates passed); null
   *     in state written before it was recorded
   * @param endedAt epoch ms of the fact that gave it its outcome ({@code StagePromoted}, {@code
   *     PromotionBlocked} …, or the rollback request); null while pending
   */
  public record ComponentPromotion(
      String application,
      String version,
      String digest,
      String promotionId,
      Outcome outcome,
      String previousVersion,
      String previousDigest,
      String detail,
      Long requestedAt,
      Long endedAt) {

    ComponentPromotion ended(
        Outcome o, String prevVersion, String prevDigest, String why, long at) {
      return new ComponentPromotion(
          application,
          version,
          digest,
          promotionId,
          o,
          prevVersion,
          prevDigest,
          why,
          requestedAt,
          at);
    }
  }

  /**
   * A component sent back to its previous version by a failed release promotion.
   *
   * @param toVersion null: nothing ran in the stage before, nothing to roll back to
   * @param promotionId the rollback promotion requested, null without a target
   * @param requestedAt epoch ms of the rollback request; null in state written before it was
   *     recorded
   */
  public record Rollback(
      String application,
      String fromVersion,
      String toVersion,
      String toDigest,
      String promotionId,
      Long requestedAt) {}

  /** One step of the timeline. */
  public record Step(long at, String event, String detail) {}

  /** The promotion currently in flight, if any. */
  public Optional<Promotion> inFlight() {
    return promotions.stream().filter(p -> p.state().inFlight()).findFirst();
  }

  /** The latest promotion, if any. */
  public Optional<Promotion> latest() {
    return promotions.isEmpty()
        ? Optional.empty()
        : Optional.of(promotions.get(promotions.size() - 1));
  }

  /** The target stage of the latest promotion that ended PROMOTED, if any. */
  public Optional<String> reached() {
    for (int i = promotions.size() - 1; i >= 0; i--) {
      if (promotions.get(i).state() == PromotionState.PROMOTED) {
        return Optional.of(promotions.get(i).targetStage());
      }
    }
    return Optional.empty();
  }

  /** The component of {@code application}, if any. */
  public Optional<Component> component(String application) {
    return components.stream().filter(c -> c.application().equals(application)).findFirst();
  }

  /** This release's identity with the four parts that change over its life. */
  private ReleaseState with(
      List<Component> components,
      List<Promotion> promotions,
      List<Step> timeline,
      List<TrainPhase> phases) {
    return new ReleaseState(
        releaseId,
        version,
        type,
        validationLevel,
        strategy,
        train,
        trainDate,
        requestedBy,
        changeRequestId,
        createdAt,
        components,
        promotions,
        timeline,
        phases);
  }

  /** This release with promotion number {@code index} replaced. */
  ReleaseState withPromotion(int index, Promotion p) {
    List<Promotion> list = new ArrayList<>(promotions);
    list.set(index, p);
    return with(components, list, timeline, phases);
  }

  /** This release with {@code p} added as its latest promotion. */
  ReleaseState adding(Promotion p) {
    List<Promotion> list = new ArrayList<>(promotions);
    list.add(p);
    return with(components, list, timeline, phases);
  }

  /** This release with one more timeline step. */
  ReleaseState step(long at, String event, String detail) {
    List<Step> list = new ArrayList<>(timeline);
    list.add(new Step(at, event, detail));
    while (list.size() > MAX_TIMELINE) {
      list.remove(0);
    }
    return with(components, promotions, list, phases);
  }

  /**
   * Which attempt promotion number {@code index} is: how many promotions of this release into its
   * target stage there were up to and including it (1 for the first). Read from the state, so a
   * replay gives the same number.
   */
  public int attempt(int index) {
    String stage = promotions.get(index).targetStage();
    int n = 0;
    for (int i = 0; i <= index; i++) {
      if (promotions.get(i).targetStage().equals(stage)) {
        n++;
      }
    }
    return n;
  }

  /** The names of the train phases entered. */
  public java.util.Set<String> entered() {
    java.util.Set<String> names = new java.util.LinkedHashSet<>();
    phases.forEach(p -> names.add(p.phase()));
    return names;
  }

  /** This release with {@code list} as its components (a train's collection). */
  ReleaseState withComponents(List<Component> list) {
    return with(list, promotions, timeline, phases);
  }

  /** This train after it entered {@code phase}. */
  ReleaseState entering(TrainPhase phase) {
    List<TrainPhase> list = new ArrayList<>(phases);
    list.add(phase);
    return with(components, promotions, timeline, list);
  }

  /** Applies {@code change} to promotion number {@code index}. */
  ReleaseState changing(int index, UnaryOperator<Promotion> change) {
    return withPromotion(index, change.apply(promotions.get(index)));
  }
}
