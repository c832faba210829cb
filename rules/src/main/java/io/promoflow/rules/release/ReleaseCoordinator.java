package io.promoflow.rules.release;

import io.promoflow.rules.keys.ReleaseIds;
import io.promoflow.rules.policy.PipelinePolicy;
import io.promoflow.rules.release.ReleaseState.ComponentPromotion;
import io.promoflow.rules.release.ReleaseState.Outcome;
import io.promoflow.rules.release.ReleaseState.Promotion;
import io.promoflow.rules.release.ReleaseState.PromotionState;
import io.promoflow.schemas.builds.BuildCompleted;
import io.promoflow.schemas.builds.BuildsEnvelope;
import io.promoflow.schemas.builds.EvidenceRef;
import io.promoflow.schemas.builds.EvidenceSubmitted;
import io.promoflow.schemas.common.ArtifactRef;
import io.promoflow.schemas.common.EventMetadata;
import io.promoflow.schemas.common.ReleaseRef;
import io.promoflow.schemas.promotions.PromotionBlocked;
import io.promoflow.schemas.promotions.PromotionFailed;
import io.promoflow.schemas.promotions.PromotionsEnvelope;
import io.promoflow.schemas.promotions.StagePromoted;
import io.promoflow.schemas.releases.ReleaseComponentPromotion;
import io.promoflow.schemas.releases.ReleaseComponentRollback;
import io.promoflow.schemas.releases.ReleaseCreated;
import io.promoflow.schemas.releases.ReleaseGateResult;
import io.promoflow.schemas.releases.ReleaseGatesEvaluated;
import io.promoflow.schemas.releases.ReleasePromotionFailed;
import io.promoflow.schemas.releases.ReleasePromotionRequested;
import io.promoflow.schemas.releases.ReleasePromotionStarted;
import io.promoflow.schemas.releases.ReleaseRollbackRequested;
import io.promoflow.schemas.releases.ReleaseStagePromoted;
import io.promoflow.schemas.releases.ReleasesEnvelope;
import io.promoflow.schemas.requests.PromotionRequested;
import io.promoflow.schemas.requests.PromotionType;
import io.promoflow.schemas.verifications.VerificationFailed;
import io.promoflow.schemas.verifications.VerificationInconclusive;
import io.promoflow.schemas.verifications.VerificationPassed;
import io.promoflow.schemas.verifications.VerificationsEnvelope;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The release coordinator's rules (GitHub issue 18 points 1 and 3; RELEASES.md "The flow", step 3):
 * given a release, the platform stage view and one incoming fact, what changes and what to emit.
 * Pure: state is read and written through {@link State}, time comes from the facts ({@code
 * meta.occurredAt}) or the caller's clock ({@link #onTime}); emitted events carry no metadata (the
 * caller adds it).
 *
 * <ul>
 *   <li>{@code ReleasePromotionRequested}: the release gates ({@link ReleaseGates}); failed →
 *       {@code ReleaseGatesEvaluated(passed=false)} + {@code ReleasePromotionFailed}; passed →
 *       {@code ReleaseGatesEvaluated(passed=true)} + {@code ReleasePromotionStarted} + one MANUAL
 *       {@code PromotionRequested} per component (promotion id {@link ReleaseIds#promotionId} with
 *       the attempt: a retry into a stage the release failed into gets new ids), {@code release}
 *       set); waiting for a verification → re-evaluated on each fact, failed after {@code
 *       gates.factsTimeout} counted from the request.
 *   <li>{@code StagePromoted} of a component promotion: marked; all promoted → {@code
 *       ReleaseStagePromoted}. After the release promotion failed, that late one is rolled back.
 *   <li>{@code PromotionBlocked} (any outcome) or {@code PromotionFailed} of a component promotion:
 *       all or nothing: {@code ReleasePromotionFailed} + {@code ReleaseRollbackRequested} for every
 *       component already promoted into the stage under this release promotion, back to its {@code
 *       StagePromoted.previousVersion}, each with a ROLLBACK {@code PromotionRequested} (promotion
 *       id {@link ReleaseIds#rollbackId}).
 * </ul>
 *
 * A second promotion request while one is in flight, one for an unknown release, or one for a
 * release without components (a train before its collection) is not acted on (the HTTP route
 * refuses them; two racing requests are decided here, the first wins). Trains: {@link
 * #onTrainTime}.
 */
public final class ReleaseCoordinator {

  private final PipelinePolicy policy;
  private final String service;
  private final ReleaseTrains trains;

  /**
   * @param service the coordinator's service name, requester of release rollbacks
   */
  public ReleaseCoordinator(PipelinePolicy policy, String service) {
    this.policy = policy;
    this.service = service;
    this.trains = new ReleaseTrains(policy);
  }

  /** The coordinator's state: releases, the platform view and two indexes. */
  public interface State {
    Optional<ReleaseState> release(String releaseId);

    void put(ReleaseState release);

    Optional<ApplicationStages> application(String application);

    void put(ApplicationStages application);

    /** The release a component promotion belongs to. */
    Optional<String> releaseOf(String promotionId);

    void index(String promotionId, String releaseId);

    /** Releases with a promotion waiting for facts, in a stable order. */
    List<String> waiting();

    void waiting(String releaseId, boolean waiting);

    /** Every application of the platform view, in a stable order (a train's collection). */
    List<ApplicationStages> applications();

    /** Trains not yet through their last phase, in a stable order. */
    List<String> trains();

    void train(String releaseId, boolean open);
  }

  /** Something to publish. */
  public sealed interface Emit {}

  /**
   * An event on {@code promoflow.releases.v1} (key {@code releaseId}).
   *
   * @param causationId the event that caused it
   */
  public record ReleaseEvent(String releaseId, Object payload, String causationId)
      implements Emit {}

  /**
   * A promotion request on {@code promoflow.promotion-requests.v1} (key the application).
   *
   * @param actor who asks: the release promotion's requester, or the service for a rollback
   */
  public record Request(
      ArtifactRef artifact,
      String promotionId,
      String causationId,
      String actor,
      PromotionRequested request)
      implements Emit {}

  /** A fact of {@code promoflow.releases.v1}: the coordinator's own commands. */
  public List<Emit> onRelease(ReleasesEnvelope e, State s) {
    EventMetadata meta = e.getMeta();
    long at = meta.getOccurredAt().toEpochMilli();
    if (e.getPayload() instanceof ReleaseCreated c) {
      if (s.release(c.getReleaseId()).isPresent()) {
        // the first ReleaseCreated of a version wins (two racing creates: the route answered both)
        return List.of();
      }
      List<ReleaseState.Component> components =
          c.getComponents().stream()
              .map(
                  x ->
                      new ReleaseState.Component(
                          x.getApplication(), x.getVersion(), x.getDigest(), x.getRequires()))
              .toList();
      ReleaseState r =
          new ReleaseState(
              c.getReleaseId(),
              c.getVersion(),
              c.getType(),
              c.getValidationLevel(),
              c.getStrategy(),
              c.getTrain(),
              c.getTrainDate() == null ? null : c.getTrainDate().toEpochMilli(),
              c.getRequestedBy(),
              c.getChangeRequestId(),
              at,
              components,
              List.of(),
              List.of(),
              List.of());
      if (r.train()) {
        s.train(r.releaseId(), true);
      }
      s.put(
          r.step(
              at,
              "ReleaseCreated",
              components.size() + " component(s), requested by " + c.getRequestedBy()));
      return List.of();
    }
    if (e.getPayload() instanceof ReleasePromotionRequested p) {
      Optional<ReleaseState> found = s.release(p.getReleaseId());
      if (found.isEmpty()) {
        return List.of();
      }
      ReleaseState r = found.get();
      if (r.components().isEmpty()) {
        // a train before its collection phase (or one that collected nothing): nothing to promote,
        // fail closed (the HTTP route refuses it)
        s.put(
            r.step(
                at,
                "ReleasePromotionRequested",
                "into " + p.getTargetStage() + " ignored: the release has no components"));
        return List.of();
      }
      if (r.inFlight().isPresent()) {
        s.put(
            r.step(
                at,
                "ReleasePromotionRequested",
                "into " + p.getTargetStage() + " ignored: a promotion is in flight"));
        return List.of();
      }
      Promotion promotion =
          new Promotion(
              p.getSourceStage(),
              p.getTargetStage(),
              PromotionState.WAITING_FOR_FACTS,
              p.getRequestedBy(),
              p.getChangeRequestId(),
              at,
              meta.getEventId(),
              List.of(),
              List.of(),
              List.of(),
              List.of());
      r =
          r.adding(promotion)
              .step(
                  at,
                  "ReleasePromotionRequested",
                  "into " + p.getTargetStage() + " by " + p.getRequestedBy());
      List<Emit> out = new ArrayList<>();
      s.put(decide(r, r.promotions().size() - 1, false, at, s, out));
      return out;
    }
    return List.of();
  }

  /**
   * The release trains' clock ({@link ReleaseTrains}): every phase of an open train scheduled at or
   * before {@code dueUpTo} and not entered yet is entered, in phase order ({@code
   * TrainPhaseEntered}; at {@code collection} also {@code ReleaseComponentsCollected}, at {@code
   * retrospective} also {@code TrainRetrospective}).
   *
   * @param dueUpTo epoch ms up to which phases are due (the caller's clock, capped by how far it
   *     read its input)
   * @param now epoch ms recorded as the phases' {@code enteredAt}
   */
  public List<Emit> onTrainTime(long dueUpTo, long now, State s) {
    return trains.onTime(dueUpTo, now, s);
  }

  /** A fact of {@code promoflow.promotions.v1}. */
  public List<Emit> onPromotion(PromotionsEnvelope e, State s) {
    EventMetadata meta = e.getMeta();
    long at = meta.getOccurredAt().toEpochMilli();
    List<Emit> out = new ArrayList<>();
    if (e.getPayload() instanceof StagePromoted promoted) {
      ArtifactRef a = meta.getArtifact();
      if (a != null) {
        s.put(
            s.application(a.getApplication())
                .orElse(ApplicationStages.empty(a.getApplication()))
                .promoted(
                    promoted.getTargetStage(),
                    new ApplicationStages.Deployed(
                        a.getVersion(),
                        a.getDigest(),
                        promoted.getPreviousVersion(),
                        promoted.getPreviousDigest(),
                        at,
                        meta.getPromotionId())));
      }
      componentPromoted(meta, promoted, s, out);
      reevaluate(at, s, out);
      return out;
    }
    if (e.getPayload() instanceof PromotionBlocked blocked) {
      Outcome o =
          switch (blocked.getOutcome()) {
            case BLOCKED -> Outcome.BLOCKED;
            case REJECTED, REVOKED -> Outcome.REJECTED;
            case EXPIRED -> Outcome.EXPIRED;
            case SUPERSEDED -> Outcome.SUPERSEDED;
          };
      componentEnded(meta, o, blocked.getOutcome() + ": " + blocked.getReason(), s, out);
    } else if (e.getPayload() instanceof PromotionFailed failed) {
      componentEnded(
          meta,
          Outcome.FAILED,
          "FAILED (" + failed.getCategory() + "): " + failed.getReason(),
          s,
          out);
    }
    return out;
  }

  /** A fact of {@code promoflow.verifications.v1}: recorded, then waiting releases re-evaluated. */
  public List<Emit> onVerification(VerificationsEnvelope e, State s) {
    ArtifactRef a = e.getMeta().getArtifact();
    String stage;
    ApplicationStages.Status status;
    if (e.getPayload() instanceof VerificationPassed p) {
      stage = p.getStage();
      status = ApplicationStages.Status.PASSED;
    } else if (e.getPayload() instanceof VerificationFailed f) {
      stage = f.getStage();
      status = ApplicationStages.Status.FAILED;
    } else if (e.getPayload() instanceof VerificationInconclusive i) {
      stage = i.getStage();
      status = ApplicationStages.Status.INCONCLUSIVE;
    } else {
      return List.of();
    }
    if (a == null) {
      return List.of();
    }
    long at = e.getMeta().getOccurredAt().toEpochMilli();
    s.put(
        s.application(a.getApplication())
            .orElse(ApplicationStages.empty(a.getApplication()))
            .verification(
                stage,
                new ApplicationStages.Verification(a.getVersion(), a.getDigest(), status, at)));
    List<Emit> out = new ArrayList<>();
    reevaluate(at, s, out);
    return out;
  }

  /**
   * A fact of {@code promoflow.builds.v1}: a {@code dependencies-json} document's requirements
   * recorded for the build's version (for trains; a release copies them when it is created).
   */
  public List<Emit> onBuild(BuildsEnvelope e, State s) {
    List<EvidenceRef> evidence =
        e.getPayload() instanceof BuildCompleted b
            ? b.getEvidence()
            : e.getPayload() instanceof EvidenceSubmitted more ? more.getEvidence() : List.of();
    ArtifactRef a = e.getMeta().getArtifact();
    for (EvidenceRef ref : evidence) {
      if (a != null && DEPENDENCIES_JSON.equals(ref.getFormat())) {
        s.put(
            s.application(a.getApplication())
                .orElse(ApplicationStages.empty(a.getApplication()))
                .requiring(a.getVersion(), ref.getAttributes()));
      }
    }
    return List.of();
  }

  /** Evidence format whose attributes are a build's requirements. */
  public static final String DEPENDENCIES_JSON = "dependencies-json";

  /**
   * The facts timeout: every promotion still waiting for facts {@code gates.factsTimeout} after its
   * request (epoch ms {@code now}) is decided without them (fails).
   */
  public List<Emit> onTime(long now, State s) {
    Duration timeout = policy.gates().factsTimeout();
    List<Emit> out = new ArrayList<>();
    for (String id : s.waiting()) {
      Optional<ReleaseState> r = s.release(id);
      if (r.isEmpty()) {
        s.waiting(id, false);
        continue;
      }
      int i = r.get().promotions().size() - 1;
      Promotion p = i < 0 ? null : r.get().promotions().get(i);
      if (p == null || p.state() != PromotionState.WAITING_FOR_FACTS) {
        s.waiting(id, false);
        continue;
      }
      if (now - p.requestedAt() >= timeout.toMillis()) {
        s.put(decide(r.get(), i, true, now, s, out));
      }
    }
    return out;
  }

  /** When the oldest waiting promotion times out (epoch ms), if any waits. */
  public Optional<Long> nextTimeout(State s) {
    long timeout = policy.gates().factsTimeout().toMillis();
    return s.waiting().stream()
        .map(s::release)
        .flatMap(Optional::stream)
        .flatMap(r -> r.latest().stream())
        .filter(p -> p.state() == PromotionState.WAITING_FOR_FACTS)
        .map(p -> p.requestedAt() + timeout)
        .min(Long::compare);
  }

  private void reevaluate(long at, State s, List<Emit> out) {
    for (String id : s.waiting()) {
      Optional<ReleaseState> r = s.release(id);
      if (r.isEmpty() || r.get().latest().isEmpty()) {
        s.waiting(id, false);
        continue;
      }
      int i = r.get().promotions().size() - 1;
      if (r.get().promotions().get(i).state() != PromotionState.WAITING_FOR_FACTS) {
        s.waiting(id, false);
        continue;
      }
      s.put(decide(r.get(), i, false, at, s, out));
    }
  }

  /** Evaluates the gates of promotion {@code i} and acts on the decision. */
  private ReleaseState decide(
      ReleaseState r, int i, boolean timedOut, long at, State s, List<Emit> out) {
    Promotion p = r.promotions().get(i);
    ReleaseGates.Evaluation e =
        ReleaseGates.evaluate(r.components(), p.sourceStage(), p.targetStage(), s::application);
    if (timedOut) {
      e = ReleaseGates.timedOut(e, p.sourceStage(), policy.gates().factsTimeout());
    }
    String cause = p.requestEventId();
    switch (e.decision()) {
      case WAITING -> {
        s.waiting(r.releaseId(), true);
        return r.withPromotion(
            i, p.with(p.state(), e.results(), p.components(), p.reasons(), p.rollbacks()));
      }
      case FAILED -> {
        s.waiting(r.releaseId(), false);
        out.add(new ReleaseEvent(r.releaseId(), gatesEvaluated(r, p, false, e), cause));
        out.add(
            new ReleaseEvent(
                r.releaseId(),
                new ReleasePromotionFailed(r.releaseId(), p.targetStage(), e.reasons()),
                cause));
        return r.withPromotion(
                i,
                p.with(
                    PromotionState.GATES_FAILED,
                    e.results(),
                    p.components(),
                    e.reasons(),
                    p.rollbacks()))
            .step(at, "ReleaseGatesEvaluated", "failed: " + String.join("; ", e.reasons()));
      }
      default -> {
        s.waiting(r.releaseId(), false);
        out.add(new ReleaseEvent(r.releaseId(), gatesEvaluated(r, p, true, e), cause));
        ReleaseRef ref = ref(r);
        List<ComponentPromotion> components = new ArrayList<>();
        // a retry into the same stage gets new component promotion ids (ReleaseIds)
        int attempt = r.attempt(i);
        List<ReleaseComponentPromotion> started = new ArrayList<>();
        List<Emit> requests = new ArrayList<>();
        for (ReleaseState.Component c : r.components()) {
          String id =
              ReleaseIds.promotionId(r.releaseId(), p.targetStage(), c.application(), attempt);
          s.index(id, r.releaseId());
          components.add(
              new ComponentPromotion(
                  c.application(),
                  c.version(),
                  c.digest(),
                  id,
                  Outcome.PENDING,
                  null,
                  null,
                  null,
                  at,
                  null));
          started.add(new ReleaseComponentPromotion(c.application(), c.version(), c.digest(), id));
          requests.add(
              new Request(
                  new ArtifactRef(c.application(), c.version(), c.digest()),
                  id,
                  cause,
                  p.requestedBy(),
                  PromotionRequested.newBuilder()
                      .setType(PromotionType.MANUAL)
                      .setSourceStage(p.sourceStage())
                      .setTargetStage(p.targetStage())
                      .setRequestedBy(p.requestedBy())
                      .setReason("release " + r.version() + " into " + p.targetStage())
                      .setChangeRequestId(p.changeRequestId())
                      .setRelease(ref)
                      .build()));
        }
        out.add(
            new ReleaseEvent(
                r.releaseId(),
                new ReleasePromotionStarted(
                    r.releaseId(), p.sourceStage(), p.targetStage(), started),
                cause));
        out.addAll(requests);
        return r.withPromotion(
                i, p.with(PromotionState.PROMOTING, e.results(), components, List.of(), List.of()))
            .step(at, "ReleaseGatesEvaluated", "passed: " + e.results().size() + " release gate(s)")
            .step(
                at,
                "ReleasePromotionStarted",
                components.size() + " component promotion(s) into " + p.targetStage());
      }
    }
  }

  private void componentPromoted(
      EventMetadata meta, StagePromoted promoted, State s, List<Emit> out) {
    Found f = find(meta.getPromotionId(), s);
    if (f == null || f.component().outcome() != Outcome.PENDING) {
      return;
    }
    long at = meta.getOccurredAt().toEpochMilli();
    ComponentPromotion done =
        f.component()
            .ended(
                Outcome.PROMOTED,
                promoted.getPreviousVersion(),
                promoted.getPreviousDigest(),
                "promoted",
                at);
    ReleaseState r = replace(f, done);
    Promotion p = r.promotions().get(f.index());
    r =
        r.step(
            at,
            "StagePromoted",
            done.application() + " " + done.version() + " in " + p.targetStage());
    if (p.state() == PromotionState.PROMOTING) {
      if (p.components().stream().allMatch(c -> c.outcome() == Outcome.PROMOTED)) {
        out.add(
            new ReleaseEvent(
                r.releaseId(),
                new ReleaseStagePromoted(r.releaseId(), p.targetStage()),
                meta.getEventId()));
        r =
            r.withPromotion(
                    f.index(),
                    p.with(
                        PromotionState.PROMOTED,
                        p.releaseGates(),
                        p.components(),
                        p.reasons(),
                        p.rollbacks()))
                .step(at, "ReleaseStagePromoted", "every component in " + p.targetStage());
      }
    } else if (p.state() == PromotionState.FAILED) {
      // all or nothing: a component that entered the stage after the release promotion failed
      // goes back too
      r =
          rollBack(
              r,
              f.index(),
              List.of(done),
              done.application() + " promoted after the release promotion failed",
              meta.getEventId(),
              at,
              out);
    }
    s.put(r);
  }

  private void componentEnded(
      EventMetadata meta, Outcome outcome, String why, State s, List<Emit> out) {
    Found f = find(meta.getPromotionId(), s);
    if (f == null || f.component().outcome() != Outcome.PENDING) {
      return;
    }
    long at = meta.getOccurredAt().toEpochMilli();
    ComponentPromotion ended = f.component().ended(outcome, null, null, why, at);
    ReleaseState r = replace(f, ended);
    Promotion p = r.promotions().get(f.index());
    r =
        r.step(
            at,
            "Promotion" + (outcome == Outcome.FAILED ? "Failed" : "Blocked"),
            ended.application() + " " + ended.version() + " " + why);
    if (p.state() == PromotionState.PROMOTING) {
      String reason = ended.application() + " " + ended.version() + " " + why;
      out.add(
          new ReleaseEvent(
              r.releaseId(),
              new ReleasePromotionFailed(r.releaseId(), p.targetStage(), List.of(reason)),
              meta.getEventId()));
      r =
          r.withPromotion(
                  f.index(),
                  p.with(
                      PromotionState.FAILED,
                      p.releaseGates(),
                      p.components(),
                      List.of(reason),
                      p.rollbacks()))
              .step(at, "ReleasePromotionFailed", reason);
      List<ComponentPromotion> promoted =
          p.components().stream().filter(c -> c.outcome() == Outcome.PROMOTED).toList();
      if (!promoted.isEmpty()) {
        r =
            rollBack(
                r,
                f.index(),
                promoted,
                ended.application() + " " + why,
                meta.getEventId(),
                at,
                out);
      }
    }
    s.put(r);
  }

  /**
   * Asks for {@code promoted} to go back to their previous versions in the promotion's stage: one
   * {@code ReleaseRollbackRequested}, one ROLLBACK request per component with a previous version.
   */
  private ReleaseState rollBack(
      ReleaseState r,
      int index,
      List<ComponentPromotion> promoted,
      String why,
      String cause,
      long at,
      List<Emit> out) {
    Promotion p = r.promotions().get(index);
    String stage = p.targetStage();
    String reason = "release " + r.version() + " rollback: " + why;
    int attempt = r.attempt(index);
    List<ReleaseComponentRollback> rollbacks = new ArrayList<>();
    List<ReleaseState.Rollback> recorded = new ArrayList<>(p.rollbacks());
    List<ComponentPromotion> components = new ArrayList<>(p.components());
    List<Emit> requests = new ArrayList<>();
    for (ComponentPromotion c : promoted) {
      String id =
          c.previousVersion() == null
              ? null
              : ReleaseIds.rollbackId(r.releaseId(), stage, c.application(), attempt);
      rollbacks.add(
          new ReleaseComponentRollback(
              c.application(), c.version(), c.previousVersion(), c.previousDigest(), id));
      recorded.add(
          new ReleaseState.Rollback(
              c.application(), c.version(), c.previousVersion(), c.previousDigest(), id, at));
      components.replaceAll(
          x ->
              x.promotionId().equals(c.promotionId())
                  ? x.ended(
                      Outcome.ROLLED_BACK,
                      c.previousVersion(),
                      c.previousDigest(),
                      c.previousVersion() == null
                          ? "no previous version in " + stage + ": nothing to roll back to"
                          : "rolled back to " + c.previousVersion(),
                      // it ended when it entered the stage; the rollback has its own time
                      x.endedAt() == null ? at : x.endedAt())
                  : x);
      if (id != null) {
        requests.add(
            new Request(
                new ArtifactRef(c.application(), c.previousVersion(), c.previousDigest()),
                id,
                cause,
                service,
                PromotionRequested.newBuilder()
                    .setType(PromotionType.ROLLBACK)
                    .setSourceStage(null)
                    .setTargetStage(stage)
                    .setRequestedBy(service)
                    .setReason(reason)
                    .setRelease(ref(r))
                    .build()));
      }
    }
    out.add(
        new ReleaseEvent(
            r.releaseId(),
            new ReleaseRollbackRequested(r.releaseId(), stage, reason, rollbacks),
            cause));
    out.addAll(requests);
    return r.withPromotion(
            index, p.with(p.state(), p.releaseGates(), components, p.reasons(), recorded))
        .step(
            at,
            "ReleaseRollbackRequested",
            rollbacks.size() + " component(s) in " + stage + ": " + why);
  }

  private record Found(ReleaseState release, int index, ComponentPromotion component) {}

  private static Found find(String promotionId, State s) {
    if (promotionId == null) {
      return null;
    }
    Optional<ReleaseState> r = s.releaseOf(promotionId).flatMap(s::release);
    if (r.isEmpty()) {
      return null;
    }
    // a retry into the same stage has ids of its own (ReleaseIds attempt); state written before
    // that may still hold one id twice: the newest pending one wins
    List<Promotion> ps = r.get().promotions();
    Found newest = null;
    for (int i = ps.size() - 1; i >= 0; i--) {
      Optional<ComponentPromotion> c = ps.get(i).component(promotionId);
      if (c.isPresent() && c.get().outcome() == Outcome.PENDING) {
        return new Found(r.get(), i, c.get());
      }
      if (c.isPresent() && newest == null) {
        newest = new Found(r.get(), i, c.get());
      }
    }
    return newest;
  }

  private static ReleaseState replace(Found f, ComponentPromotion c) {
    Promotion p = f.release().promotions().get(f.index());
    List<ComponentPromotion> list = new ArrayList<>(p.components());
    list.replaceAll(x -> x.promotionId().equals(c.promotionId()) ? c : x);
    return f.release()
        .withPromotion(
            f.index(), p.with(p.state(), p.releaseGates(), list, p.reasons(), p.rollbacks()));
  }

  private static ReleaseRef ref(ReleaseState r) {
    return new ReleaseRef(
        r.releaseId(),
        r.version(),
        r.type(),
        r.components().stream().map(ReleaseState.Component::application).toList());
  }

  private static ReleaseGatesEvaluated gatesEvaluated(
      ReleaseState r, Promotion p, boolean passed, ReleaseGates.Evaluation e) {
    List<ReleaseGateResult> results =
        e.results().stream()
            .map(
                x ->
                    new ReleaseGateResult(x.gate(), x.passed(), x.reason(), Map.copyOf(x.inputs())))
            .toList();
    return new ReleaseGatesEvaluated(r.releaseId(), p.targetStage(), passed, results);
  }
}
