package io.promoflow.console.domain.board;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Platform releases as the board shows them, folded from trigger-service's answers ({@code GET
 * /api/v1/releases} and {@code GET /api/v1/releases/{id}}, RELEASES.md point 8). Pure: the time is
 * passed in. What the service did not say is shown as unknown, never as passed.
 */
public final class Releases {

  private Releases() {}

  /**
   * One line of the board's "Releases" section.
   *
   * @param stage the highest stage the release reached, or null
   * @param state its last promotion's state (WAITING_FOR_FACTS, GATES_FAILED, PROMOTING, PROMOTED,
   *     FAILED), or null before any
   * @param age since it was created, e.g. {@code 3m}, or null
   */
  public record Summary(
      String releaseId,
      String version,
      String type,
      boolean train,
      String phase,
      String stage,
      String state,
      String age) {

    /** The colour of its state ({@link Releases#tone}). */
    public String tone() {
      return Releases.tone(state);
    }
  }

  /**
   * One cell of the components × stages matrix: the component's promotion into {@code stage} under
   * this release.
   *
   * @param outcome of that promotion (PENDING, PROMOTED, BLOCKED, REJECTED, EXPIRED, SUPERSEDED,
   *     FAILED, ROLLED_BACK), or null when the release asked for none into the stage
   * @param promotionId the component promotion, or null
   * @param verification the stage's verification when it is the highest stage the component entered
   *     under the release (PENDING, PASSED, FAILED, INCONCLUSIVE), else null
   */
  public record Cell(String stage, String outcome, String promotionId, String verification) {

    /** The colour of its outcome ({@link Releases#tone}); {@code none} when there is none. */
    public String tone() {
      return outcome == null ? "none" : Releases.tone(outcome);
    }
  }

  /**
   * One component of the release with its cells, in the pipeline's stage order.
   *
   * @param requires application → SemVer range it requires of the others
   */
  public record Component(
      String application,
      String version,
      String digest,
      Map<String, String> requires,
      List<Cell> cells) {}

  /** One release gate of a release promotion, with the inputs it was decided on. */
  public record Gate(String gate, boolean passed, String reason, Map<String, String> inputs) {}

  /** One component promotion of a release promotion. */
  public record ComponentPromotion(
      String application, String promotionId, String approvalId, String outcome) {}

  /**
   * One rollback a failed release promotion asked for.
   *
   * @param toVersion null when there was nothing to roll back to
   */
  public record Rollback(
      String application, String fromVersion, String toVersion, String promotionId) {}

  /** One promotion of the release into {@code targetStage}. */
  public record Promotion(
      String targetStage,
      String state,
      String requestedBy,
      String requestedAt,
      List<Gate> gates,
      List<ComponentPromotion> components,
      List<String> reasons,
      List<Rollback> rollbacks) {

    /** The colour of its state ({@link Releases#tone}). */
    public String tone() {
      return Releases.tone(state);
    }
  }

  /** One step of the release's timeline. */
  public record Step(String at, String event, String detail) {}

  /** One phase of a release train. */
  public record Phase(String phase, String scheduledAt, String enteredAt) {}

  /**
   * The release page.
   *
   * @param facts label → value of the release's own fields, in display order
   */
  public record View(
      Map<String, String> facts,
      boolean train,
      List<Phase> phases,
      List<Component> components,
      List<Promotion> promotions,
      List<Step> timeline) {}

  /**
   * The first {@code limit} releases of {@code list} (the answer of {@code GET /api/v1/releases},
   * newest first), none when it is not a list.
   *
   * @param now the time ages are measured to
   */
  public static List<Summary> summaries(Answer list, int limit, Instant now) {
    return list.list().stream()
        .limit(limit)
        .map(
            r ->
                new Summary(
                    string(r.get("releaseId")),
                    string(r.get("version")),
                    string(r.get("type")),
                    Boolean.TRUE.equals(r.get("train")),
                    string(r.get("phase")),
                    string(r.get("stage")),
                    string(r.get("state")),
                    Board.age(string(r.get("createdAt")), now)))
        .toList();
  }

  /**
   * The page of one release.
   *
   * @param release the answer of {@code GET /api/v1/releases/{id}} (only a 2xx is read)
   * @param stages the pipeline's stage names in order: the matrix's columns
   */
  public static View view(Answer release, List<String> stages) {
    Map<String, Object> r = release.object();
    Map<String, String> facts = new LinkedHashMap<>();
    facts.put("Version", string(r.get("version")));
    facts.put("Type", string(r.get("type")));
    facts.put("Validation", string(r.get("validationLevel")));
    facts.put("Strategy", string(r.get("strategy")));
    facts.put("Requested by", string(r.get("requestedBy")));
    facts.put("Created", string(r.get("createdAt")));
    facts.put("Change request", string(r.get("changeRequestId")));
    boolean train = Boolean.TRUE.equals(r.get("train"));
    if (train) {
      facts.put("Train date", string(r.get("trainDate")));
      facts.put("Phase", string(r.get("phase")));
    }

    List<Promotion> promotions = new ArrayList<>();
    for (Object o : Board.list(r.get("promotions"))) {
      Map<String, Object> p = Board.map(o);
      List<Gate> gates = new ArrayList<>();
      for (Object g : Board.list(p.get("releaseGates"))) {
        Map<String, Object> gate = Board.map(g);
        Map<String, String> inputs = new LinkedHashMap<>();
        Board.map(gate.get("inputs")).forEach((k, v) -> inputs.put(k, string(v)));
        gates.add(
            new Gate(
                string(gate.get("gate")),
                // fail closed: a gate without a boolean verdict is not shown as passed
                Boolean.TRUE.equals(gate.get("passed")),
                string(gate.get("reason")),
                inputs));
      }
      List<ComponentPromotion> components = new ArrayList<>();
      for (Object c : Board.list(p.get("components"))) {
        Map<String, Object> component = Board.map(c);
        components.add(
            new ComponentPromotion(
                string(component.get("application")),
                string(component.get("promotionId")),
                string(component.get("approvalId")),
                string(component.get("outcome"))));
      }
      List<Rollback> rollbacks = new ArrayList<>();
      for (Object b : Board.list(p.get("rollbacks"))) {
        Map<String, Object> rollback = Board.map(b);
        rollbacks.add(
            new Rollback(
                string(rollback.get("application")),
                string(rollback.get("fromVersion")),
                string(rollback.get("toVersion")),
                string(rollback.get("promotionId"))));
      }
      promotions.add(
          new Promotion(
              string(p.get("targetStage")),
              p.containsKey("state") ? string(p.get("state")) : "UNKNOWN",
              string(p.get("requestedBy")),
              string(p.get("requestedAt")),
              gates,
              components,
              Board.strings(p.get("reasons")),
              rollbacks));
    }

    List<Component> components = new ArrayList<>();
    for (Object o : Board.list(r.get("components"))) {
      Map<String, Object> c = Board.map(o);
      String application = string(c.get("application"));
      String reached = string(c.get("stage"));
      List<Cell> cells = new ArrayList<>();
      for (String stage : stages) {
        ComponentPromotion last = null;
        // the latest promotion into the stage decides what the cell says (a retry after a failure)
        for (Promotion p : promotions) {
          if (stage.equals(p.targetStage())) {
            for (ComponentPromotion cp : p.components()) {
              if (application != null && application.equals(cp.application())) {
                last = cp;
              }
            }
          }
        }
        String verification = null;
        if (stage.equals(reached)) {
          Object v = c.get("verification");
          verification = v == null ? "UNKNOWN" : v.toString();
        }
        cells.add(
            new Cell(
                stage,
                last == null ? null : last.outcome(),
                last == null ? null : last.promotionId(),
                verification));
      }
      Map<String, String> requires = new LinkedHashMap<>();
      Board.map(c.get("requires")).forEach((k, v) -> requires.put(k, string(v)));
      components.add(
          new Component(
              application, string(c.get("version")), string(c.get("digest")), requires, cells));
    }

    List<Phase> phases = new ArrayList<>();
    for (Object o : Board.list(r.get("phases"))) {
      Map<String, Object> p = Board.map(o);
      phases.add(
          new Phase(
              string(p.get("phase")), string(p.get("scheduledAt")), string(p.get("enteredAt"))));
    }
    List<Step> timeline = new ArrayList<>();
    for (Object o : Board.list(r.get("timeline"))) {
      Map<String, Object> t = Board.map(o);
      timeline.add(new Step(string(t.get("at")), string(t.get("event")), string(t.get("detail"))));
    }
    return new View(facts, train, phases, components, promotions, timeline);
  }

  /**
   * The board's colour of a release or component promotion state or outcome, as its verification
   * colours ({@code v-<tone>}): {@code passed} for PROMOTED and PASSED; {@code pending} while it
   * runs or waits (PENDING, PROMOTING, WAITING_FOR_FACTS); {@code inconclusive} for SUPERSEDED,
   * INCONCLUSIVE and anything unknown; {@code failed} for every refusal or failure (GATES_FAILED,
   * FAILED, BLOCKED, REJECTED, EXPIRED, ROLLED_BACK). Null or an unknown value is never passed.
   */
  public static String tone(String state) {
    if (state == null) {
      return "inconclusive";
    }
    return switch (state.toUpperCase(Locale.ROOT)) {
      case "PROMOTED", "PASSED" -> "passed";
      case "PENDING", "PROMOTING", "WAITING_FOR_FACTS" -> "pending";
      case "GATES_FAILED", "FAILED", "BLOCKED", "REJECTED", "EXPIRED", "ROLLED_BACK" -> "failed";
      default -> "inconclusive";
    };
  }

  private static String string(Object o) {
    return o == null ? null : o.toString();
  }
}
