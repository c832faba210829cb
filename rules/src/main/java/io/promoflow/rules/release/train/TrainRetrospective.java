package io.promoflow.rules.release.train;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A train's retrospective (RELEASES.md point 7; the guide's phase 8 "Release Retrospective"): the
 * JSON report of the {@code TrainRetrospective} event — components, release gate results,
 * promotions with their durations, rollbacks, phase durations and the train's DORA figures.
 *
 * <p>Figures (all from the {@link Input}, nothing from a clock, so a replay gives the same bytes):
 *
 * <ul>
 *   <li><b>deployments</b>: component promotions that entered their stage ({@link
 *       Outcome#entered()}: PROMOTED, or ROLLED_BACK after entering);
 *   <li><b>change failure rate</b> (DORA): the percentage of those deployments followed by a
 *       rollback of the same application in the same stage (outcome ROLLED_BACK, or a {@link
 *       Rollback} requested at or after the promotion finished; a rollback or promotion without a
 *       time counts, as the order cannot be told — fail closed), one decimal, half up; null when
 *       there was no deployment (a rate of nothing is not 0 %);
 *   <li><b>lead time per component</b> (DORA "lead time for changes"): from its build finishing to
 *       the last stage it reached under this train (the entered promotion that finished last; ties:
 *       the greater stage name), in ms and as an ISO-8601 duration; null when the build time or a
 *       finished deployment is missing;
 *   <li><b>phase durations</b>: from a phase's start to the next phase's start, a start being when
 *       the phase was entered, else when it was scheduled; null for the last phase.
 * </ul>
 *
 * Lists in the report are ordered independently of input order where the input has no inherent
 * order: components by application; promotions and rollbacks by time (missing last), stage,
 * application; release gates and phases as given (evaluation and phase order). An empty or null
 * input gives a valid report with empty lists, zero counts and null figures, never an exception.
 */
public final class TrainRetrospective {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private static final Comparator<String> NULLS_LAST =
      Comparator.nullsLast(Comparator.naturalOrder());
  private static final Comparator<Instant> TIME = Comparator.nullsLast(Comparator.naturalOrder());

  private TrainRetrospective() {}

  /** The report as JSON text (the {@code TrainRetrospective.report} field). */
  public static String report(Input input) {
    return JSON.writeValueAsString(json(input));
  }

  /** The report as a JSON tree. */
  public static ObjectNode json(Input input) {
    Input in = input == null ? Input.EMPTY : input;
    Figures figures = figures(in);
    ObjectNode root = JSON.createObjectNode();
    root.put("releaseId", in.releaseId());
    root.put("version", in.version());
    root.put("trainDate", in.trainDate() == null ? null : in.trainDate().toString());

    ArrayNode components = root.putArray("components");
    for (Component c : sortedComponents(in)) {
      ObjectNode n = components.addObject();
      n.put("application", c.application());
      n.put("version", c.version());
      n.put("digest", c.digest());
    }

    ArrayNode gates = root.putArray("releaseGates");
    for (GateResult g : in.releaseGates()) {
      ObjectNode n = gates.addObject();
      n.put("targetStage", g.targetStage());
      n.put("gate", g.gate());
      n.put("passed", g.passed());
      n.put("reason", g.reason());
    }

    ArrayNode promotions = root.putArray("promotions");
    for (Promotion p : sortedPromotions(in)) {
      ObjectNode n = promotions.addObject();
      n.put("stage", p.stage());
      n.put("application", p.application());
      n.put("version", p.version());
      n.put("promotionId", p.promotionId());
      time(n, "requestedAt", p.requestedAt());
      time(n, "finishedAt", p.finishedAt());
      duration(n, "duration", between(p.requestedAt(), p.finishedAt()));
      n.put("outcome", p.outcome() == null ? null : p.outcome().name());
      n.put("rolledBack", failed(p, in.rollbacks()));
    }

    ArrayNode rollbacks = root.putArray("rollbacks");
    for (Rollback r : sortedRollbacks(in)) {
      ObjectNode n = rollbacks.addObject();
      n.put("stage", r.stage());
      n.put("application", r.application());
      n.put("fromVersion", r.fromVersion());
      n.put("toVersion", r.toVersion());
      n.put("promotionId", r.promotionId());
      time(n, "requestedAt", r.requestedAt());
    }

    ArrayNode phases = root.putArray("phases");
    for (PhaseDuration d : figures.phaseDurations()) {
      ObjectNode n = phases.addObject();
      n.put("phase", d.phase());
      time(n, "scheduledAt", d.scheduledAt());
      time(n, "enteredAt", d.enteredAt());
      duration(n, "duration", d.duration());
    }

    ObjectNode f = root.putObject("figures");
    f.put("promotions", in.promotions().size());
    f.put("deployments", figures.deployments());
    f.put("failedDeployments", figures.failedDeployments());
    f.put("changeFailureRatePercent", figures.changeFailureRatePercent());
    f.put("rollbacks", in.rollbacks().size());
    ArrayNode leadTimes = f.putArray("leadTimes");
    for (LeadTime l : figures.leadTimes()) {
      ObjectNode n = leadTimes.addObject();
      n.put("application", l.application());
      time(n, "buildFinishedAt", l.buildFinishedAt());
      n.put("lastStage", l.lastStage());
      time(n, "reachedAt", l.reachedAt());
      duration(n, "leadTime", l.leadTime());
    }
    return root;
  }

  /** The train's figures (see the class comment for each definition). */
  public static Figures figures(Input input) {
    Input in = input == null ? Input.EMPTY : input;
    List<Promotion> deployed =
        in.promotions().stream().filter(p -> p.outcome() != null && p.outcome().entered()).toList();
    int failed = (int) deployed.stream().filter(p -> failed(p, in.rollbacks())).count();
    BigDecimal rate =
        deployed.isEmpty()
            ? null
            : BigDecimal.valueOf(100L * failed)
                .divide(BigDecimal.valueOf(deployed.size()), 1, RoundingMode.HALF_UP);

    TreeSet<String> applications = new TreeSet<>();
    Stream.concat(
            in.components().stream().map(Component::application),
            in.promotions().stream().map(Promotion::application))
        .filter(Objects::nonNull)
        .forEach(applications::add);
    List<LeadTime> leadTimes = new ArrayList<>();
    for (String application : applications) {
      Optional<Promotion> last =
          deployed.stream()
              .filter(p -> application.equals(p.application()) && p.finishedAt() != null)
              .max(
                  Comparator.comparing(Promotion::finishedAt)
                      .thenComparing(Promotion::stage, Comparator.nullsFirst(NULLS_LAST)));
      Instant built = in.buildFinishedAt().get(application);
      leadTimes.add(
          new LeadTime(
              application,
              built,
              last.map(Promotion::stage).orElse(null),
              last.map(Promotion::finishedAt).orElse(null),
              between(built, last.map(Promotion::finishedAt).orElse(null))));
    }

    List<PhaseDuration> phaseDurations = new ArrayList<>();
    List<Phase> phases = in.phases();
    for (int i = 0; i < phases.size(); i++) {
      Phase p = phases.get(i);
      Duration d = i + 1 < phases.size() ? between(p.start(), phases.get(i + 1).start()) : null;
      phaseDurations.add(new PhaseDuration(p.phase(), p.scheduledAt(), p.enteredAt(), d));
    }
    return new Figures(deployed.size(), failed, rate, leadTimes, phaseDurations);
  }

  /** Whether deployment {@code p} was followed by a rollback in its stage. */
  private static boolean failed(Promotion p, List<Rollback> rollbacks) {
    if (p.outcome() == Outcome.ROLLED_BACK) {
      return true;
    }
    if (p.outcome() == null || !p.outcome().entered()) {
      return false;
    }
    return rollbacks.stream()
        .anyMatch(
            r ->
                Objects.equals(r.stage(), p.stage())
                    && Objects.equals(r.application(), p.application())
                    && (r.requestedAt() == null
                        || p.finishedAt() == null
                        || !r.requestedAt().isBefore(p.finishedAt())));
  }

  private static List<Component> sortedComponents(Input in) {
    return in.components().stream()
        .sorted(
            Comparator.comparing(Component::application, NULLS_LAST)
                .thenComparing(Component::version, NULLS_LAST))
        .toList();
  }

  private static List<Promotion> sortedPromotions(Input in) {
    return in.promotions().stream()
        .sorted(
            Comparator.comparing(Promotion::requestedAt, TIME)
                .thenComparing(Promotion::stage, NULLS_LAST)
                .thenComparing(Promotion::application, NULLS_LAST)
                .thenComparing(Promotion::promotionId, NULLS_LAST))
        .toList();
  }

  private static List<Rollback> sortedRollbacks(Input in) {
    return in.rollbacks().stream()
        .sorted(
            Comparator.comparing(Rollback::requestedAt, TIME)
                .thenComparing(Rollback::stage, NULLS_LAST)
                .thenComparing(Rollback::application, NULLS_LAST)
                .thenComparing(Rollback::promotionId, NULLS_LAST))
        .toList();
  }

  private static Duration between(Instant from, Instant to) {
    return from == null || to == null ? null : Duration.between(from, to);
  }

  private static void time(ObjectNode n, String field, Instant at) {
    n.put(field, at == null ? null : at.toString());
  }

  /** {@code <field>Ms} (milliseconds) and {@code <field>} (ISO-8601), both null when unknown. */
  private static void duration(ObjectNode n, String field, Duration d) {
    if (d == null) {
      n.putNull(field + "Ms");
      n.putNull(field);
    } else {
      n.put(field + "Ms", d.toMillis());
      n.put(field, d.toString());
    }
  }

  private static <T> List<T> list(Collection<T> items) {
    return items == null ? List.of() : items.stream().filter(Objects::nonNull).toList();
  }

  /**
   * What a retrospective reads: the train and what happened to it. Null lists and maps are empty,
   * null elements are dropped.
   *
   * @param releaseId the train's release id
   * @param version its train version ({@link TrainCalendar#version})
   * @param trainDate its date
   * @param components the collected components
   * @param releaseGates the release gate results of its release promotions
   * @param promotions its component promotions (not the rollbacks' promotions)
   * @param rollbacks the release rollbacks requested for it
   * @param buildFinishedAt per application, when the build of its component finished
   * @param phases its phases, in phase order
   */
  public record Input(
      String releaseId,
      String version,
      LocalDate trainDate,
      List<Component> components,
      List<GateResult> releaseGates,
      List<Promotion> promotions,
      List<Rollback> rollbacks,
      Map<String, Instant> buildFinishedAt,
      List<Phase> phases) {

    /** A train about which nothing is known. */
    public static final Input EMPTY =
        new Input(null, null, null, null, null, null, null, null, null);

    public Input {
      components = list(components);
      releaseGates = list(releaseGates);
      promotions = list(promotions);
      rollbacks = list(rollbacks);
      Map<String, Instant> built = new TreeMap<>();
      if (buildFinishedAt != null) {
        buildFinishedAt.forEach(
            (application, at) -> {
              if (application != null && at != null) {
                built.put(application, at);
              }
            });
      }
      buildFinishedAt = java.util.Collections.unmodifiableMap(built);
      phases = list(phases);
    }
  }

  /** A collected component. */
  public record Component(String application, String version, String digest) {}

  /** One release gate result of the release promotion into {@code targetStage}. */
  public record GateResult(String targetStage, String gate, boolean passed, String reason) {}

  /**
   * One component promotion of the train.
   *
   * @param stage its target stage
   * @param requestedAt when it was requested
   * @param finishedAt when it reached its outcome (entered the stage, or was blocked …); null while
   *     pending
   */
  public record Promotion(
      String stage,
      String application,
      String version,
      String promotionId,
      Instant requestedAt,
      Instant finishedAt,
      Outcome outcome) {}

  /**
   * A release rollback of {@code application} in {@code stage}, requested at {@code requestedAt}.
   */
  public record Rollback(
      String stage,
      String application,
      String fromVersion,
      String toVersion,
      String promotionId,
      Instant requestedAt) {}

  /**
   * One phase of the train.
   *
   * @param scheduledAt its scheduled time ({@link TrainCalendar#phases})
   * @param enteredAt when it was entered; null if not (yet) recorded
   */
  public record Phase(String phase, Instant scheduledAt, Instant enteredAt) {
    Instant start() {
      return enteredAt != null ? enteredAt : scheduledAt;
    }
  }

  /** A component promotion's outcome (the release API's {@code components[].outcome}). */
  public enum Outcome {
    PENDING,
    PROMOTED,
    BLOCKED,
    REJECTED,
    EXPIRED,
    SUPERSEDED,
    FAILED,
    ROLLED_BACK;

    /** Whether the promotion entered its stage: a deployment. */
    public boolean entered() {
      return this == PROMOTED || this == ROLLED_BACK;
    }
  }

  /**
   * The train's figures.
   *
   * @param deployments promotions that entered their stage
   * @param failedDeployments deployments followed by a rollback in the same stage
   * @param changeFailureRatePercent {@code failedDeployments / deployments × 100}, one decimal;
   *     null without deployments
   * @param leadTimes per application (components and promoted applications), by name
   * @param phaseDurations per phase, in phase order
   */
  public record Figures(
      int deployments,
      int failedDeployments,
      BigDecimal changeFailureRatePercent,
      List<LeadTime> leadTimes,
      List<PhaseDuration> phaseDurations) {}

  /**
   * One component's lead time.
   *
   * @param lastStage the last stage it reached under the train; null if none
   * @param leadTime {@code reachedAt − buildFinishedAt}; null if either is unknown
   */
  public record LeadTime(
      String application,
      Instant buildFinishedAt,
      String lastStage,
      Instant reachedAt,
      Duration leadTime) {}

  /**
   * One phase's duration.
   *
   * @param duration from its start to the next phase's start; null for the last phase or an unknown
   *     time
   */
  public record PhaseDuration(
      String phase, Instant scheduledAt, Instant enteredAt, Duration duration) {}
}
