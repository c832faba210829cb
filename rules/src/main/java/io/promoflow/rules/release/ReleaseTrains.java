package io.promoflow.rules.release;

import io.promoflow.rules.policy.PipelinePolicy;
import io.promoflow.rules.release.ReleaseCoordinator.Emit;
import io.promoflow.rules.release.ReleaseCoordinator.ReleaseEvent;
import io.promoflow.rules.release.ReleaseCoordinator.State;
import io.promoflow.rules.release.train.TrainCalendar;
import io.promoflow.rules.release.train.TrainCollection;
import io.promoflow.rules.release.train.TrainComponent;
import io.promoflow.rules.release.train.TrainRetrospective;
import io.promoflow.rules.release.train.VerifiedVersion;
import io.promoflow.schemas.releases.ReleaseComponent;
import io.promoflow.schemas.releases.ReleaseComponentsCollected;
import io.promoflow.schemas.releases.TrainPhaseEntered;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Release trains over time (GitHub issue 18 point 2; RELEASES.md point 7): which phases of the open
 * trains are due, and what entering each emits. Called by {@link ReleaseCoordinator#onTrainTime}
 * from the coordinator's wall-clock punctuator; the clock only decides <em>whether</em> a phase is
 * due, never what is emitted:
 *
 * <ul>
 *   <li>every due phase ({@link TrainCalendar#due}), in phase order: {@code TrainPhaseEntered} with
 *       {@code scheduledAt} = the phase's time. The phase is recorded in {@link
 *       ReleaseState#phases()} in the same state change as the event (one Kafka transaction in the
 *       coordinator), so a restart never enters it again;
 *   <li>at {@value #COLLECTION}: {@code ReleaseComponentsCollected} from {@link TrainCollection}
 *       over the versions verified in {@link PipelinePolicy#trainSourceStage()} (the platform view,
 *       with each version's {@code requires}); the train's components are then the collected ones,
 *       promoted like any release's;
 *   <li>at {@value #RETROSPECTIVE}: {@code TrainRetrospective} with {@link
 *       TrainRetrospective#report} of the train's state. The coordinator does not record when
 *       builds finished (it reads only builds carrying a {@code dependencies-json} document, and
 *       their requirements), so the report's lead times have no build time and stay null.
 * </ul>
 *
 * A train is dropped from the open trains once every phase of its calendar was entered.
 */
final class ReleaseTrains {

  /** The phase at which a train collects its components. */
  static final String COLLECTION = "collection";

  /** The phase at which a train's report is emitted. */
  static final String RETROSPECTIVE = "retrospective";

  private final PipelinePolicy policy;
  private final TrainCalendar calendar;

  ReleaseTrains(PipelinePolicy policy) {
    this.policy = policy;
    this.calendar = TrainCalendar.of(policy);
  }

  /**
   * Enters the phases due by {@code dueUpTo} of every open train.
   *
   * @param dueUpTo epoch ms: phases scheduled at or before it are due
   * @param now epoch ms of the coordinator's clock, recorded as {@code enteredAt} (state only)
   */
  List<Emit> onTime(long dueUpTo, long now, State s) {
    List<Emit> out = new ArrayList<>();
    for (String id : s.trains()) {
      Optional<ReleaseState> found = s.release(id);
      if (found.isEmpty() || !found.get().train() || found.get().trainDate() == null) {
        s.train(id, false);
        continue;
      }
      ReleaseState r = found.get();
      LocalDate date = date(r);
      List<TrainCalendar.Phase> due =
          calendar.due(date, r.entered(), Instant.ofEpochMilli(dueUpTo));
      for (TrainCalendar.Phase phase : due) {
        r = enter(r, date, phase, now, s, out);
      }
      if (!due.isEmpty()) {
        s.put(r);
      }
      java.util.Set<String> entered = r.entered();
      if (calendar.phases(date).stream().allMatch(p -> entered.contains(p.name()))) {
        s.train(id, false);
      }
    }
    return out;
  }

  private ReleaseState enter(
      ReleaseState train,
      LocalDate date,
      TrainCalendar.Phase phase,
      long now,
      State s,
      List<Emit> out) {
    String id = train.releaseId();
    out.add(new ReleaseEvent(id, new TrainPhaseEntered(id, phase.name(), phase.at()), null));
    ReleaseState r =
        train
            .entering(new ReleaseState.TrainPhase(phase.name(), phase.at().toEpochMilli(), now))
            .step(now, "TrainPhaseEntered", phase.name() + " (scheduled " + phase.at() + ")");
    if (COLLECTION.equals(phase.name())) {
      r = collect(r, date, now, s, out);
    }
    if (RETROSPECTIVE.equals(phase.name())) {
      out.add(
          new ReleaseEvent(
              id,
              new io.promoflow.schemas.releases.TrainRetrospective(
                  id, TrainRetrospective.report(input(r, date))),
              null));
      r = r.step(now, "TrainRetrospective", "report emitted");
    }
    return r;
  }

  /** The collection phase: the newest version per application verified before the cutoff. */
  private ReleaseState collect(ReleaseState r, LocalDate date, long now, State s, List<Emit> out) {
    String stage = policy.trainSourceStage();
    Map<String, List<VerifiedVersion>> verified = new TreeMap<>();
    for (ApplicationStages a : s.applications()) {
      List<VerifiedVersion> versions = new ArrayList<>();
      for (ApplicationStages.Verification v : a.verified().getOrDefault(stage, List.of())) {
        // only a passed verification with its recorded digest counts (fail closed)
        if (v.status() == ApplicationStages.Status.PASSED
            && v.version() != null
            && !v.version().isBlank()
            && v.digest() != null
            && !v.digest().isBlank()) {
          versions.add(
              new VerifiedVersion(v.version(), v.digest(), v.at(), a.requires().get(v.version())));
        }
      }
      // an application seen without a verified version is listed, and skipped with the reason
      verified.put(a.application(), versions);
    }
    TrainCollection.Result result = TrainCollection.collect(policy, date, verified);
    List<ReleaseComponent> components = new ArrayList<>();
    List<ReleaseState.Component> state = new ArrayList<>();
    for (TrainComponent c : result.components()) {
      components.add(
          new ReleaseComponent(c.application(), c.version(), c.digest(), Map.copyOf(c.requires())));
      state.add(new ReleaseState.Component(c.application(), c.version(), c.digest(), c.requires()));
    }
    out.add(
        new ReleaseEvent(
            r.releaseId(),
            new ReleaseComponentsCollected(
                r.releaseId(), result.sourceStage(), result.cutoff(), components, result.skipped()),
            null));
    return r.withComponents(state)
        .step(
            now,
            "ReleaseComponentsCollected",
            components.size()
                + " component(s) verified in "
                + result.sourceStage()
                + " before "
                + result.cutoff()
                + (result.skipped().isEmpty()
                    ? ""
                    : "; skipped: " + String.join("; ", result.skipped())));
  }

  /** What the retrospective reads, from the train's state. */
  private TrainRetrospective.Input input(ReleaseState r, LocalDate date) {
    List<TrainRetrospective.GateResult> gates = new ArrayList<>();
    List<TrainRetrospective.Promotion> promotions = new ArrayList<>();
    List<TrainRetrospective.Rollback> rollbacks = new ArrayList<>();
    for (ReleaseState.Promotion p : r.promotions()) {
      p.releaseGates()
          .forEach(
              g ->
                  gates.add(
                      new TrainRetrospective.GateResult(
                          p.targetStage(), g.gate(), g.passed(), g.reason())));
      for (ReleaseState.ComponentPromotion c : p.components()) {
        promotions.add(
            new TrainRetrospective.Promotion(
                p.targetStage(),
                c.application(),
                c.version(),
                c.promotionId(),
                instant(c.requestedAt() == null ? p.requestedAt() : c.requestedAt()),
                instant(c.endedAt()),
                TrainRetrospective.Outcome.valueOf(c.outcome().name())));
      }
      for (ReleaseState.Rollback b : p.rollbacks()) {
        rollbacks.add(
            new TrainRetrospective.Rollback(
                p.targetStage(),
                b.application(),
                b.fromVersion(),
                b.toVersion(),
                b.promotionId(),
                instant(b.requestedAt())));
      }
    }
    Map<String, ReleaseState.TrainPhase> entered = new TreeMap<>();
    r.phases().forEach(p -> entered.put(p.phase(), p));
    List<TrainRetrospective.Phase> phases = new ArrayList<>();
    for (TrainCalendar.Phase p : calendar.phases(date)) {
      ReleaseState.TrainPhase e = entered.get(p.name());
      phases.add(
          new TrainRetrospective.Phase(
              p.name(), p.at(), e == null ? null : Instant.ofEpochMilli(e.enteredAt())));
    }
    return new TrainRetrospective.Input(
        r.releaseId(),
        r.version(),
        date,
        r.components().stream()
            .map(c -> new TrainRetrospective.Component(c.application(), c.version(), c.digest()))
            .toList(),
        gates,
        promotions,
        rollbacks,
        // build finish times: not known to the coordinator (see the class comment)
        Map.of(),
        phases);
  }

  /** The UTC date of a train's {@code trainDate} (epoch ms of its 00:00Z). */
  static LocalDate date(ReleaseState train) {
    return LocalDate.ofInstant(Instant.ofEpochMilli(train.trainDate()), ZoneOffset.UTC);
  }

  private static Instant instant(Long ms) {
    return ms == null ? null : Instant.ofEpochMilli(ms);
  }
}
