package io.promoflow.benchmarks;

import io.promoflow.cli.demo.DemoEvidence;
import io.promoflow.rules.gates.BuildFacts;
import io.promoflow.rules.gates.EligibilityRequest;
import io.promoflow.rules.gates.GateEvaluation;
import io.promoflow.rules.gates.GateVerdict;
import io.promoflow.rules.gates.RuleResult;
import io.promoflow.rules.policy.PipelinePolicy;
import io.promoflow.rules.policy.PolicyLoader;
import io.promoflow.rules.stage.StageLedger;
import io.promoflow.schemas.AuditHashes;
import io.promoflow.schemas.Digests;
import io.promoflow.schemas.common.ArtifactRef;
import io.promoflow.schemas.requests.PromotionType;
import io.promoflow.trigger.domain.EvidenceFormat;
import io.promoflow.trigger.domain.EvidenceMetrics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * JMH benchmarks of the hot in-process steps (GitHub issue 15): SBOM parse + gates, a gate verdict
 * under the local policy, audit hashing. Average time per operation; {@link Bench} runs them in its
 * own process (forks 0).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
public class InProcessBenchmarks {

  byte[] sbom;
  PipelinePolicy policy;
  EligibilityRequest devToQa;
  String previousHash;
  String auditContent;
  byte[] kilobyte;

  /**
   * The 5 MB SBOM, the local policy and a DEV → QA request with the demo build's real evidence
   * metrics.
   */
  @Setup
  public void setUp() {
    sbom = Sboms.of(5 * 1024 * 1024);
    try {
      policy = PolicyLoader.load("pipeline-local.yaml", Files.readString(Home.policyFile()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Map<String, Double> metrics = new LinkedHashMap<>();
    List<String> refs = new ArrayList<>();
    DemoEvidence.documents()
        .forEach(
            (format, content) -> {
              byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
              EvidenceMetrics.of(EvidenceFormat.of(format).orElseThrow(), bytes)
                  .forEach((k, v) -> metrics.merge(k, v, Double::sum));
              refs.add(format + ":" + Digests.sha256Hex(bytes));
            });
    String digest = "sha256:" + "a".repeat(64);
    long now = 1_800_000_000_000L;
    BuildFacts build = new BuildFacts(digest, "c".repeat(40), "bench", now - 60_000, metrics, refs);
    StageLedger ledger =
        StageLedger.empty("bench")
            .promoted("DEV", "1.0.0", digest, "p-1", now - 10_000)
            .verificationPassed("DEV", "1.0.0", digest, now - 5_000);
    devToQa =
        new EligibilityRequest(
            new ArtifactRef("bench", "1.0.0", digest),
            PromotionType.AUTOMATIC,
            "DEV",
            "QA",
            null,
            build,
            ledger,
            now);
    previousHash = AuditHashes.hash(null, "first");
    auditContent =
        "{\"meta\": {\"eventId\": \"e-1\", \"occurredAt\": \"2026-11-20T10:00:00Z\", \"promotionId\": "
            + "\"p-1\", \"actor\": \"promotion-service\", \"artifact\": {\"application\": \"inventory\", \"version\": "
            + "\"1.0.0\", \"digest\": \"sha256:"
            + "a".repeat(64)
            + "\"}}, \"payload\": {\"type\": \"AUTOMATIC\", "
            + "\"targetStage\": \"QA\", \"requestedBy\": \"ci\"}}";
    kilobyte = "x".repeat(1024).getBytes(StandardCharsets.UTF_8);
  }

  /** Trigger parse of a 5 MB CycloneDX SBOM into metrics, then the three SBOM gates. */
  @Benchmark
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public List<RuleResult> sbomParseAndGates() {
    return SbomGates.evaluate(sbom);
  }

  /**
   * One gate verdict: eligibility rules, then the DEV → QA gates of the local policy, score and
   * outcome.
   */
  @Benchmark
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public GateVerdict policyEvaluation() {
    return GateEvaluation.evaluate(
        policy, devToQa, version -> null, io.promoflow.rules.gates.RegistryLookup.NONE);
  }

  /** One link of the audit hash chain ({@link AuditHashes}) over a ~400-byte record. */
  @Benchmark
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public String auditHash() {
    return AuditHashes.hash(previousHash, auditContent);
  }

  /** sha256 of 1 KiB ({@link Digests}), as evidence and policy digests are computed. */
  @Benchmark
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public String sha256OfOneKilobyte() {
    return Digests.sha256Hex(kilobyte);
  }
}
