package io.promoflow.cli.audit;

import io.promoflow.gate.eligibility.BuildFacts;
import io.promoflow.gate.eligibility.EligibilityRequest;
import io.promoflow.gate.eligibility.EligibilityRules;
import io.promoflow.gate.eligibility.RuleResult;
import io.promoflow.platform.policy.PipelinePolicy;
import io.promoflow.platform.policy.PolicyLoader;
import io.promoflow.platform.stage.StageLedger;
import io.promoflow.platform.stage.StageLedgerProjection;
import io.promoflow.schemas.builds.BuildCompleted;
import io.promoflow.schemas.builds.BuildsEnvelope;
import io.promoflow.schemas.common.ArtifactRef;
import io.promoflow.schemas.common.EventMetadata;
import io.promoflow.schemas.gates.GateResultsEnvelope;
import io.promoflow.schemas.gates.GatesEvaluated;
import io.promoflow.schemas.policies.PoliciesEnvelope;
import io.promoflow.schemas.policies.PolicyActivated;
import io.promoflow.schemas.requests.PromotionRequested;
import io.promoflow.schemas.requests.PromotionRequestsEnvelope;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;

/**
 * Replays the event topics in the order the events happened (their {@code occurredAt}): rebuilds every
 * application's stage state and re-evaluates every recorded gate decision with its pinned inputs (the request, the
 * recorded build, the stage state at that moment) and the policy it was taken under (by {@code policyDigest}, from
 * {@code promoflow.policies.v1}), reporting every difference.
 */
public final class GateReplay {

  /** Result: decisions re-evaluated, differences found, stage state rebuilt per application. */
  public record Result(int decisions, List<String> differences, Map<String, StageLedger> stages) {
  }

  private GateReplay() {
  }

  /** Replays {@code events} (envelopes of any topic, in any order). */
  public static Result replay(List<SpecificRecord> events) {
    List<SpecificRecord> ordered = new ArrayList<>(events);
    ordered.sort(java.util.Comparator.comparing(e -> ((EventMetadata) e.get(0)).getOccurredAt()));
    Map<String, PipelinePolicy> policies = new HashMap<>();
    Map<String, StageLedger> ledgers = new HashMap<>();
    Map<String, BuildFacts> builds = new HashMap<>();
    Map<String, PromotionRequested> requests = new HashMap<>();
    List<String> differences = new ArrayList<>();
    int decisions = 0;
    for (SpecificRecord e : ordered) {
      EventMetadata meta = (EventMetadata) e.get(0);
      if (e instanceof PoliciesEnvelope p && p.getPayload() instanceof PolicyActivated activated) {
        policies.putIfAbsent(activated.getDigest(), PolicyLoader.load(activated.getLocation(), activated.getContent()));
      } else if (e instanceof BuildsEnvelope b && b.getPayload() instanceof BuildCompleted build) {
        ArtifactRef a = meta.getArtifact();
        builds.putIfAbsent(BuildFacts.key(a.getApplication(), a.getVersion()), new BuildFacts(a.getDigest(), build.getSourceCommit(),
            build.getPipelineRunId(), build.getBuildFinishedAt().toEpochMilli()).withEvidence(build.getEvidence()));
      } else if (e instanceof BuildsEnvelope b && b.getPayload() instanceof io.promoflow.schemas.builds.EvidenceSubmitted more) {
        ArtifactRef a = meta.getArtifact();
        builds.computeIfPresent(BuildFacts.key(a.getApplication(), a.getVersion()), (k, known) -> known.digest().equals(a.getDigest())
            ? known.withEvidence(more.getEvidence()) : known);
      } else if (e instanceof PromotionRequestsEnvelope r) {
        requests.put(meta.getPromotionId(), (PromotionRequested) r.getPayload());
      } else if (e instanceof GateResultsEnvelope g && g.getPayload() instanceof GatesEvaluated recorded) {
        decisions++;
        String difference = reevaluate(meta, recorded, requests.get(meta.getPromotionId()), policies.get(meta.getPolicyDigest()),
            ledgers, builds);
        if (difference != null) {
          differences.add(difference);
        }
      } else if (meta.getArtifact() != null) {
        String app = meta.getArtifact().getApplication();
        StageLedger before = ledgers.getOrDefault(app, StageLedger.empty(app));
        ledgers.put(app, StageLedgerProjection.apply(before, e));
      }
    }
    return new Result(decisions, differences, ledgers);
  }

  private static String reevaluate(EventMetadata meta, GatesEvaluated recorded, PromotionRequested request,
      PipelinePolicy policy, Map<String, StageLedger> ledgers, Map<String, BuildFacts> builds) {
    String who = "promotion " + meta.getPromotionId() + " (" + meta.getArtifact().getApplication() + " "
        + meta.getArtifact().getVersion() + " -> " + recorded.getTargetStage() + ")";
    if (policy == null) {
      return who + ": policy " + meta.getPolicyDigest() + " is not on the policies topic";
    }
    if (request == null) {
      return who + ": its request is not on the promotion-requests topic";
    }
    ArtifactRef a = meta.getArtifact();
    String app = a.getApplication();
    BuildFacts build = builds.get(BuildFacts.key(app, a.getVersion()));
    List<RuleResult> results = new ArrayList<>(new EligibilityRules(policy).evaluate(new EligibilityRequest(a,
        request.getType(), request.getSourceStage(), request.getTargetStage(), request.getUrgency(), build,
        ledgers.getOrDefault(app, StageLedger.empty(app)), meta.getOccurredAt().toEpochMilli())));
    if (results.stream().allMatch(RuleResult::passed)) {
      StageLedger stages = ledgers.getOrDefault(app, StageLedger.empty(app));
      BuildFacts inTarget = stages.in(request.getTargetStage()).map(slot -> builds.get(BuildFacts.key(app, slot.version())))
          .orElse(null);
      results.addAll(io.promoflow.gate.eligibility.QualityGates.evaluate(io.promoflow.gate.eligibility.QualityGates
          .forRequest(policy, request.getType(), request.getUrgency(), request.getTargetStage()), build, inTarget,
          meta.getOccurredAt().atZone(java.time.ZoneOffset.UTC).toLocalDate()));
    }
    List<String> failed = results.stream().filter(r -> !r.passed()).map(RuleResult::gate).toList();
    if (!failed.equals(recorded.getFailedGates())) {
      return who + ": recorded failed gates " + recorded.getFailedGates() + ", replay gives " + failed;
    }
    return null;
  }
}
