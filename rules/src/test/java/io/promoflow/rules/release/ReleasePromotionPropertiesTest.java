package io.promoflow.rules.release;

import static org.assertj.core.api.Assertions.assertThat;

import io.promoflow.rules.keys.ReleaseIds;
import io.promoflow.rules.policy.PipelinePolicy;
import io.promoflow.rules.policy.PolicyLoader;
import io.promoflow.schemas.common.ArtifactRef;
import io.promoflow.schemas.common.EventMetadata;
import io.promoflow.schemas.releases.ReleaseComponent;
import io.promoflow.schemas.releases.ReleaseCreated;
import io.promoflow.schemas.releases.ReleasePromotionRequested;
import io.promoflow.schemas.releases.ReleasePromotionStarted;
import io.promoflow.schemas.releases.ReleasesEnvelope;
import io.promoflow.schemas.verifications.VerificationFailed;
import io.promoflow.schemas.verifications.VerificationInconclusive;
import io.promoflow.schemas.verifications.VerificationPassed;
import io.promoflow.schemas.verifications.VerificationsEnvelope;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The guarantee of the release gates (GitHub issue 18 point 1): a release promotion never starts
 * (no {@code ReleasePromotionStarted}, no component {@code PromotionRequested}) unless every
 * component was verified in the source stage with the digest the release recorded, whatever
 * verifications arrive (other digests, other stages, failed, inconclusive, none), in whatever order
 * around the request, and whenever the facts timeout strikes.
 */
class ReleasePromotionPropertiesTest {

  static final PipelinePolicy POLICY = policy();
  static final List<String> APPS = List.of("inventory", "orders", "payments", "search");

  static PipelinePolicy policy() {
    try {
      return PolicyLoader.load(
          "local", Files.readString(Path.of("..", "config", "pipeline-local.yaml")));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  static String digest(int n) {
    return "sha256:" + String.valueOf(n % 10).repeat(64);
  }

  /** One verification fact: which component, which stage, which digest, which outcome. */
  record Fact(int component, boolean sourceStage, boolean recordedDigest, int outcome) {}

  @Provide
  Arbitrary<List<Fact>> facts() {
    return Combinators.combine(
            Arbitraries.integers().between(0, 3),
            Arbitraries.of(true, true, true, false),
            Arbitraries.of(true, true, true, false),
            Arbitraries.integers().between(0, 4))
        .as(Fact::new)
        .list()
        .ofMaxSize(10);
  }

  @Property(tries = 500)
  void aReleasePromotionNeverStartsUnlessEveryComponentIsVerifiedInTheSourceStage(
      @ForAll("facts") List<Fact> facts,
      @ForAll int requestAt,
      @ForAll boolean timeout,
      @ForAll("size") int size) {
    int before = Math.floorMod(requestAt, facts.size() + 1);
    ReleaseCoordinator coordinator = new ReleaseCoordinator(POLICY, "trigger-service");
    MemoryState state = new MemoryState();
    String releaseId = ReleaseIds.of("2026.47.0");
    List<ReleaseComponent> components = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      components.add(new ReleaseComponent(APPS.get(i), "1." + i + ".0", digest(i), Map.of()));
    }
    long t = 1_000_000;
    coordinator.onRelease(
        release(
            t,
            new ReleaseCreated(
                releaseId,
                "2026.47.0",
                "PLATFORM_MINOR",
                "standard",
                "rolling",
                false,
                null,
                components,
                "dev",
                null)),
        state);
    // verified (with the recorded digest, in QA, PASSED), as delivered so far
    Set<Integer> verified = new HashSet<>();
    boolean started = false;
    for (int i = 0; i <= facts.size(); i++) {
      if (i == before) {
        t += 1;
        started |=
            starts(
                coordinator.onRelease(
                    release(
                        t, new ReleasePromotionRequested(releaseId, "QA", "STAGING", "dev", null)),
                    state),
                verified,
                size);
      }
      if (i == facts.size()) {
        break;
      }
      Fact f = facts.get(i);
      if (f.component() >= size) {
        continue;
      }
      t += 1;
      ReleaseComponent c = components.get(f.component());
      String stage = f.sourceStage() ? "QA" : "DEV";
      String d = f.recordedDigest() ? c.getDigest() : digest(f.component() + 5);
      if (f.sourceStage() && f.recordedDigest()) {
        if (f.outcome() <= 1) {
          verified.add(f.component());
        } else {
          verified.remove(f.component());
        }
      }
      started |=
          starts(
              coordinator.onVerification(
                  verification(t, c.getApplication(), c.getVersion(), d, stage, f.outcome()),
                  state),
              verified,
              size);
    }
    if (timeout) {
      started |=
          starts(
              coordinator.onTime(t + POLICY.gates().factsTimeout().toMillis() + 1, state),
              verified,
              size);
    }
    if (started) {
      assertThat(state.releases.get(releaseId).latest().orElseThrow().components()).hasSize(size);
    }
  }

  @Provide
  Arbitrary<Integer> size() {
    return Arbitraries.integers().between(1, 4);
  }

  /** Whether {@code out} starts the promotion; asserts that it may. */
  static boolean starts(List<ReleaseCoordinator.Emit> out, Set<Integer> verified, int size) {
    boolean started =
        out.stream()
            .anyMatch(
                e ->
                    e instanceof ReleaseCoordinator.Request
                        || e instanceof ReleaseCoordinator.ReleaseEvent r
                            && r.payload() instanceof ReleasePromotionStarted);
    if (started) {
      for (int i = 0; i < size; i++) {
        assertThat(verified)
            .as("component %d verified in QA with its recorded digest before the start", i)
            .contains(i);
      }
    }
    return started;
  }

  static ReleasesEnvelope release(long at, Object payload) {
    return new ReleasesEnvelope(meta(at, null), payload);
  }

  static VerificationsEnvelope verification(
      long at, String app, String version, String digest, String stage, int outcome) {
    Object payload =
        switch (outcome) {
          case 0, 1 ->
              VerificationPassed.newBuilder()
                  .setStage(stage)
                  .setWindowStartedAt(Instant.ofEpochMilli(at))
                  .build();
          case 2 -> new VerificationFailed(stage, 80, List.of("errors"));
          default ->
              new VerificationInconclusive(stage, Instant.ofEpochMilli(at), List.of("no data"));
        };
    return new VerificationsEnvelope(meta(at, new ArtifactRef(app, version, digest)), payload);
  }

  static EventMetadata meta(long at, ArtifactRef artifact) {
    return EventMetadata.newBuilder()
        .setEventId(UUID.randomUUID().toString())
        .setOccurredAt(Instant.ofEpochMilli(at))
        .setActor("t")
        .setSource("t")
        .setArtifact(artifact)
        .build();
  }
}
