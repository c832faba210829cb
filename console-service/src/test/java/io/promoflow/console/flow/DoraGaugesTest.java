package io.promoflow.console.flow;

import static org.assertj.core.api.Assertions.assertThat;

import io.promoflow.console.domain.dora.DoraFigures;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The gauges' series stay bounded whatever the number of applications. */
class DoraGaugesTest {

  static DoraQueries.Row row(String application, String stage, long promotions) {
    return new DoraQueries.Row(
        application,
        stage,
        new DoraFigures(0, null, null, null, null, null, null, null, promotions));
  }

  @Test
  void onlyTheBusiestApplicationsGetGaugesWithEveryStageOfEach() {
    List<DoraQueries.Row> rows = new ArrayList<>();
    for (int i = 0; i < 8_000; i++) {
      String app = String.format("app-%04d", i);
      rows.add(row(app, "DEV", i % 10 == 0 ? 5 : 1));
      rows.add(row(app, "PROD", i == 7_777 ? 100 : 0));
    }

    List<DoraQueries.Row> shown = DoraGauges.busiest(rows, 3);

    assertThat(shown).hasSize(6).extracting(DoraQueries.Row::stage).containsOnly("DEV", "PROD");
    assertThat(shown.stream().map(DoraQueries.Row::application).distinct())
        .as("most promotions first (7777: 101), then ties by name")
        .containsExactlyInAnyOrder("app-7777", "app-0000", "app-0010");
  }

  @Test
  void fewerApplicationsThanTheLimitAreAllShownAndZeroShowsNone() {
    List<DoraQueries.Row> rows = List.of(row("a", "DEV", 0), row("b", "DEV", 2));
    assertThat(DoraGauges.busiest(rows, 100)).isEqualTo(rows);
    assertThat(DoraGauges.busiest(rows, 0)).isEmpty();
  }
}
