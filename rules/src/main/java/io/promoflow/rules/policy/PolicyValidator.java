package io.promoflow.rules.policy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Rules a pipeline policy must follow; every violation names the path of the bad key. */
final class PolicyValidator {

  private static final Set<String> CHANNELS = Set.of("slack", "email", "webhook", "log");
  private static final Set<String> EVENTS =
      Set.of(
          "PromotionStarted",
          "PromotionAwaitingApproval",
          "PromotionScheduled",
          "PromotionBlocked",
          "StagePromoted",
          "PromotionFailed",
          "PromotionOverridden",
          "ApprovalRequested",
          "ApprovalGranted",
          "ApprovalRejected",
          "ApprovalExpired",
          "ApprovalEscalated",
          "ApprovalVoided",
          "ApprovalReminded",
          "ApprovalWithdrawn",
          "ApprovalExtended",
          "VerificationStarted",
          "VerificationPassed",
          "VerificationFailed",
          "VerificationInconclusive",
          "VerificationRerunRequested",
          "MonitoringQueryFailed",
          "RollbackDecided",
          "RollbackUnavailable");

  private PolicyValidator() {}

  static List<String> validate(PipelinePolicy p) {
    List<String> v = new ArrayList<>();
    stages(p, v);
    transitions(p, v);
    hotfix(p, v);
    notifications(p, v);
    releases(p, v);
    positive("gates.factsTimeout", p.gates().factsTimeout(), v);
    return v;
  }

  private static void stages(PipelinePolicy p, List<String> v) {
    if (p.stages().size() < 2) {
      v.add("stages: at least two stages are required");
      return;
    }
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < p.stages().size(); i++) {
      StagePolicy s = p.stages().get(i);
      String path = "stages[" + i + "]";
      if (s.name() == null || !s.name().matches("[A-Z][A-Z0-9_]*")) {
        v.add(path + ".name: must be upper case letters, digits or _ (was " + s.name() + ")");
      } else if (!seen.add(s.name()) || PipelinePolicy.BUILD.equals(s.name())) {
        v.add(path + ".name: " + s.name() + " is used twice or reserved");
      }
      positive(path + ".monitoringWindow", s.monitoringWindow(), v);
      if (s.soakTime().isNegative()) {
        v.add(path + ".soakTime: must not be negative");
      }
      VerificationPolicy vp = s.verification();
      fraction(path + ".verification.minHealthScore", vp.minHealthScore(), v);
      fraction(path + ".verification.maxErrorRate", vp.maxErrorRate(), v);
      for (Map.Entry<String, Integer> w :
          Map.of(
                  "criticalAnomalyWeight",
                  vp.criticalAnomalyWeight(),
                  "lowHealthWeight",
                  vp.lowHealthWeight(),
                  "highImpactWeight",
                  vp.highImpactWeight(),
                  "errorRateWeight",
                  vp.errorRateWeight(),
                  "latencyWeight",
                  vp.latencyWeight(),
                  "rollbackThreshold",
                  vp.rollbackThreshold())
              .entrySet()) {
        percent(path + ".verification." + w.getKey(), w.getValue(), v);
      }
      if (vp.prometheus() != null) {
        positive(path + ".verification.prometheus.interval", vp.prometheus().interval(), v);
        vp.prometheus()
            .signals()
            .forEach(
                (signal, query) -> {
                  if (!PrometheusSignals.SIGNALS.contains(signal)) {
                    v.add(
                        path
                            + ".verification.prometheus.signals."
                            + signal
                            + ": unknown signal (known: "
                            + PrometheusSignals.SIGNALS
                            + ")");
                  } else if (query == null || query.isBlank()) {
                    v.add(
                        path
                            + ".verification.prometheus.signals."
                            + signal
                            + ": empty PromQL query");
                  }
                });
      }
      for (int w = 0; w < s.deploymentWindows().size(); w++) {
        DeploymentWindow dw = s.deploymentWindows().get(w);
        if (!dw.from().isBefore(dw.to())) {
          v.add(path + ".deploymentWindows[" + w + "]: from must be before to");
        }
      }
      for (int f = 0; f < s.freezes().size(); f++) {
        Freeze fr = s.freezes().get(f);
        if (fr.from() == null || fr.to() == null || !fr.from().isBefore(fr.to())) {
          v.add(path + ".freezes[" + f + "]: from and to are required, from before to");
        }
      }
      if (s.rollback().mode() == RollbackPolicy.RollbackMode.approval) {
        approval(path + ".rollback.approval", s.rollback().approval(), v, true);
      }
    }
  }

  private static void transitions(PipelinePolicy p, List<String> v) {
    List<String> names = p.stageNames();
    Set<String> keys = new HashSet<>();
    for (int i = 0; i < p.transitions().size(); i++) {
      TransitionPolicy t = p.transitions().get(i);
      String path =
          "transitions[" + (t.from() != null && t.to() != null ? t.key() : String.valueOf(i)) + "]";
      if (!keys.add(t.key())) {
        v.add(path + ": defined twice");
      }
      if (t.from() == null
          || !(PipelinePolicy.BUILD.equals(t.from()) || names.contains(t.from()))) {
        v.add(
            path
                + ".from: unknown stage "
                + t.from()
                + " (stages: BUILD, "
                + String.join(", ", names)
                + ")");
      }
      if (t.to() == null || !names.contains(t.to())) {
        v.add(path + ".to: unknown stage " + t.to());
      } else if (t.from() != null && !p.previousStage(t.to()).orElse("").equals(t.from())) {
        v.add(
            path
                + ": skips a stage; transitions go from each stage to the next (hotfix paths may skip)");
      }
      percent(path + ".minScore", t.minScore(), v);
      if (t.approval() != null) {
        approval(path + ".approval", t.approval(), v, true);
      }
      executor(path + ".executor", t.executor(), v);
      for (int g = 0; g < t.gates().size(); g++) {
        GatePolicy gate = t.gates().get(g);
        String gp = path + ".gates[" + g + "]";
        if (gate.name() == null || !GatePolicy.NAMES.contains(gate.name())) {
          v.add(
              gp
                  + ".name: unknown gate "
                  + gate.name()
                  + " (known: "
                  + new java.util.TreeSet<>(GatePolicy.NAMES)
                  + ")");
        }
        if (gate.maxScore() < 1 || gate.maxScore() > 1000) {
          v.add(gp + ".maxScore: must be 1..1000");
        }
        java.util.Set<String> knownThresholds =
            GatePolicy.THRESHOLDS.getOrDefault(gate.name(), java.util.Set.of());
        java.util.Set<String> knownWarn =
            GatePolicy.WARN.getOrDefault(gate.name(), java.util.Set.of());
        gate.warn().keySet().stream()
            .filter(k -> GatePolicy.NAMES.contains(gate.name()) && !knownWarn.contains(k))
            .forEach(
                k ->
                    v.add(
                        gp
                            + ".warn."
                            + k
                            + ": not read by "
                            + gate.name()
                            + " (known: "
                            + new java.util.TreeSet<>(knownWarn)
                            + ")"));
        gate.thresholds()
            .forEach(
                (k, value) -> {
                  if (GatePolicy.NAMES.contains(gate.name()) && !knownThresholds.contains(k)) {
                    v.add(
                        gp
                            + ".thresholds."
                            + k
                            + ": not read by "
                            + gate.name()
                            + " (known: "
                            + new java.util.TreeSet<>(knownThresholds)
                            + ")");
                  }
                  if (value == null
                      || value < 0
                      || (k.startsWith("min")
                          && (k.endsWith("Line") || k.endsWith("Branch"))
                          && value > 100)) {
                    v.add(
                        gp
                            + ".thresholds."
                            + k
                            + ": must be 0..100 for percentages and not negative otherwise");
                  }
                });
      }
      if (p.stages().size() >= 2 && p.productionStage().equals(t.to()) && t.approval() == null) {
        v.add(
            path
                + ".approval: required: the production stage "
                + t.to()
                + " is never entered without an approval");
      }
      if (t.to() != null
          && names.contains(t.to())
          && t.trigger() == TransitionPolicy.Trigger.automatic
          && p.changeRequestRequired(t.to())) {
        v.add(
            path
                + ".changeRequest: required needs trigger manual; an automatic request names no"
                + " change request (set changeRequest: optional or trigger: manual)");
      }
      if (t.registry() != null) {
        registry(path + ".registry", t.registry(), v);
      }
      // a person asks for every change of production, and that person cannot approve it (GitHub
      // issue 12, "Authority")
      if (p.stages().size() >= 2
          && p.productionStage().equals(t.to())
          && t.trigger() == TransitionPolicy.Trigger.automatic) {
        v.add(
            path
                + ".trigger: automatic is not allowed into the production stage "
                + t.to()
                + "; use manual (a person requests it)");
      }
    }
    if (p.stages().size() >= 2) {
      for (String stage : names) {
        String from = p.previousStage(stage).orElseThrow();
        if (!keys.contains(from + "->" + stage)) {
          v.add(
              "transitions["
                  + from
                  + "->"
                  + stage
                  + "]: missing; every stage needs a transition into it");
        }
      }
    }
  }

  private static void registry(String path, RegistryPolicy r, List<String> v) {
    if (r.maxSizeBytes() != null && r.maxSizeBytes() <= 0) {
      v.add(path + ".maxSizeBytes: must be positive (bytes)");
    }
    for (int i = 0; i < r.labels().size(); i++) {
      String label = r.labels().get(i);
      if (label == null || label.isBlank() || label.startsWith("=")) {
        v.add(path + ".labels[" + i + "]: a label name, or name=value");
      }
    }
    if (r.architecture() != null && !r.architecture().matches("[a-z0-9_]+")) {
      v.add(path + ".architecture: an OCI architecture such as amd64 or arm64");
    }
  }

  private static void hotfix(PipelinePolicy p, List<String> v) {
    List<String> names = p.stageNames();
    p.hotfix()
        .forEach(
            (urgency, h) -> {
              String path = "hotfix." + urgency;
              if (h.path().size() < 1) {
                v.add(path + ".path: must name at least one stage");
              }
              int last = -1;
              for (int i = 0; i < h.path().size(); i++) {
                int at = names.indexOf(h.path().get(i));
                if (at < 0) {
                  v.add(path + ".path[" + i + "]: unknown stage " + h.path().get(i));
                } else if (at <= last) {
                  v.add(path + ".path[" + i + "]: stages must be in promotion order");
                } else {
                  last = at;
                }
              }
              boolean entersProduction = !names.isEmpty() && h.path().contains(p.productionStage());
              if (entersProduction && h.approval() == null) {
                v.add(path + ".approval: required: the path enters the production stage");
              } else if (h.approval() != null) {
                approval(path + ".approval", h.approval(), v, true);
              }
            });
  }

  private static void releases(PipelinePolicy p, List<String> v) {
    p.releases()
        .types()
        .forEach(
            (type, t) -> {
              String path = "releases.types." + type;
              if (t.validation() != null
                  && !ReleaseType.VALIDATION_LEVELS.contains(t.validation())) {
                v.add(
                    path
                        + ".validation: unknown level "
                        + t.validation()
                        + " (known: "
                        + ReleaseType.VALIDATION_LEVELS
                        + ")");
              }
              if (t.strategy() != null && !ReleaseType.STRATEGIES.contains(t.strategy())) {
                v.add(
                    path
                        + ".strategy: unknown strategy "
                        + t.strategy()
                        + " (known: "
                        + ReleaseType.STRATEGIES
                        + ")");
              }
              if (t.gates() != null) {
                for (int g = 0; g < t.gates().size(); g++) {
                  String name = t.gates().get(g).name();
                  if (name == null || !GatePolicy.NAMES.contains(name)) {
                    v.add(path + ".gates[" + g + "].name: unknown gate " + name);
                  }
                }
              }
              if (t.approval() != null) {
                approval(path + ".approval", t.approval(), v, true);
              }
            });
    TrainPolicy train = p.releases().train();
    positive("releases.train.cadence", train.cadence(), v);
    if (train.cutoff().isNegative()) {
      v.add("releases.train.cutoff: must not be negative");
    }
    if (train.sourceStage() != null && p.stage(train.sourceStage()).isEmpty()) {
      v.add("releases.train.sourceStage: unknown stage " + train.sourceStage());
    }
    Duration last = Duration.ZERO;
    for (Map.Entry<String, Duration> phase : train.phases().entrySet()) {
      if (phase.getValue() == null || phase.getValue().compareTo(last) < 0) {
        v.add(
            "releases.train.phases."
                + phase.getKey()
                + ": offsets must not be negative and must not decrease in phase order");
      } else {
        last = phase.getValue();
      }
    }
  }

  private static void notifications(PipelinePolicy p, List<String> v) {
    List<NotificationPolicy.NotificationRoute> routes = p.notifications().routes();
    for (int i = 0; i < routes.size(); i++) {
      String path = "notifications.routes[" + i + "]";
      NotificationPolicy.NotificationRoute r = routes.get(i);
      if (r.channels().isEmpty()) {
        v.add(path + ".channels: at least one of " + CHANNELS);
      }
      for (int c = 0; c < r.channels().size(); c++) {
        if (!CHANNELS.contains(r.channels().get(c))) {
          v.add(
              path
                  + ".channels["
                  + c
                  + "]: unknown channel "
                  + r.channels().get(c)
                  + " (known: "
                  + CHANNELS
                  + ")");
        }
      }
      for (int e = 0; e < r.events().size(); e++) {
        if (!EVENTS.contains(r.events().get(e))) {
          v.add(path + ".events[" + e + "]: unknown event type " + r.events().get(e));
        }
      }
      for (int st = 0; st < r.stages().size(); st++) {
        if (!p.stageNames().contains(r.stages().get(st))) {
          v.add(path + ".stages[" + st + "]: unknown stage " + r.stages().get(st));
        }
      }
      for (int m = 0; m < r.recipients().size(); m++) {
        if (!r.recipients().get(m).matches("[^@\\s]+@[^@\\s]+")) {
          v.add(path + ".recipients[" + m + "]: not an e-mail address: " + r.recipients().get(m));
        }
      }
    }
  }

  private static void executor(String path, ExecutorPolicy e, List<String> v) {
    if (!Set.of("record", "webhook").contains(e.type())) {
      v.add(path + ".type: unknown executor " + e.type() + " (known: record, webhook)");
      return;
    }
    if (e.immediate()) {
      return;
    }
    if (e.url() == null || !e.url().matches("https?://\\S+")) {
      v.add(path + ".url: a webhook executor needs an http(s) URL (was " + e.url() + ")");
    }
    positive(path + ".attemptTimeout", e.attemptTimeout(), v);
    positive(path + ".initialBackoff", e.initialBackoff(), v);
    if (e.maxAttempts() < 1 || e.maxAttempts() > 20) {
      v.add(path + ".maxAttempts: must be 1..20");
    }
    if (e.backoffMultiplier() < 1) {
      v.add(path + ".backoffMultiplier: must be at least 1.0");
    }
    fraction(path + ".jitter", e.jitter(), v);
  }

  private static void approval(String path, ApprovalPolicy a, List<String> v, boolean required) {
    if (a == null) {
      if (required) {
        v.add(path + ": required");
      }
      return;
    }
    if (a.roles().isEmpty() && a.allOf().isEmpty()) {
      v.add(path + ".roles: at least one role (or allOf)");
    }
    if (!a.roles().isEmpty() && (a.quorum() < 1 || a.quorum() > 20)) {
      v.add(path + ".quorum: must be 1..20");
    }
    a.allOf()
        .forEach(
            (role, count) -> {
              if (count == null || count < 1) {
                v.add(path + ".allOf." + role + ": must be at least 1");
              }
            });
    if (a.sequential() && a.allOf().size() < 2) {
      v.add(path + ".sequential: needs at least two roles in allOf");
    }
    positive(path + ".timeout", a.timeout(), v);
    fraction(path + ".reminderAt", a.reminderAt(), v);
    if (a.onTimeout() == ApprovalPolicy.OnTimeout.escalate && a.escalationRole() == null) {
      v.add(path + ".escalationRole: required when onTimeout is escalate");
    }
  }

  private static void positive(String path, Duration d, List<String> v) {
    if (d == null || d.isZero() || d.isNegative()) {
      v.add(path + ": must be a positive ISO-8601 duration such as PT10M (was " + d + ")");
    }
  }

  private static void fraction(String path, Double value, List<String> v) {
    if (value == null || value < 0 || value > 1) {
      v.add(path + ": must be 0.0..1.0");
    }
  }

  private static void percent(String path, Integer value, List<String> v) {
    if (value == null || value < 0 || value > 100) {
      v.add(path + ": must be 0..100");
    }
  }
}
