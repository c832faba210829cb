package io.promoflow.rules.policy;

import java.time.Duration;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The release train ({@code releases.train}; reference release-management-guide.md "Bi-Weekly
 * Release Train"): a platform release on a fixed cadence whose components are collected, not named.
 *
 * @param cadence time between two trains (default P14D)
 * @param cutoff how long before the train's date a component version must have been verified in
 *     {@code sourceStage} to be collected (default P14D, the guide's {@code train_date -
 *     timedelta(days=14)})
 * @param anchor the date of one train (a Monday, UTC); every train date is {@code anchor + k ×
 *     cadence} (default 2026-01-05)
 * @param sourceStage the stage a component must be verified in to be collected; null: the stage two
 *     before production (QA in DEV, QA, STAGING, PROD)
 * @param components applications a train collects; empty: every application with a version verified
 *     in {@code sourceStage}
 * @param phases each phase's offset from the train date, in phase order; null: {@link
 *     #DEFAULT_PHASES}
 */
public record TrainPolicy(
    Duration cadence,
    Duration cutoff,
    LocalDate anchor,
    String sourceStage,
    List<String> components,
    Map<String, Duration> phases) {

  /** The guide's eight phases and their offsets (Monday week 1 to Thursday week 2). */
  public static final Map<String, Duration> DEFAULT_PHASES = defaultPhases();

  /** The train policy when the document says nothing. */
  public static final TrainPolicy DEFAULTS = new TrainPolicy(null, null, null, null, null, null);

  public TrainPolicy {
    cadence = cadence == null ? Duration.ofDays(14) : cadence;
    cutoff = cutoff == null ? Duration.ofDays(14) : cutoff;
    anchor = anchor == null ? LocalDate.of(2026, 1, 5) : anchor;
    components = components == null ? List.of() : List.copyOf(components);
    phases =
        phases == null
            ? DEFAULT_PHASES
            : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(phases));
  }

  private static Map<String, Duration> defaultPhases() {
    Map<String, Duration> p = new LinkedHashMap<>();
    p.put("collection", Duration.ZERO);
    p.put("compatibility-analysis", Duration.ofDays(1));
    p.put("integration", Duration.ofDays(2));
    p.put("staging", Duration.ofDays(4));
    p.put("readiness-review", Duration.ofDays(7));
    p.put("production", Duration.ofDays(8));
    p.put("post-release-monitoring", Duration.ofDays(9));
    p.put("retrospective", Duration.ofDays(10));
    return java.util.Collections.unmodifiableMap(p);
  }
}
