package io.promoflow.rules.gates;

import static org.assertj.core.api.Assertions.assertThat;

import io.promoflow.rules.policy.RegistryPolicy;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The registry gate's pure decision: categories, digest comparison, size, labels, architecture. */
class RegistryGateTest {

  static final String D = "sha256:" + "a".repeat(64);
  static final String OTHER = "sha256:" + "b".repeat(64);
  static final String URI = "oci://registry.example.com:5000/team/inventory@" + D;

  static BuildFacts build(String uri) {
    return new BuildFacts(D, "c".repeat(40), "1", 1, Map.of(), List.of(), uri);
  }

  static RuleResult decide(RegistryPolicy p, String uri, RegistryObservation seen) {
    return RegistryGate.decide(p, build(uri), (ref, digest) -> seen);
  }

  @Test
  void aManifestWithTheRecordedDigestPassesAndRecordsWhatTheRegistrySaid() {
    RuleResult r =
        decide(
            RegistryPolicy.DEFAULT,
            URI,
            RegistryObservation.found(D, 1234L, Map.of("a", "b"), List.of("amd64")));
    assertThat(r.passed()).isTrue();
    assertThat(r.critical()).isTrue();
    assertThat(r.inputs())
        .containsEntry("registry.status", "FOUND")
        .containsEntry("registry.digest", D)
        .containsEntry("registry.sizeBytes", "1234")
        .containsEntry("registry.label.a", "b");
    // the recorded inputs give back the same observation: replay decides without the registry
    assertThat(RegistryObservation.fromInputs(r.inputs()))
        .isEqualTo(RegistryObservation.found(D, 1234L, Map.of("a", "b"), List.of("amd64")));
  }

  @Test
  void anotherDigestFailsWithCategoryRegistry() {
    RuleResult r =
        decide(RegistryPolicy.DEFAULT, URI, RegistryObservation.found(OTHER, 1L, null, List.of()));
    assertThat(r.passed()).isFalse();
    assertThat(r.reason()).startsWith("REGISTRY: ").contains(OTHER).contains(D);
    assertThat(r.inputs()).containsEntry("category", "REGISTRY");
  }

  @Test
  void aMissingManifestAndEveryErrorFailWithTheirCategoryNeverPass() {
    assertThat(decide(RegistryPolicy.DEFAULT, URI, RegistryObservation.notFound("404")))
        .satisfies(r -> assertThat(r.passed()).isFalse())
        .satisfies(
            r -> assertThat(r.reason()).startsWith("REGISTRY: manifest " + D + " not found"));
    for (String category :
        List.of(RegistryObservation.NETWORK, RegistryObservation.AUTHENTICATION, "REGISTRY")) {
      RuleResult r =
          decide(RegistryPolicy.DEFAULT, URI, RegistryObservation.error(category, "no answer"));
      assertThat(r.passed()).as(category).isFalse();
      assertThat(r.inputs()).containsEntry("category", category);
      assertThat(r.reason()).startsWith(category + ": ");
    }
    // nothing observed (a replay without a recorded observation): unchecked, failed
    assertThat(decide(RegistryPolicy.DEFAULT, URI, null).passed()).isFalse();
  }

  @Test
  void sizeLabelsAndArchitectureAreCheckedWhenThePolicyAsks() {
    RegistryPolicy strict =
        new RegistryPolicy(
            true, 1000L, List.of("org.opencontainers.image.source", "tier=web"), "arm64");
    RegistryObservation ok =
        RegistryObservation.found(
            D,
            999L,
            Map.of("org.opencontainers.image.source", "https://x", "tier", "web"),
            List.of("arm64"));
    assertThat(decide(strict, URI, ok).passed()).isTrue();
    RegistryObservation tooBig =
        RegistryObservation.found(D, 1001L, ok.labels(), ok.architectures());
    assertThat(decide(strict, URI, tooBig).reason()).startsWith("VALIDATION: image is 1001 bytes");
    RegistryObservation unknownSize =
        RegistryObservation.found(D, null, ok.labels(), List.of("arm64"));
    assertThat(decide(strict, URI, unknownSize).passed()).isFalse();
    RegistryObservation otherTier =
        RegistryObservation.found(
            D, 1L, Map.of("org.opencontainers.image.source", "x", "tier", "db"), List.of("arm64"));
    assertThat(decide(strict, URI, otherTier).reason()).contains("label tier is db, required web");
    RegistryObservation noLabel =
        RegistryObservation.found(D, 1L, Map.of("tier", "web"), List.of("arm64"));
    assertThat(decide(strict, URI, noLabel).reason())
        .contains("required label org.opencontainers.image.source missing");
    RegistryObservation amd = RegistryObservation.found(D, 1L, ok.labels(), List.of("amd64"));
    assertThat(decide(strict, URI, amd).reason())
        .isEqualTo("VALIDATION: architecture amd64, required arm64");
  }

  @Test
  void aNonOciArtifactIsRecordedAsNotApplicableWithoutAskingTheRegistry() {
    AtomicInteger asked = new AtomicInteger();
    RuleResult r =
        RegistryGate.decide(
            RegistryPolicy.DEFAULT,
            build("https://artifacts.example.com/inventory-1.4.2.jar"),
            (ref, digest) -> {
              asked.incrementAndGet();
              return null;
            });
    assertThat(r.passed()).isTrue();
    assertThat(r.reason()).startsWith("not applicable: ");
    assertThat(r.inputs()).containsEntry("registry.applicable", "false");
    assertThat(asked).hasValue(0);
  }

  @Test
  void aRegistryImageNamedAnyOtherWayFailsInsteadOfPassingAsNotApplicable() {
    for (String uri :
        List.of(
            "registry.example.com/bookverse/inventory@sha256:" + "a".repeat(64),
            "docker://registry.example.com/bookverse/inventory:1.4.2",
            "OCI://registry.example.com/bookverse/inventory@sha256:" + "a".repeat(64),
            "ftp://old.example.com/inventory.jar")) {
      AtomicInteger asked = new AtomicInteger();
      RuleResult r =
          RegistryGate.decide(
              RegistryPolicy.DEFAULT,
              build(uri),
              (ref, digest) -> {
                asked.incrementAndGet();
                return null;
              });
      assertThat(r.passed()).as(uri).isFalse();
      assertThat(r.reason()).as(uri).startsWith("REGISTRY: ");
      assertThat(asked).as(uri).hasValue(0);
    }
  }

  @Test
  void aGitCommitPromotedAsSourceIsNotApplicableButAnImageDigestWithoutUriFails() {
    BuildFacts commit =
        new BuildFacts("sha1:" + "c".repeat(40), "c".repeat(40), "1", 1, Map.of(), List.of(), null);
    RuleResult r = RegistryGate.decide(RegistryPolicy.DEFAULT, commit, RegistryLookup.NONE);
    assertThat(r.passed()).isTrue();
    assertThat(r.inputs()).containsEntry("registry.applicable", "false");
    assertThat(
            RegistryGate.decide(RegistryPolicy.DEFAULT, build(null), RegistryLookup.NONE).reason())
        .startsWith("REGISTRY: the build recorded no artifact uri");
  }

  @Test
  void noUriAMalformedUriOrAUriPinningAnotherDigestFail() {
    assertThat(decide(RegistryPolicy.DEFAULT, null, null).passed()).isFalse();
    assertThat(RegistryGate.decide(RegistryPolicy.DEFAULT, null, RegistryLookup.NONE).passed())
        .isFalse();
    assertThat(decide(RegistryPolicy.DEFAULT, "oci://Bad Host/x", null).reason())
        .contains("malformed");
    RegistryObservation found = RegistryObservation.found(D, 1L, null, List.of());
    assertThat(decide(RegistryPolicy.DEFAULT, "oci://r.example.com/x@" + OTHER, found).reason())
        .contains("the uri pins " + OTHER);
    // a tag is fine: the recorded digest is what is checked
    assertThat(decide(RegistryPolicy.DEFAULT, "oci://r.example.com/x:1.4.2", found).passed())
        .isTrue();
  }

  @Test
  void ociReferencesAreParsed() {
    assertThat(OciReference.parse(URI))
        .contains(new OciReference("registry.example.com:5000", "team/inventory", D));
    assertThat(OciReference.parse("oci://localhost/a/b/c:tag"))
        .contains(new OciReference("localhost", "a/b/c", null));
    assertThat(OciReference.parse("oci://h/../x")).isEmpty();
    assertThat(OciReference.parse("https://h/x")).isEmpty();
  }
}
