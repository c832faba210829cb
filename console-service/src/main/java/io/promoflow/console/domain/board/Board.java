package io.promoflow.console.domain.board;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The applications × stages matrix, folded from what promotion-service serves ({@code GET
 * /api/v1/applications/{application}}: ledger, holds, open promotions) and the state of each open
 * promotion ({@code GET /api/v1/promotions/{id}}). Pure: the time is passed in.
 */
public final class Board {

  private Board() {}

  /**
   * One stage of one application.
   *
   * @param version the version promoted there last, or null when none
   * @param verification PENDING, PASSED, FAILED or INCONCLUSIVE; UNKNOWN when the service named
   *     none (never shown as passed)
   * @param age since it was promoted there, e.g. {@code 3m}, or null
   * @param holds versions held there (failed verification, not promoted back automatically)
   */
  public record Cell(
      String stage,
      String version,
      String verification,
      String promotionId,
      String age,
      List<String> holds) {

    /** CSS-friendly lower-case verification state. */
    public String verificationClass() {
      return verification == null ? "unknown" : verification.toLowerCase(Locale.ROOT);
    }
  }

  /**
   * A promotion of the application that has not ended.
   *
   * @param state its state (REQUESTED, EVALUATING, AWAITING_APPROVAL, SCHEDULED, PROMOTING), or
   *     UNKNOWN when promotion-service did not answer for it
   * @param age since it was requested, or null
   */
  public record InFlight(
      String promotionId,
      String version,
      String sourceStage,
      String targetStage,
      String state,
      String age) {}

  /**
   * One application's row.
   *
   * @param error why the row could not be read (the service's reason), or null
   */
  public record Row(String application, List<Cell> cells, List<InFlight> inFlight, String error) {}

  /**
   * The rows of {@code applications}, in their order, whose name contains {@code filter} (case
   * insensitive; null or blank keeps all).
   *
   * @param details application name → answer of {@code GET /api/v1/applications/{name}}
   * @param promotions promotion id → answer of {@code GET /api/v1/promotions/{id}} for open ones
   * @param stages the pipeline's stage names, in order (the columns)
   * @param now the time ages are measured to
   */
  public static List<Row> rows(
      List<String> applications,
      Map<String, Answer> details,
      Map<String, Answer> promotions,
      List<String> stages,
      Instant now) {
    List<Row> rows = new ArrayList<>();
    for (String application : applications) {
      Answer detail = details.get(application);
      if (detail == null || !detail.isOk()) {
        rows.add(
            new Row(
                application,
                stages.stream().map(s -> new Cell(s, null, null, null, null, List.of())).toList(),
                List.of(),
                detail == null ? "not read" : detail.reason()));
        continue;
      }
      Map<String, Object> body = detail.object();
      Map<String, Object> slots = map(body.get("stages"));
      Map<String, Object> holds = map(body.get("holds"));
      List<Cell> cells = new ArrayList<>();
      for (String stage : stages) {
        Map<String, Object> slot = map(slots.get(stage));
        List<String> held = strings(holds.get(stage));
        if (slot.isEmpty()) {
          cells.add(new Cell(stage, null, null, null, null, held));
        } else {
          Object verification = slot.get("verification");
          cells.add(
              new Cell(
                  stage,
                  string(slot.get("version")),
                  verification == null ? "UNKNOWN" : verification.toString(),
                  string(slot.get("promotionId")),
                  age(string(slot.get("promotedAt")), now),
                  held));
        }
      }
      List<InFlight> inFlight = new ArrayList<>();
      for (String id : strings(body.get("open"))) {
        Answer p = promotions.get(id);
        Map<String, Object> promotion = p == null ? Map.of() : p.object();
        Map<String, Object> artifact = map(promotion.get("artifact"));
        List<Object> timeline = list(promotion.get("timeline"));
        String requestedAt = timeline.isEmpty() ? null : string(map(timeline.get(0)).get("at"));
        inFlight.add(
            new InFlight(
                id,
                string(artifact.get("version")),
                string(promotion.get("sourceStage")),
                string(promotion.get("targetStage")),
                promotion.containsKey("state") ? string(promotion.get("state")) : "UNKNOWN",
                age(requestedAt, now)));
      }
      rows.add(new Row(application, cells, inFlight, null));
    }
    return rows;
  }

  /** True when {@code application} matches {@code filter} (a case-insensitive substring). */
  public static boolean matches(String application, String filter) {
    return filter == null
        || filter.isBlank()
        || application.toLowerCase(Locale.ROOT).contains(filter.strip().toLowerCase(Locale.ROOT));
  }

  /**
   * How long ago {@code isoInstant} was, in the largest whole unit: {@code 12s}, {@code 5m}, {@code
   * 3h}, {@code 2d}; null for a missing or unreadable time.
   */
  public static String age(String isoInstant, Instant now) {
    if (isoInstant == null) {
      return null;
    }
    try {
      Duration d = Duration.between(Instant.parse(isoInstant), now);
      if (d.isNegative()) {
        d = Duration.ZERO;
      }
      if (d.toDays() > 0) {
        return d.toDays() + "d";
      }
      if (d.toHours() > 0) {
        return d.toHours() + "h";
      }
      if (d.toMinutes() > 0) {
        return d.toMinutes() + "m";
      }
      return d.toSeconds() + "s";
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object o) {
    return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }

  @SuppressWarnings("unchecked")
  static List<Object> list(Object o) {
    return o instanceof List<?> l ? (List<Object>) l : List.of();
  }

  static List<String> strings(Object o) {
    return list(o).stream().map(String::valueOf).toList();
  }

  static String string(Object o) {
    return o == null ? null : o.toString();
  }
}
