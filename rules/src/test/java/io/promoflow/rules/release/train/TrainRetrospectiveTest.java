package io.promoflow.rules.release.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.promoflow.rules.release.train.TrainRetrospective.Component;
import io.promoflow.rules.release.train.TrainRetrospective.Figures;
import io.promoflow.rules.release.train.TrainRetrospective.GateResult;
import io.promoflow.rules.release.train.TrainRetrospective.Input;
import io.promoflow.rules.release.train.TrainRetrospective.Outcome;
import io.promoflow.rules.release.train.TrainRetrospective.Phase;
import io.promoflow.rules.release.train.TrainRetrospective.Promotion;
import io.promoflow.rules.release.train.TrainRetrospective.Rollback;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The retrospective of train 2026.24.0 (2026-11-23), figures computed by hand: three components
 * promoted into STAGING, two of them into PROD (web rejected there), both rolled back in PROD.
 */
class TrainRetrospectiveTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private static Instant at(String iso) {
    return Instant.parse(iso);
  }

  private static Promotion promotion(
      String stage, String application, String requested, String finished, Outcome outcome) {
    return new Promotion(
        stage,
        application,
        "v-" + application,
        "p-" + stage + "-" + application,
        at(requested),
        at(finished),
        outcome);
  }

  private static List<Promotion> promotions() {
    return List.of(
        promotion(
            "STAGING", "catalog", "2026-11-27T09:00:00Z", "2026-11-27T09:20:00Z", Outcome.PROMOTED),
        promotion(
            "STAGING",
            "inventory",
            "2026-11-27T09:00:00Z",
            "2026-11-27T09:30:00Z",
            Outcome.PROMOTED),
        promotion(
            "STAGING", "web", "2026-11-27T09:00:00Z", "2026-11-27T09:45:00Z", Outcome.PROMOTED),
        promotion(
            "PROD", "catalog", "2026-12-01T10:00:00Z", "2026-12-01T10:30:00Z", Outcome.PROMOTED),
        promotion(
            "PROD", "inventory", "2026-12-01T10:00:00Z", "2026-12-01T10:40:00Z", Outcome.PROMOTED),
        promotion("PROD", "web", "2026-12-01T10:00:00Z", "2026-12-01T10:50:00Z", Outcome.REJECTED));
  }

  private static Input history(List<Promotion> promotions, List<Rollback> rollbacks) {
    return new Input(
        "rel-1",
        "2026.24.0",
        LocalDate.of(2026, 11, 23),
        List.of(
            new Component("web", "3.2.0", "sha256:w"),
            new Component("catalog", "1.4.0", "sha256:c"),
            new Component("inventory", "2.0.1", "sha256:i")),
        List.of(
            new GateResult("STAGING", "service-versions", true, "all verified in QA"),
            new GateResult("STAGING", "compatibility", true, "all requirements satisfied")),
        promotions,
        rollbacks,
        Map.of(
            "catalog", at("2026-11-02T10:00:00Z"),
            "inventory", at("2026-11-03T08:00:00Z"),
            "web", at("2026-11-04T12:00:00Z")),
        List.of(
            new Phase("collection", at("2026-11-23T00:00:00Z"), at("2026-11-23T00:00:05Z")),
            new Phase("compatibility-analysis", at("2026-11-24T00:00:00Z"), null),
            new Phase("integration", at("2026-11-25T00:00:00Z"), at("2026-11-25T00:01:00Z"))));
  }

  private static List<Rollback> rollbacks() {
    return List.of(
        // before web's STAGING promotion finished: it does not follow it
        new Rollback("STAGING", "web", "3.1.0", "3.0.0", "rb-0", at("2026-11-26T08:00:00Z")),
        new Rollback("PROD", "catalog", "1.4.0", "1.3.0", "rb-1", at("2026-12-01T10:51:00Z")),
        new Rollback("PROD", "inventory", "2.0.1", "2.0.0", "rb-2", at("2026-12-01T10:51:00Z")));
  }

  @Test
  void theFiguresOfASmallHistory() {
    Figures f = TrainRetrospective.figures(history(promotions(), rollbacks()));

    // 5 promotions entered their stage (web's PROD one was rejected)
    assertThat(f.deployments()).isEqualTo(5);
    // catalog and inventory in PROD were rolled back after they entered: 2 / 5 = 40.0 %
    assertThat(f.failedDeployments()).isEqualTo(2);
    assertThat(f.changeFailureRatePercent()).isEqualByComparingTo(new BigDecimal("40.0"));
    // build -> last stage reached: catalog 11-02T10:00 -> PROD 12-01T10:30 = 29 d 30 min, inventory
    // 11-03T08:00 -> PROD 12-01T10:40 = 28 d 2 h 40 min, web 11-04T12:00 -> STAGING 11-27T09:45 =
    // 22 d 21 h 45 min
    assertThat(f.leadTimes())
        .extracting(l -> l.application() + " " + l.lastStage() + " " + l.leadTime())
        .containsExactly(
            "catalog PROD " + Duration.ofDays(29).plusMinutes(30),
            "inventory PROD " + Duration.ofDays(28).plusHours(2).plusMinutes(40),
            "web STAGING " + Duration.ofDays(22).plusHours(21).plusMinutes(45));
    // a phase lasts from its start (entered, else scheduled) to the next one's
    assertThat(f.phaseDurations())
        .extracting(TrainRetrospective.PhaseDuration::duration)
        .containsExactly(
            Duration.ofHours(23).plusMinutes(59).plusSeconds(55),
            Duration.ofHours(24).plusMinutes(1),
            null);
  }

  @Test
  void theReportCarriesTheHistoryAndTheFigures() {
    JsonNode r = JSON.readTree(TrainRetrospective.report(history(promotions(), rollbacks())));

    assertThat(r.get("version").asString()).isEqualTo("2026.24.0");
    assertThat(r.get("trainDate").asString()).isEqualTo("2026-11-23");
    assertThat(r.get("components").findValuesAsString("application"))
        .containsExactly("catalog", "inventory", "web");
    assertThat(r.get("releaseGates")).hasSize(2);
    JsonNode first = r.get("promotions").get(0);
    assertThat(first.get("stage").asString()).isEqualTo("STAGING");
    assertThat(first.get("application").asString()).isEqualTo("catalog");
    assertThat(first.get("requestedAt").asString()).isEqualTo("2026-11-27T09:00:00Z");
    assertThat(first.get("durationMs").asLong()).isEqualTo(20 * 60_000L);
    assertThat(first.get("duration").asString()).isEqualTo("PT20M");
    assertThat(first.get("rolledBack").asBoolean()).isFalse();
    assertThat(r.get("promotions").get(3).get("application").asString()).isEqualTo("catalog");
    assertThat(r.get("promotions").get(3).get("rolledBack").asBoolean()).isTrue();
    assertThat(r.get("promotions").get(5).get("outcome").asString()).isEqualTo("REJECTED");
    assertThat(r.get("rollbacks").get(1).get("toVersion").asString()).isEqualTo("1.3.0");
    assertThat(r.get("phases").get(1).get("enteredAt").isNull()).isTrue();
    assertThat(r.get("phases").get(0).get("duration").asString()).isEqualTo("PT23H59M55S");
    assertThat(r.get("phases").get(2).get("durationMs").isNull()).isTrue();

    JsonNode f = r.get("figures");
    assertThat(f.get("promotions").asInt()).isEqualTo(6);
    assertThat(f.get("deployments").asInt()).isEqualTo(5);
    assertThat(f.get("failedDeployments").asInt()).isEqualTo(2);
    assertThat(f.get("changeFailureRatePercent").decimalValue())
        .isEqualByComparingTo(new BigDecimal("40.0"));
    JsonNode catalog = f.get("leadTimes").get(0);
    assertThat(catalog.get("application").asString()).isEqualTo("catalog");
    assertThat(catalog.get("reachedAt").asString()).isEqualTo("2026-12-01T10:30:00Z");
    assertThat(catalog.get("leadTimeMs").asLong()).isEqualTo((29L * 24 * 60 + 30) * 60_000L);
    assertThat(catalog.get("leadTime").asString()).isEqualTo("PT696H30M");
  }

  @Test
  void anOutcomeRolledBackCountsAsAFailedDeploymentWithoutARollbackRecord() {
    List<Promotion> promotions = new ArrayList<>(promotions());
    promotions.set(
        2,
        promotion(
            "STAGING", "web", "2026-11-27T09:00:00Z", "2026-11-27T09:45:00Z", Outcome.ROLLED_BACK));
    Figures f = TrainRetrospective.figures(history(promotions, List.of()));
    assertThat(f.deployments()).isEqualTo(5);
    assertThat(f.failedDeployments()).isEqualTo(1);
    assertThat(f.changeFailureRatePercent()).isEqualByComparingTo(new BigDecimal("20.0"));
  }

  @Test
  void theReportDoesNotDependOnTheOrderOfPromotionsAndRollbacks() {
    List<Promotion> promotions = new ArrayList<>(promotions());
    List<Rollback> rollbacks = new ArrayList<>(rollbacks());
    Collections.reverse(promotions);
    Collections.reverse(rollbacks);
    assertThat(TrainRetrospective.report(history(promotions, rollbacks)))
        .isEqualTo(TrainRetrospective.report(history(promotions(), rollbacks())));
  }

  @Test
  void anEmptyInputGivesAValidReportWithZerosAndNulls() {
    for (Input empty :
        new Input[] {
          null,
          Input.EMPTY,
          new Input("rel-2", "2026.25.0", null, List.of(), null, null, null, null, null)
        }) {
      JsonNode r = JSON.readTree(TrainRetrospective.report(empty));
      assertThat(r.get("components")).isEmpty();
      assertThat(r.get("promotions")).isEmpty();
      assertThat(r.get("rollbacks")).isEmpty();
      assertThat(r.get("phases")).isEmpty();
      assertThat(r.get("figures").get("deployments").asInt()).isZero();
      assertThat(r.get("figures").get("failedDeployments").asInt()).isZero();
      assertThat(r.get("figures").get("changeFailureRatePercent").isNull()).isTrue();
      assertThat(r.get("figures").get("leadTimes")).isEmpty();
    }
  }

  @Test
  void aComponentWithoutABuildTimeOrADeploymentHasNoLeadTime() {
    Input in =
        new Input(
            "rel-3",
            "2026.25.0",
            LocalDate.of(2026, 12, 7),
            List.of(
                new Component("catalog", "1.0.0", "sha256:c"),
                new Component("web", "2.0.0", "sha256:w")),
            null,
            List.of(
                promotion(
                    "STAGING",
                    "catalog",
                    "2026-12-11T09:00:00Z",
                    "2026-12-11T09:10:00Z",
                    Outcome.PROMOTED)),
            null,
            null,
            null);
    Figures f = TrainRetrospective.figures(in);
    assertThat(f.leadTimes())
        .extracting(l -> l.application() + " " + l.lastStage() + " " + l.leadTime())
        .containsExactly("catalog STAGING null", "web null null");
    assertThat(f.changeFailureRatePercent()).isEqualByComparingTo(BigDecimal.ZERO);
  }
}
