package io.promoflow.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import io.promoflow.benchmarks.Figures.Figure;
import org.junit.jupiter.api.Test;

/** The bench's output format only: no stack, no timing (./mvnw verify asserts nothing on speed). */
class FiguresTest {

  @Test
  void aLineNamesTheFigureItsRatioAndWhatItIsComparedTo() {
    assertThat(new Figure("build->DEV p99", 84.2, "ms", 44.0, "floor", "4 hops x 11.0 ms").line())
        .isEqualTo("build->DEV p99 84.2 ms = 1.91x floor (4 hops x 11.0 ms)");
    assertThat(
            new Figure("builds accepted over HTTP", 78, "/s", 500, "goal-min", "16 clients").line())
        .isEqualTo("builds accepted over HTTP 78.0/s = 0.16x goal (>= 500/s) (16 clients)");
    assertThat(new Figure("one hop plain p50", 2.4, "ms", Double.NaN, "none", "").line())
        .isEqualTo("one hop plain p50 2.40 ms");
  }

  @Test
  void resultsJsonHasTheContextAndEveryFigureWithItsRatio() {
    Figures figures = new Figures();
    figures.context("mode", "quick");
    figures.context("cores", 2);
    figures.add(
        new Figure(
            "SBOM 5 MB parse+gates, first document", 250, "ms", 200, "goal-max", "cold \"JVM\""));
    figures.add(new Figure("audit hash link", 1.5, "us", Double.NaN, "none", ""));
    assertThat(figures.json())
        .contains("\"mode\": \"quick\"", "\"cores\": 2.0000")
        .contains(
            "{\"name\": \"SBOM 5 MB parse+gates, first document\", \"value\": 250.0000, \"unit\": \"ms\", "
                + "\"reference\": 200.0000, \"kind\": \"goal-max\", \"basis\": \"cold \\\"JVM\\\"\", \"ratio\": 1.2500}")
        .contains("\"reference\": null, \"kind\": \"none\", \"basis\": \"\", \"ratio\": null}");
  }

  @Test
  void percentilesAreNearestRankInMilliseconds() {
    long[] nanos = new long[100];
    for (int i = 0; i < nanos.length; i++) {
      nanos[i] = (i + 1) * 1_000_000L;
    }
    assertThat(Bench.percentile(nanos, 50)).isEqualTo(50.0);
    assertThat(Bench.percentile(nanos, 99)).isEqualTo(99.0);
    assertThat(Bench.percentile(nanos, 100)).isEqualTo(100.0);
  }
}
