package io.promoflow.cli.audit;

import io.promoflow.rules.gates.BuildFacts;
import io.promoflow.rules.gates.EligibilityRequest;
import io.promoflow.rules.gates.GateEvaluation;
import io.promoflow.rules.gates.GateVerdict;
import io.promoflow.rules.gates.RecordedBuilds;
import io.promoflow.rules.gates.RegistryGate;
import io.promoflow.rules.gates.RegistryLookup;
import io.promoflow.rules.gates.RegistryObservation;
import io.promoflow.rules.gates.RuleResult;
import io.promoflow.rules.policy.PipelinePolicy;
import io.promoflow.rules.policy.PolicyLoader;
import io.promoflow.rules.stage.StageLedger;
import io.promoflow.rules.stage.StageLedgerProjection;
import io.promoflow.schemas.builds.BuildsEnvelope;
import io.promoflow.schemas.common.ArtifactRef;
import io.promoflow.schemas.common.EventMetadata;
import io.promoflow.schemas.gates.GateEvaluated;
import io.promoflow.schemas.gates.GateResultsEnvelope;
import io.promoflow.schemas.gates.GatesEvaluated;
import io.promoflow.schemas.policies.PoliciesEnvelope;
import io.promoflow.schemas.policies.PolicyActivated;
import io.promoflow.schemas.requests.PromotionRequested;
import io.promoflow.schemas.requests.PromotionRequestsEnvelope;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;

/**
 * Replays the event topics in the order the events happened (their {@code occurredAt}): rebuilds
 * every application's stage state and re-evaluates every recorded gate decision with its pinned
 * inputs (the request, the recorded build, the stage state at that moment) and the policy it was
 * taken under (by {@code policyDigest}, from {@code promoflow.policies.v1}), using the gate
 * service's own {@link GateEvaluation}. The recorded verdict (each {@code GateEvaluated}, then the
 * {@code GatesEvaluated} summary) is compared whole with the replayed one, and the first difference
 * of each decision is reported.
 */
public final class GateReplay {

  /** Result: decisions re-evaluated, differences found, stage state rebuilt per application. */
  public record Result(int decisions, List<String> differences, Map<String, StageLedger> stages) {}

  private GateReplay() {}

  /** Replays {@code events} (envelopes of any topic, in any order). */
  public static Result replay(List<SpecificRecord> events) {
    // each decision's own results, in the order the gate service wrote them (topic order), whatever
    // their clocks say
    Map<String, List<GateEvaluated>> recordedResults = new HashMap<>();
    for (SpecificRecord e : events) {
      if (e instanceof GateResultsEnvelope g && g.getPayload() instanceof GateEvaluated one) {
        recordedResults
            .computeIfAbsent(g.getMeta().getPromotionId(), id -> new ArrayList<>())
            .add(one);
      }
    }
    List<SpecificRecord> ordered = new ArrayList<>(events);
    ordered.sort(Comparator.comparing(e -> ((EventMetadata) e.get(0)).getOccurredAt()));
    Map<String, PipelinePolicy> policies = new HashMap<>();
    Map<String, StageLedger> ledgers = new HashMap<>();
    Map<String, BuildFacts> builds = new HashMap<>();
    Map<String, PromotionRequested> requests = new HashMap<>();
    List<String> differences = new ArrayList<>();
    int decisions = 0;
    for (SpecificRecord e : ordered) {
      EventMetadata meta = (EventMetadata) e.get(0);
      if (e instanceof PoliciesEnvelope p && p.getPayload() instanceof PolicyActivated activated) {
        policies.putIfAbsent(
            activated.getDigest(),
            PolicyLoader.load(activated.getLocation(), activated.getContent()));
      } else if (e instanceof BuildsEnvelope b) {
        ArtifactRef a = meta.getArtifact();
        String key = BuildFacts.key(a.getApplication(), a.getVersion());
        BuildFacts after = RecordedBuilds.apply(builds.get(key), b);
        if (after != null) {
          builds.put(key, after);
        }
      } else if (e instanceof PromotionRequestsEnvelope r) {
        requests.put(meta.getPromotionId(), (PromotionRequested) r.getPayload());
      } else if (e instanceof GateResultsEnvelope g
          && g.getPayload() instanceof GatesEvaluated recorded) {
        decisions++;
        String difference =
            reevaluate(
                meta,
                recorded,
                recordedResults.getOrDefault(meta.getPromotionId(), List.of()),
                requests.get(meta.getPromotionId()),
                policies.get(meta.getPolicyDigest()),
                ledgers,
                builds);
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

  private static String reevaluate(
      EventMetadata meta,
      GatesEvaluated recorded,
      List<GateEvaluated> recordedResults,
      PromotionRequested request,
      PipelinePolicy policy,
      Map<String, StageLedger> ledgers,
      Map<String, BuildFacts> builds) {
    String who =
        "promotion "
            + meta.getPromotionId()
            + " ("
            + meta.getArtifact().getApplication()
            + " "
            + meta.getArtifact().getVersion()
            + " -> "
            + recorded.getTargetStage()
            + ")";
    if (policy == null) {
      return who + ": policy " + meta.getPolicyDigest() + " is not on the policies topic";
    }
    if (request == null) {
      return who + ": its request is not on the promotion-requests topic";
    }
    ArtifactRef a = meta.getArtifact();
    String app = a.getApplication();
    GateVerdict replayed =
        GateEvaluation.evaluate(
            policy,
            new EligibilityRequest(
                a,
                request.getType(),
                request.getSourceStage(),
                request.getTargetStage(),
                request.getUrgency(),
                builds.get(BuildFacts.key(app, a.getVersion())),
                ledgers.getOrDefault(app, StageLedger.empty(app)),
                meta.getOccurredAt().toEpochMilli(),
                request.getRelease() == null ? null : request.getRelease().getType()),
            version -> builds.get(BuildFacts.key(app, version)),
            recordedRegistry(recordedResults));
    String difference = firstDifference(recorded, recordedResults, replayed);
    return difference == null ? null : who + ": " + difference;
  }

  /**
   * The registry's answer as the gate service recorded it in its {@code registry} result (GitHub
   * issue 18 point 5): the replay decides the gate again from it and never calls a registry. No
   * recorded observation: the replayed gate fails as unchecked, so a record without one differs.
   */
  static RegistryLookup recordedRegistry(List<GateEvaluated> recordedResults) {
    RegistryObservation recorded =
        recordedResults.stream()
            .filter(r -> r.getGate().equals(RegistryGate.NAME))
            .map(r -> RegistryObservation.fromInputs(r.getInputs()))
            .filter(java.util.Objects::nonNull)
            .findFirst()
            .orElse(null);
    return (reference, digest) -> recorded;
  }

  /**
   * The first place where the recorded verdict and the replayed one differ, or null when they
   * agree: each result in order (gate, outcome, score, maximum, critical), then the summary (gate
   * count, failed gates, score, minimum score, outcome). Reasons are not compared: some name
   * durations relative to the moment of evaluation.
   */
  static String firstDifference(
      GatesEvaluated recorded, List<GateEvaluated> recordedResults, GateVerdict replayed) {
    List<RuleResult> results = replayed.results();
    for (int i = 0; i < Math.max(recordedResults.size(), results.size()); i++) {
      String was = i < recordedResults.size() ? describe(recordedResults.get(i)) : "nothing";
      String now = i < results.size() ? describe(results.get(i)) : "nothing";
      if (!was.equals(now)) {
        return "result " + (i + 1) + ": recorded " + was + ", replay gives " + now;
      }
    }
    if (recorded.getGateCount() != results.size()) {
      return "recorded "
          + recorded.getGateCount()
          + " gates in the summary, replay gives "
          + results.size();
    }
    if (!recorded.getFailedGates().equals(replayed.failedGates())) {
      return "recorded failed gates "
          + recorded.getFailedGates()
          + ", replay gives "
          + replayed.failedGates();
    }
    if (!recorded.getFailedCriticalGates().equals(replayed.failedCriticalGates())) {
      return "recorded failed critical gates "
          + recorded.getFailedCriticalGates()
          + ", replay gives "
          + replayed.failedCriticalGates();
    }
    if (recorded.getScorePercent() != replayed.score()) {
      return "recorded score "
          + recorded.getScorePercent()
          + "%, replay gives "
          + replayed.score()
          + "%";
    }
    if (recorded.getMinScorePercent() != replayed.minScore()) {
      return "recorded minimum score "
          + recorded.getMinScorePercent()
          + "%, replay gives "
          + replayed.minScore()
          + "%";
    }
    if (recorded.getOutcome() != replayed.outcome()) {
      return "recorded outcome " + recorded.getOutcome() + ", replay gives " + replayed.outcome();
    }
    return null;
  }

  private static String describe(GateEvaluated r) {
    return r.getGate()
        + " "
        + r.getOutcome()
        + " "
        + r.getScore()
        + "/"
        + r.getMaxScore()
        + (r.getCritical() ? " critical" : "");
  }

  private static String describe(RuleResult r) {
    return r.gate()
        + " "
        + GateVerdict.outcomeOf(r)
        + " "
        + r.score()
        + "/"
        + r.maxScore()
        + (r.critical() ? " critical" : "");
  }
}
