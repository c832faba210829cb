package io.promoflow.promotion.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.promoflow.rules.policy.ApprovalPolicy;
import io.promoflow.rules.policy.PipelinePolicy;
import io.promoflow.rules.policy.PolicyLoader;
import io.promoflow.rules.policy.RollbackPolicy;
import io.promoflow.rules.policy.TransitionPolicy;
import io.promoflow.rules.stage.StageLedger;
import io.promoflow.schemas.ApprovalIds;
import io.promoflow.schemas.approvals.ApprovalExpired;
import io.promoflow.schemas.approvals.ApprovalRejected;
import io.promoflow.schemas.gates.GateOutcome;
import io.promoflow.schemas.gates.GatesEvaluated;
import io.promoflow.schemas.promotions.PromotionAttempted;
import io.promoflow.schemas.promotions.PromotionExecuting;
import io.promoflow.schemas.promotions.StagePromoted;
import io.promoflow.schemas.requests.PromotionType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.statistics.Statistics;

/**
 * Issue 12 point 1, stateful: generated sequences of requests of every type by random identities
 * (admins and commit authors included), builds, gate evaluations, grants (valid and forged),
 * rejections, expiries, escalations, overrides (FORCE, SCHEDULE) by random admins, executor
 * attempts and clock ticks across a production freeze, run against the real {@link
 * PromotionStateMachine} under the shipped {@code config/pipeline.yaml} (plus a freeze and a
 * webhook executor into PROD). After every step: no {@code StagePromoted} or {@code
 * PromotionExecuting} into a stage that requires approval unless a grant delivered for that
 * promotion meets the rule — checked by an oracle written here, independently of {@link
 * AuthorityCheck} and {@link ApprovalRequirement}.
 */
class AuthorityPropertiesTest {

  static final long T0 = Instant.parse("2026-06-01T00:00:00Z").toEpochMilli();
  static final List<String> PEOPLE =
      List.of("dev", "rita", "lena", "root", "carol", "tess", "owen", "ona");
  static final List<String> ADMINS = List.of("root", "rita", "dev");
  static final List<String> ROLES =
      List.of(
          "release-manager",
          "platform-lead",
          "team-lead",
          "platform-owner",
          "on-call",
          "developer");
  static final List<String> IDS = List.of("p0", "p1");
  static final List<String> VERSIONS = List.of("1.0.0", "2.0.0");
  static final List<String> AUTHORS =
      List.of("carol@example.com", "Rita R <RITA@example.com>", "tess@example.com");

  /** {type, source, target, urgency}: the steps the generator requests. */
  static final List<String[]> STEPS =
      List.of(
          new String[] {"AUTOMATIC", null, "DEV", null},
          new String[] {"AUTOMATIC", "DEV", "QA", null},
          new String[] {"AUTOMATIC", "QA", "STAGING", null},
          new String[] {"MANUAL", "STAGING", "PROD", null},
          new String[] {"SCHEDULED", "STAGING", "PROD", null},
          new String[] {"AUTOMATIC", "STAGING", "PROD", null},
          new String[] {"HOTFIX", "DEV", "PROD", "CRITICAL"},
          new String[] {"HOTFIX", "STAGING", "PROD", "HIGH"},
          new String[] {"HOTFIX", "DEV", "STAGING", "HIGH"},
          new String[] {"HOTFIX", "STAGING", "PROD", "LOW"},
          new String[] {"HOTFIX", "STAGING", "PROD", null},
          new String[] {"ROLLBACK", null, "PROD", null},
          new String[] {"ROLLBACK", null, "STAGING", null},
          new String[] {"ROLLBACK", null, "QA", null},
          new String[] {"MANUAL", "DEV", "PROD", null});

  static PipelinePolicy policy;

  @BeforeContainer
  static void load() throws Exception {
    io.promoflow.schemas.AvroTrust.ensure();
    String yaml = Files.readString(Path.of("../config/pipeline.yaml"));
    String prodApproval =
        "    approval: {roles: [release-manager, platform-lead], quorum: 1, timeout: PT24H, "
            + "escalationRole: platform-lead}\n";
    String withExtras =
        yaml.replace(
                prodApproval,
                prodApproval + "    executor: {type: webhook, url: 'http://deploy:8080/hook'}\n")
            .replace(
                "  - name: PROD\n",
                "  - name: PROD\n    freezes:\n      - {from: '"
                    + Instant.ofEpochMilli(T0 + 10_000)
                    + "', to: '"
                    + Instant.ofEpochMilli(T0 + 20_000)
                    + "', reason: test freeze}\n");
    assertThat(withExtras).contains("deploy:8080").contains("test freeze");
    policy = PolicyLoader.load("pipeline.yaml+test", withExtras);
  }

  /** One generated step; fields unused by a kind are ignored. */
  record Action(String kind, String id, int pick, String person, String other, int flags, int ms) {

    @Override
    public String toString() {
      return kind
          + "("
          + id
          + ", pick="
          + pick
          + ", "
          + person
          + ", "
          + other
          + ", flags="
          + flags
          + ", +"
          + ms
          + "ms)";
    }
  }

  @Provide
  Arbitrary<List<Action>> histories() {
    Arbitrary<String> kinds =
        Arbitraries.frequency(
            Tuple.of(3, "REQUEST"),
            Tuple.of(2, "BUILD"),
            Tuple.of(3, "GATES"),
            Tuple.of(6, "GRANT"),
            Tuple.of(1, "REJECT"),
            Tuple.of(1, "EXPIRE"),
            Tuple.of(2, "FORCE"),
            Tuple.of(2, "SCHEDULE"),
            Tuple.of(1, "ESCALATE"),
            Tuple.of(2, "ATTEMPT"),
            Tuple.of(2, "TICK"));
    Arbitrary<Action> action =
        Combinators.combine(
                kinds,
                Arbitraries.of(IDS),
                Arbitraries.integers().between(0, 1_000),
                Arbitraries.of(PEOPLE),
                Arbitraries.of(PEOPLE),
                Arbitraries.integers().between(0, 1 << 12),
                Arbitraries.integers().between(0, 9_000))
            .as(Action::new);
    // most histories start with the builds recorded and a promotion requested and evaluated, so
    // that grants matter
    Arbitrary<List<Action>> prefix =
        Combinators.combine(
                Arbitraries.integers().between(0, 1_000),
                Arbitraries.integers().between(0, 1 << 12),
                Arbitraries.of(PEOPLE),
                Arbitraries.of(0, 0, 1, 2))
            .as(
                (pick, flags, person, gate) ->
                    List.of(
                        new Action("BUILD", "p0", 0, person, person, flags, 0),
                        new Action("BUILD", "p0", 1, person, person, flags >> 2, 0),
                        new Action("REQUEST", "p0", pick, person, person, flags, 0),
                        new Action("GATES", "p0", gate, person, person, flags, 0)));
    return Combinators.combine(
            Arbitraries.of(0, 2, 4, 4, 4, 4), prefix, action.list().ofMinSize(2).ofMaxSize(30))
        .as(
            (n, head, tail) -> {
              List<Action> all = new ArrayList<>(head.subList(0, n));
              all.addAll(tail);
              return all;
            });
  }

  /** What the test (not the machine) knows of one promotion: what it was sent. */
  static final class Known {
    final String id;
    final String type;
    final String source;
    final String target;
    final String urgency;
    final String requester;
    final String version;
    final String digest;
    String gateDigest;
    boolean warned;
    final List<Grant> grants = new ArrayList<>();
    final Set<String> escalatedTo = new HashSet<>();

    Known(String id, String[] step, String requester, String version) {
      this.id = id;
      this.type = step[0];
      this.source = step[1];
      this.target = step[2];
      this.urgency = step[3];
      this.requester = requester;
      this.version = version;
      this.digest = "sha256:" + version.replace(".", "").repeat(22).substring(0, 64);
    }
  }

  @Property(tries = 1500)
  void nothingEntersAStageThatRequiresApprovalWithoutAGrantMeetingTheRule(
      @ForAll("histories") List<Action> history) {
    PromotionStateMachine machine = new PromotionStateMachine(policy);
    StageLedger ledger = StageLedger.empty("inventory");
    Map<String, Promotion> promotions = new LinkedHashMap<>();
    Map<String, Known> known = new LinkedHashMap<>();
    Map<String, BuildInfo> builds = new LinkedHashMap<>();
    Map<String, Set<String>> overriders = new LinkedHashMap<>();
    long now = T0;
    int approvalEntries = 0;
    for (Action a : history) {
      List<Tuple.Tuple2<String, Step>> steps = new ArrayList<>();
      Promotion p = promotions.get(a.id());
      if (p != null && p.build() == null && builds.containsKey(p.version())) {
        p = p.withBuild(builds.get(p.version()));
      }
      Known k = known.get(a.id());
      switch (a.kind()) {
        case "REQUEST" -> {
          if (p == null) {
            String[] step = STEPS.get(a.pick() % STEPS.size());
            String version = VERSIONS.get(a.flags() % VERSIONS.size());
            Known fresh = new Known(a.id(), step, a.person(), version);
            known.put(a.id(), fresh);
            Promotion requested =
                Promotion.builder(a.id())
                    .artifact("inventory", version, fresh.digest)
                    .step(PromotionType.valueOf(step[0]), step[1], step[2])
                    .requested(a.person(), now)
                    .urgency(Promotion.urgency(step[3]))
                    // every generated request names a change request: this property is about
                    // authority (ChangeRequestPropertiesTest is about change requests)
                    .changeRequestId("CHG-" + a.id())
                    .policyDigest(policy.digest())
                    .build();
            steps.add(
                Tuple.of(
                    a.id(),
                    machine.requested(
                        builds.containsKey(version)
                            ? requested.withBuild(builds.get(version))
                            : requested,
                        now)));
          }
        }
        case "BUILD" ->
            builds.putIfAbsent(
                VERSIONS.get(a.pick() % VERSIONS.size()),
                new BuildInfo(
                    "c".repeat(40),
                    "1",
                    null,
                    (a.flags() & 3) == 3 ? null : AUTHORS.get(a.flags() % 3),
                    0));
        case "GATES" -> {
          if (p != null) {
            GatesEvaluated g = gates(a.pick() % 4, p);
            steps.add(Tuple.of(a.id(), machine.gatesEvaluated(p, g, policy.digest(), ledger, now)));
            if (p.state() == PromotionState.EVALUATING) {
              k.gateDigest = oracleGateDigest(g, policy.digest());
              k.warned = g.getOutcome() == GateOutcome.WARNED;
            }
          }
        }
        case "GRANT" -> {
          if (p != null) {
            Grant g = grant(a, k, overriders.getOrDefault(a.id(), Set.of()), builds.get(k.version));
            k.grants.add(g);
            steps.add(Tuple.of(a.id(), machine.approvalGranted(p, g, ledger, now)));
          }
        }
        case "REJECT" -> {
          if (p != null) {
            steps.add(
                Tuple.of(
                    a.id(),
                    machine.approvalRejected(
                        p, new ApprovalRejected(ApprovalIds.of(a.id()), a.person(), "no"), now)));
          }
        }
        case "EXPIRE" -> {
          if (p != null) {
            steps.add(
                Tuple.of(
                    a.id(),
                    machine.approvalExpired(
                        p,
                        new ApprovalExpired(ApprovalIds.of(a.id()), Instant.ofEpochMilli(now)),
                        now)));
          }
        }
        case "ESCALATE" -> {
          if (p != null) {
            String role = ROLES.get(a.pick() % ROLES.size());
            Step s = machine.escalated(p, role, now);
            if (p.state() == PromotionState.AWAITING_APPROVAL) {
              k.escalatedTo.add(role);
            }
            steps.add(Tuple.of(a.id(), s));
          }
        }
        case "FORCE", "SCHEDULE" -> {
          if (p != null) {
            String admin = ADMINS.get(a.pick() % ADMINS.size());
            Step s = machine.override(p, a.kind(), admin, "break glass", ledger, now);
            // the admin is an override actor when the override took effect (it is on the timeline)
            if (s.promotion().timeline().stream()
                .anyMatch(
                    t -> t.event().equals("PromotionOverridden") && t.actor().equals(admin))) {
              overriders.computeIfAbsent(a.id(), x -> new HashSet<>()).add(admin);
            }
            steps.add(Tuple.of(a.id(), s));
          }
        }
        case "ATTEMPT" -> {
          if (p != null) {
            steps.add(
                Tuple.of(
                    a.id(),
                    machine.attempted(
                        p,
                        PromotionAttempted.newBuilder()
                            .setTargetStage(p.targetStage())
                            .setExecutor("webhook")
                            .setAttempt(1)
                            .setSucceeded((a.flags() & 1) == 0)
                            .setCategory("SERVER")
                            .setDurationMs(1)
                            .setDetail("ok")
                            .setWillRetry(false)
                            .build(),
                        ledger,
                        now)));
          }
        }
        case "TICK" -> {
          now += a.ms();
          for (Map.Entry<String, Promotion> e : promotions.entrySet()) {
            Promotion q = e.getValue();
            if (q.state() == PromotionState.SCHEDULED) {
              steps.add(
                  Tuple.of(
                      e.getKey(),
                      machine.resume(
                          builds.containsKey(q.version()) && q.build() == null
                              ? q.withBuild(builds.get(q.version()))
                              : q,
                          ledger,
                          now)));
            }
          }
        }
        default -> throw new IllegalStateException(a.kind());
      }
      for (Tuple.Tuple2<String, Step> t : steps) {
        String id = t.get1();
        Step s = t.get2();
        promotions.put(id, s.promotion());
        for (Object payload : s.payloads()) {
          String target =
              payload instanceof StagePromoted sp
                  ? sp.getTargetStage()
                  : payload instanceof PromotionExecuting pe ? pe.getTargetStage() : null;
          if (target == null) {
            continue;
          }
          Known kk = known.get(id);
          assertThat(target).isEqualTo(kk.target);
          ApprovalPolicy required = oracleRequirement(kk);
          if (required != null) {
            approvalEntries++;
            assertThat(
                    oracleSomeGrantValid(
                        kk,
                        required,
                        overriders.getOrDefault(id, Set.of()),
                        builds.get(kk.version)))
                .as(
                    "%s of %s (%s %s->%s, urgency %s, requested by %s) into %s without a valid grant; grants %s, "
                        + "override actors %s, build %s, history %s",
                    payload.getClass().getSimpleName(),
                    id,
                    kk.type,
                    kk.source,
                    kk.target,
                    kk.urgency,
                    kk.requester,
                    target,
                    kk.grants,
                    overriders.get(id),
                    builds.get(kk.version),
                    history)
                .isTrue();
          }
        }
      }
    }
    Statistics.label("entries into approval stages").collect(approvalEntries > 0);
    Statistics.label("refused grants")
        .collect(
            promotions.values().stream()
                .anyMatch(
                    q ->
                        q.timeline().stream()
                            .anyMatch(t -> t.detail().startsWith("grant refused"))));
    Statistics.label("forced or scheduled into approval stages")
        .collect(approvalEntries > 0 && !overriders.isEmpty());
  }

  static GatesEvaluated gates(int kind, Promotion p) {
    GateOutcome outcome =
        switch (kind) {
          case 0 -> GateOutcome.PASSED;
          case 1 -> GateOutcome.WARNED;
          default -> GateOutcome.FAILED;
        };
    List<String> failed =
        kind >= 2 ? List.of(kind == 2 ? "coverage" : "vulnerabilities") : List.of();
    return GatesEvaluated.newBuilder()
        .setOutcome(outcome)
        .setScorePercent(failed.isEmpty() ? 95 : 60)
        .setMinScorePercent(80)
        .setGateCount(4)
        .setFailedGates(failed)
        .setFailedCriticalGates(kind == 3 ? failed : List.of())
        .setPromotionType(p.type())
        .setSourceStage(p.sourceStage())
        .setTargetStage(p.targetStage())
        .setRequestedBy(p.requestedBy())
        .build();
  }

  /**
   * A grant as the generator makes it. {@code flags % 14}: 0-6 as approval-service would send it
   * (deciders built for the requirement from people not excluded); 7 another promotion's approval
   * id; 8 another artifact digest; 9 other gate results; 10 the requester also decides; 11 an
   * override actor or the commit author also decides; 12 one person decides twice (same e-mail,
   * other name case); 13 a decision without e-mail. {@code (flags / 14) % 3 == 0}: random deciders
   * with random roles instead.
   */
  static Grant grant(Action a, Known k, Set<String> overriders, BuildInfo build) {
    int mode = a.flags() % 14;
    List<Grant.Decision> decisions = new ArrayList<>();
    ApprovalPolicy required = oracleRequirement(k);
    if ((a.flags() / 14) % 3 != 0 && required != null) {
      List<String> free =
          new ArrayList<>(
              PEOPLE.stream()
                  .filter(
                      n ->
                          !n.equals(k.requester)
                              && !overriders.contains(n)
                              && (build == null
                                  || build.commitAuthor() == null
                                  || !build.commitAuthor().toLowerCase().contains(n)))
                  .toList());
      java.util.Collections.rotate(free, a.pick());
      int i = 0;
      for (int q = 0; q < required.quorum() && i < free.size(); q++, i++) {
        decisions.add(
            person(free.get(i), required.roles().get((a.pick() + q) % required.roles().size())));
      }
      for (Map.Entry<String, Integer> e : required.allOf().entrySet()) {
        for (int q = 0; q < e.getValue() && i < free.size(); q++, i++) {
          decisions.add(person(free.get(i), e.getKey()));
        }
      }
    } else {
      decisions.add(person(a.person(), ROLES.get(a.pick() % ROLES.size())));
      decisions.add(person(a.other(), ROLES.get((a.pick() / 7) % ROLES.size())));
    }
    String role =
        required == null || required.roles().isEmpty() ? "team-lead" : required.roles().get(0);
    switch (mode) {
      case 10 -> decisions.add(person(k.requester, role));
      case 11 ->
          decisions.add(
              person(
                  overriders.isEmpty() && build != null && build.commitAuthor() != null
                      ? build.commitAuthor().replaceAll(".*<|>|@.*", "").toLowerCase()
                      : overriders.isEmpty() ? a.person() : overriders.iterator().next(),
                  role));
      case 12 -> {
        Grant.Decision d = decisions.get(0);
        decisions.add(new Grant.Decision(d.approver().toUpperCase(), d.email(), List.of(role)));
      }
      case 13 -> {
        Grant.Decision d = decisions.remove(decisions.size() - 1);
        decisions.add(new Grant.Decision(d.approver(), null, d.roles()));
      }
      default -> {
        // as sent, or forged below
      }
    }
    if (decisions.isEmpty()) {
      decisions.add(person(a.person(), role));
    }
    String id = mode == 7 ? ApprovalIds.of(a.id() + "x") : ApprovalIds.of(a.id());
    String digest = mode == 8 ? "sha256:" + "9".repeat(64) : k.digest;
    String gateDigest = mode == 9 ? "sha256:" + "8".repeat(64) : k.gateDigest;
    return new Grant(
        id,
        digest,
        gateDigest,
        decisions.stream().map(Grant.Decision::approver).toList(),
        decisions);
  }

  static Grant.Decision person(String name, String role) {
    return new Grant.Decision(name, name + "@example.com", List.of(role));
  }

  // ---- the oracle: an independent reading of issue 12 point 1 and the policy ----

  /** The approval the policy demands for entering the promotion's target stage, or null. */
  static ApprovalPolicy oracleRequirement(Known k) {
    String prod = policy.stageNames().get(policy.stageNames().size() - 1);
    ApprovalPolicy prodTransition =
        policy.transitions().stream()
            .filter(t -> t.to().equals(prod))
            .findFirst()
            .map(TransitionPolicy::approval)
            .orElseThrow();
    ApprovalPolicy named = null;
    if (k.type.equals("ROLLBACK")) {
      RollbackPolicy r =
          policy.stages().stream()
              .filter(s -> s.name().equals(k.target))
              .findFirst()
              .orElseThrow()
              .rollback();
      named = r.mode() == RollbackPolicy.RollbackMode.approval ? r.approval() : null;
    } else if (k.type.equals("HOTFIX") && k.target.equals(prod)) {
      named =
          policy.hotfix().entrySet().stream()
              .filter(e -> e.getKey().name().equals(k.urgency))
              .findFirst()
              .map(e -> e.getValue().approval())
              .orElse(null);
    } else {
      named =
          policy.transitions().stream()
              .filter(t -> t.to().equals(k.target))
              .map(TransitionPolicy::approval)
              .filter(x -> x != null)
              .findFirst()
              .orElse(null);
    }
    if (named == null && (k.target.equals(prod) || k.warned)) {
      return prodTransition;
    }
    return named;
  }

  /** True when one of the grants delivered for {@code k} meets the rule. */
  static boolean oracleSomeGrantValid(
      Known k, ApprovalPolicy required, Set<String> overriders, BuildInfo build) {
    return k.grants.stream().anyMatch(g -> oracleValid(k, g, required, overriders, build));
  }

  static boolean oracleValid(
      Known k, Grant g, ApprovalPolicy required, Set<String> overriders, BuildInfo build) {
    if (!g.approvalId().equals(ApprovalIds.of(k.id))
        || !k.digest.equals(g.artifactDigest())
        || k.gateDigest == null
        || !k.gateDigest.equals(g.gateResultsDigest())
        || build == null
        || build.commitAuthor() == null) {
      return false;
    }
    String author = build.commitAuthor().toLowerCase();
    Set<String> seenNames = new HashSet<>();
    Set<String> seenEmails = new HashSet<>();
    for (Grant.Decision d : g.decisions()) {
      if (d.email() == null) {
        return false;
      }
      String name = d.approver().toLowerCase();
      String email = d.email().toLowerCase();
      if (!seenNames.add(name)
          || !seenEmails.add(email)
          || name.equals(k.requester.toLowerCase())
          || overriders.stream().anyMatch(o -> o.equalsIgnoreCase(name))
          || author.contains(email)
          || author.contains(name + "@")
          || author.startsWith(name + " ")) {
        return false;
      }
    }
    // escalated to the escalation role: one eligible holder suffices
    if (required.escalationRole() != null
        && k.escalatedTo.contains(required.escalationRole())
        && g.decisions().stream().anyMatch(d -> d.roles().contains(required.escalationRole()))) {
      return true;
    }
    return assignable(required, g.decisions());
  }

  /**
   * Brute force over every way of giving each decider one slot kind (quorum, an allOf role, or
   * none).
   */
  static boolean assignable(ApprovalPolicy required, List<Grant.Decision> decisions) {
    List<String> kinds = new ArrayList<>();
    kinds.add("-");
    kinds.add("quorum");
    kinds.addAll(required.allOf().keySet());
    int n = decisions.size();
    int combinations = (int) Math.pow(kinds.size(), n);
    for (int c = 0; c < combinations; c++) {
      Map<String, Integer> filled = new LinkedHashMap<>();
      int code = c;
      boolean ok = true;
      for (int i = 0; i < n && ok; i++) {
        String kind = kinds.get(code % kinds.size());
        code /= kinds.size();
        List<String> roles = decisions.get(i).roles();
        ok =
            kind.equals("-")
                || kind.equals("quorum") && roles.stream().anyMatch(required.roles()::contains)
                || roles.contains(kind);
        filled.merge(kind, 1, Integer::sum);
      }
      if (ok
          && filled.getOrDefault("quorum", 0) >= required.quorum()
          && required.allOf().entrySet().stream()
              .allMatch(e -> filled.getOrDefault(e.getKey(), 0) >= e.getValue())
          && (required.quorum() > 0 || !required.allOf().isEmpty())) {
        return true;
      }
    }
    return false;
  }

  /**
   * sha256 of outcome|score|min|count|failed|policy, as the contract defines the gate results
   * digest.
   */
  static String oracleGateDigest(GatesEvaluated g, String policyDigest) {
    String canonical =
        String.join(
            "|",
            g.getOutcome().name(),
            String.valueOf(g.getScorePercent()),
            String.valueOf(g.getMinScorePercent()),
            String.valueOf(g.getGateCount()),
            String.join(",", g.getFailedGates()),
            policyDigest);
    try {
      return "sha256:"
          + HexFormat.of()
              .formatHex(
                  MessageDigest.getInstance("SHA-256")
                      .digest(canonical.getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
