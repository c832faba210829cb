package io.promoflow.rules.release.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Shuffling the input (the order of applications and of each application's verified versions) never
 * changes a collection: the coordinator may learn verifications in any order.
 */
class TrainCollectionPropertiesTest {

  private static final Instant CUTOFF = Instant.parse("2026-11-09T00:00:00Z");

  @Provide
  Arbitrary<VerifiedVersion> verified() {
    // few distinct times and versions around the cutoff, so ties and boundaries are common
    return Combinators.combine(
            Arbitraries.of("1.0.0", "1.9.0", "1.10.0", "2.0.0"),
            Arbitraries.of("sha256:a", "sha256:b"),
            Arbitraries.longs().between(-2, 1).map(d -> CUTOFF.toEpochMilli() + d))
        .as((version, digest, at) -> new VerifiedVersion(version, digest, at, Map.of()));
  }

  @Provide
  Arbitrary<Map<String, List<VerifiedVersion>>> platform() {
    return Arbitraries.maps(
            Arbitraries.of("catalog", "inventory", "web", "search", "payments"),
            verified().list().ofMaxSize(6))
        .ofMaxSize(5);
  }

  @Property
  void shufflingTheInputNeverChangesTheOutput(
      @ForAll("platform") Map<String, List<VerifiedVersion>> platform,
      @ForAll long seed,
      @ForAll boolean named) {
    List<String> components = named ? List.of("web", "catalog", "payments") : List.of();
    Random random = new Random(seed);
    List<String> applications = new ArrayList<>(platform.keySet());
    Collections.shuffle(applications, random);
    Map<String, List<VerifiedVersion>> shuffled = new LinkedHashMap<>();
    for (String application : applications) {
      List<VerifiedVersion> versions = new ArrayList<>(platform.get(application));
      Collections.shuffle(versions, random);
      shuffled.put(application, versions);
    }

    TrainCollection.Result original = TrainCollection.collect("QA", components, CUTOFF, platform);
    TrainCollection.Result reordered = TrainCollection.collect("QA", components, CUTOFF, shuffled);

    assertThat(reordered).isEqualTo(original);
    // and every collected version was verified strictly before the cutoff
    assertThat(original.components())
        .allSatisfy(c -> assertThat(c.verifiedAt()).isLessThan(CUTOFF.toEpochMilli()));
  }
}
