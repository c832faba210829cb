package io.promoflow.rollback.domain;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;

/**
 * Whether a monitoring window that ends without a breach had health data to pass on (issue 11, "no
 * data, no pass"): it has none when it received no health report at all (pushed or from
 * Prometheus), or when its stage reads Prometheus and every query in the window failed or came back
 * empty. What such a window ends as is the stage's {@code verification.onNoData}.
 */
public final class NoDataCheck {

  private NoDataCheck() {}

  /**
   * Why {@code w} has no health data to pass on; empty when it has.
   *
   * @param readsPrometheus true when the stage has {@code verification.prometheus} signals
   */
  public static List<String> reasons(MonitoringWindow w, boolean readsPrometheus) {
    List<String> reasons = new ArrayList<>();
    if (w.reports() == 0) {
      reasons.add(
          String.format(
              Locale.ROOT,
              "no health report and no Prometheus sample in the %d s window",
              (w.endsAt() - w.startedAt()) / 1000));
    }
    if (readsPrometheus && w.prometheusSamples() == 0 && !w.queryFailures().isEmpty()) {
      // distinct failures, so a query failing at every interval is named once
      reasons.add(
          "every Prometheus query failed or returned nothing: "
              + String.join("; ", new LinkedHashSet<>(w.queryFailures())));
    }
    return List.copyOf(reasons);
  }
}
