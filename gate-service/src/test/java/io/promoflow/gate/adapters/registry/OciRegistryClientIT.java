package io.promoflow.gate.adapters.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.promoflow.rules.gates.BuildFacts;
import io.promoflow.rules.gates.OciReference;
import io.promoflow.rules.gates.RegistryGate;
import io.promoflow.rules.gates.RegistryObservation;
import io.promoflow.rules.gates.RuleResult;
import io.promoflow.rules.policy.RegistryPolicy;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The registry gate against a real registry (GitHub issue 18 point 5): Debian's {@code
 * docker-registry} started here on free ports, one open and one behind htpasswd, an OCI image
 * pushed into each with the registry API. Skipped when the binary is absent.
 */
class OciRegistryClientIT {

  static final String REPO = "bookverse/inventory";
  static LocalRegistry open;
  static LocalRegistry secured;
  static String digest;
  static String securedDigest;

  @BeforeAll
  static void start() throws Exception {
    assumeTrue(
        Files.isExecutable(LocalRegistry.BINARY), "docker-registry is not installed: skipped");
    open = new LocalRegistry(null, null);
    digest = open.pushImage(REPO, "1.4.2");
    secured = new LocalRegistry("ci", "s3cret-pass");
    securedDigest = secured.pushImage(REPO, "1.4.2");
  }

  @AfterAll
  static void stop() throws Exception {
    if (open != null) {
      open.close();
    }
    if (secured != null) {
      secured.close();
    }
  }

  static OciRegistryClient client(String host, RegistryProperties.Host settings) {
    return new OciRegistryClient(new RegistryProperties(Map.of(host, settings)));
  }

  static RegistryProperties.Host plain(String user, String password) {
    return new RegistryProperties.Host(user, password, null, true, Duration.ofSeconds(5));
  }

  static RuleResult gate(RegistryPolicy policy, String uri, String recorded, OciRegistryClient c) {
    return RegistryGate.decide(
        policy, new BuildFacts(recorded, "c".repeat(40), "1", 1, Map.of(), List.of(), uri), c);
  }

  @Test
  void theRecordedDigestOfAPushedImagePassesWithWhatTheRegistrySaidRecorded() {
    OciRegistryClient c = client(open.host(), plain(null, null));
    RegistryObservation seen = c.observe(new OciReference(open.host(), REPO, null), digest);
    assertThat(seen)
        .isEqualTo(
            RegistryObservation.found(
                digest,
                open.imageSize,
                Map.of("org.opencontainers.image.source", "https://github.com/promoflow/demo"),
                List.of("amd64")));
    RuleResult r =
        gate(
            new RegistryPolicy(
                true, 1_000_000L, List.of("org.opencontainers.image.source"), "amd64"),
            "oci://" + open.host() + "/" + REPO + "@" + digest,
            digest,
            c);
    assertThat(r.passed()).as(r.reason()).isTrue();
    assertThat(r.inputs()).containsEntry("registry.digest", digest);
    // the architecture check reads the config the registry holds
    assertThat(
            gate(
                    new RegistryPolicy(true, null, List.of(), "arm64"),
                    "oci://" + open.host() + "/" + REPO,
                    digest,
                    c)
                .reason())
        .isEqualTo("VALIDATION: architecture amd64, required arm64");
  }

  @Test
  void anotherDigestAndAnUnknownRepositoryFailWithCategoryRegistry() {
    OciRegistryClient c = client(open.host(), plain(null, null));
    String other = "sha256:" + "0".repeat(64);
    RuleResult otherDigest =
        gate(RegistryPolicy.DEFAULT, "oci://" + open.host() + "/" + REPO, other, c);
    assertThat(otherDigest.passed()).isFalse();
    assertThat(otherDigest.inputs()).containsEntry("category", "REGISTRY");
    assertThat(otherDigest.reason()).contains("not found");
    RuleResult unknownRepo =
        gate(RegistryPolicy.DEFAULT, "oci://" + open.host() + "/bookverse/nothing-here", digest, c);
    assertThat(unknownRepo.passed()).isFalse();
    assertThat(unknownRepo.inputs())
        .containsEntry("category", "REGISTRY")
        .containsEntry("registry.status", "NOT_FOUND");
  }

  @Test
  void wrongOrMissingCredentialsFailWithCategoryAuthenticationAndRightOnesPass() {
    String uri = "oci://" + secured.host() + "/" + REPO + "@" + securedDigest;
    RuleResult wrong =
        gate(
            RegistryPolicy.DEFAULT,
            uri,
            securedDigest,
            client(secured.host(), plain("ci", "wrong")));
    assertThat(wrong.passed()).isFalse();
    assertThat(wrong.inputs()).containsEntry("category", "AUTHENTICATION");
    assertThat(wrong.reason()).doesNotContain("wrong").doesNotContain("s3cret");
    RuleResult anonymous =
        gate(RegistryPolicy.DEFAULT, uri, securedDigest, client(secured.host(), plain(null, null)));
    assertThat(anonymous.inputs()).containsEntry("category", "AUTHENTICATION");
    RuleResult right =
        gate(
            RegistryPolicy.DEFAULT,
            uri,
            securedDigest,
            client(secured.host(), plain("ci", "s3cret-pass")));
    assertThat(right.passed()).as(right.reason()).isTrue();
  }

  @Test
  void anUnreachableRegistryFailsWithCategoryNetwork() throws Exception {
    String host = "127.0.0.1:" + LocalRegistry.freePort();
    RuleResult r =
        gate(
            RegistryPolicy.DEFAULT,
            "oci://" + host + "/" + REPO,
            digest,
            client(host, plain(null, null)));
    assertThat(r.passed()).isFalse();
    assertThat(r.inputs()).containsEntry("category", "NETWORK");
  }

  @Test
  void aRegistryCiNamesButTheGateDoesNotListIsNotAsked() {
    // the image exists there with the right digest, but the registry is not a trusted one
    RuleResult r =
        gate(
            RegistryPolicy.DEFAULT,
            "oci://" + open.host() + "/" + REPO + "@" + digest,
            digest,
            client("registry.example.com", plain(null, null)));
    assertThat(r.passed()).isFalse();
    assertThat(r.inputs()).containsEntry("category", "AUTHENTICATION");
    assertThat(r.reason()).contains("not a trusted registry");
  }
}
