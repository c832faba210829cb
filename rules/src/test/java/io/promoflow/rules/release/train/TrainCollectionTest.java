package io.promoflow.rules.release.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promoflow.rules.policy.PipelinePolicy;
import io.promoflow.rules.policy.PolicyLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The collection phase of the train of 2026-11-23: cutoff 2026-11-09T00:00:00Z, source QA. */
class TrainCollectionTest {

  private static final Instant CUTOFF = Instant.parse("2026-11-09T00:00:00Z");
  private static final long C = CUTOFF.toEpochMilli();

  private static VerifiedVersion v(String version, long verifiedAt) {
    return new VerifiedVersion(version, "sha256:" + version, verifiedAt, Map.of());
  }

  @Test
  void theNewestVersionVerifiedStrictlyBeforeTheCutoffIsCollected() {
    Map<String, List<VerifiedVersion>> verified = new LinkedHashMap<>();
    verified.put(
        "catalog",
        List.of(
            v("1.2.0", C - 86_400_000L),
            new VerifiedVersion("1.3.0", "sha256:c13", C - 1, Map.of("inventory", ">=1.4 <2")),
            v("1.4.0", C))); // exactly at the cutoff: too late
    verified.put("inventory", List.of(v("1.5.0", C), v("1.6.0", C + 1)));

    TrainCollection.Result r = TrainCollection.collect("QA", List.of(), CUTOFF, verified);

    assertThat(r.sourceStage()).isEqualTo("QA");
    assertThat(r.cutoff()).isEqualTo(CUTOFF);
    assertThat(r.components())
        .containsExactly(
            new TrainComponent(
                "catalog", "1.3.0", "sha256:c13", C - 1, Map.of("inventory", ">=1.4 <2")));
    assertThat(r.skipped())
        .containsExactly("inventory: no version verified in QA before 2026-11-09T00:00:00Z");
  }

  @Test
  void theNamedComponentsAreCollectedAndAMissingOneIsSkipped() {
    Map<String, List<VerifiedVersion>> verified = new LinkedHashMap<>();
    verified.put("web", List.of(v("3.0.0", C - 5)));
    verified.put("catalog", List.of(v("1.0.0", C - 10)));
    verified.put("search", List.of(v("9.9.9", C - 10)));

    TrainCollection.Result r =
        TrainCollection.collect("QA", List.of("web", "payments", "catalog"), CUTOFF, verified);

    // only the named applications, listed by name; "search" is not part of this train
    assertThat(r.components())
        .extracting(TrainComponent::application, TrainComponent::version)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("catalog", "1.0.0"),
            org.assertj.core.groups.Tuple.tuple("web", "3.0.0"));
    assertThat(r.skipped())
        .containsExactly("payments: no version verified in QA before 2026-11-09T00:00:00Z");
  }

  @Test
  void aTieOnVerifiedAtIsBrokenByThePlainVersionStringNotSemVer() {
    TrainCollection.Result r =
        TrainCollection.collect(
            "QA", null, CUTOFF, Map.of("catalog", List.of(v("1.10.0", C - 1), v("1.9.0", C - 1))));
    // string order: "1.9.0" > "1.10.0"; only a total order is needed, not SemVer
    assertThat(r.components()).extracting(TrainComponent::version).containsExactly("1.9.0");
  }

  @Test
  void nothingVerifiedCollectsNothingAndEmptyListsAreSkipped() {
    assertThat(TrainCollection.collect("QA", List.of(), CUTOFF, Map.of()).components()).isEmpty();
    Map<String, List<VerifiedVersion>> verified = new LinkedHashMap<>();
    verified.put("catalog", List.of());
    verified.put("web", null);
    TrainCollection.Result r = TrainCollection.collect("QA", List.of(), CUTOFF, verified);
    assertThat(r.components()).isEmpty();
    assertThat(r.skipped())
        .containsExactly(
            "catalog: no version verified in QA before 2026-11-09T00:00:00Z",
            "web: no version verified in QA before 2026-11-09T00:00:00Z");
  }

  @Test
  void thePolicyNamesTheSourceStageTheComponentsAndTheCutoff() throws Exception {
    String yaml =
        Files.readString(Path.of("..", "config", "pipeline.yaml"))
            .replaceFirst(
                "(?m)^releases:\\n(  .*\\n|\\s*#.*\\n)*",
                "releases:\n  train:\n    cutoff: P7D\n    components: [catalog, payments]\n");
    PipelinePolicy policy = PolicyLoader.load("p.yaml", yaml);
    long cutoff = Instant.parse("2026-11-16T00:00:00Z").toEpochMilli();

    TrainCollection.Result r =
        TrainCollection.collect(
            policy,
            LocalDate.of(2026, 11, 23),
            Map.of(
                "catalog", List.of(v("1.0.0", cutoff - 1), v("1.1.0", cutoff)),
                "web", List.of(v("3.0.0", cutoff - 1))));

    assertThat(r.sourceStage()).isEqualTo("QA");
    assertThat(r.cutoff()).isEqualTo(Instant.parse("2026-11-16T00:00:00Z"));
    assertThat(r.components()).extracting(TrainComponent::version).containsExactly("1.0.0");
    assertThat(r.skipped())
        .containsExactly("payments: no version verified in QA before 2026-11-16T00:00:00Z");
  }

  @Test
  void aVersionWithoutADigestOrAMissingArgumentIsRefused() {
    assertThatThrownBy(() -> new VerifiedVersion("1.0.0", null, 1L, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("digest: required (version 1.0.0)");
    assertThatThrownBy(() -> TrainCollection.collect("QA", List.of(), null, Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("cutoff: required");
    assertThatThrownBy(() -> TrainCollection.collect("QA", List.of(" "), CUTOFF, Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("components: application name required");
  }
}
