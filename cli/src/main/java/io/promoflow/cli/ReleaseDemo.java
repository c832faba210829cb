package io.promoflow.cli;

import io.promoflow.cli.demo.DemoEvidence;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import tools.jackson.databind.JsonNode;

/**
 * {@code promoflow demo --release}: the platform release story (GitHub issue 18, RELEASES.md point
 * 9) on the local stack, with the local demo tokens.
 *
 * <ol>
 *   <li>Publishes builds of three components of a sample platform, {@code catalog}, {@code
 *       inventory} and {@code checkout}, each with the demo's real evidence; {@code checkout} also
 *       carries a {@code dependencies-json} document requiring {@code inventory >=1.0 <2} and
 *       {@code catalog >=1.0}, which the versions built satisfy.
 *   <li>Waits until each is verified in STAGING, reporting it healthy in each stage as the
 *       deployer. The local policy ({@code config/pipeline-local.yaml}) promotes every build
 *       automatically DEV → QA → STAGING once verified, so a release created after QA could only
 *       ask for a stage its components enter by themselves; the step a release adds is the manual
 *       one into production.
 *   <li>Creates release {@code 2026.47.0} of type PLATFORM_MINOR (validation standard, strategy
 *       rolling) and requests PROD with a change request (required into production). The release
 *       gates (service-versions: each version verified in STAGING; compatibility: checkout's
 *       ranges) run, then one promotion per component.
 *   <li>Waits until every component's PROD promotion awaits approval and prints how to decide the
 *       one approval of the whole release: {@code ./promoflow releases approve <id>} as
 *       release-manager.
 * </ol>
 */
final class ReleaseDemo {

  /** The sample platform's components, in the order they are built and named in the release. */
  static final List<String> COMPONENTS = List.of("catalog", "inventory", "checkout");

  /** What {@code checkout} requires of the others (its {@code dependencies-json} evidence). */
  static final Map<String, String> CHECKOUT_REQUIRES = checkoutRequires();

  private static final List<String> AUTOMATIC = List.of("DEV", "QA", "STAGING");
  private static final Duration POLL = Duration.ofMillis(500);
  private static final Duration APPROVAL_WAIT = Duration.ofSeconds(60);

  private final Api api;
  private final UnaryOperator<String> tokenOr;
  private final PrintWriter out;
  private final PrintWriter err;
  private final Duration timeout;
  private final String releaseVersion;

  /**
   * @param api the services, reading with a token
   * @param tokenOr the given token, else the demo token named (e.g. {@code local-ci})
   * @param timeout how long each component may take to reach a verified STAGING
   * @param releaseVersion the release's version, e.g. {@code 2026.47.0}
   */
  ReleaseDemo(
      Api api,
      UnaryOperator<String> tokenOr,
      PrintWriter out,
      PrintWriter err,
      Duration timeout,
      String releaseVersion) {
    this.api = api;
    this.tokenOr = tokenOr;
    this.out = out;
    this.err = err;
    this.timeout = timeout;
    this.releaseVersion = releaseVersion;
  }

  private static Map<String, String> checkoutRequires() {
    Map<String, String> requires = new LinkedHashMap<>();
    requires.put("inventory", ">=1.0 <2");
    requires.put("catalog", ">=1.0");
    return java.util.Collections.unmodifiableMap(requires);
  }

  /** Runs the story; 0 when the release's PROD step awaits its approval, 1 otherwise. */
  int run() throws Exception {
    // one version for all three: 1.0.<epoch s> satisfies every range checkout requires
    String version = "1.0." + Instant.now().getEpochSecond();
    for (String application : COMPONENTS) {
      List<Map<String, String>> evidence = new ArrayList<>(DemoEvidence.evidence());
      if (application.equals("checkout")) {
        evidence.add(DemoEvidence.dependencies(CHECKOUT_REQUIRES));
      }
      api.post(
          Api.Service.TRIGGER,
          "/api/v1/builds",
          DemoCommand.build(application, version, evidence),
          tokenOr.apply("local-ci"));
      say(
          "published "
              + application
              + " "
              + version
              + (application.equals("checkout")
                  ? " with the demo's evidence and dependencies-json " + CHECKOUT_REQUIRES
                  : " with the demo's evidence"));
    }
    say(
        "the local policy promotes each build DEV -> QA -> STAGING once verified; "
            + "waiting for STAGING (the deployer reports health in each stage)");
    if (!staged(version)) {
      return 1;
    }

    Map<String, Object> create = new LinkedHashMap<>();
    create.put("version", releaseVersion);
    create.put("type", "PLATFORM_MINOR");
    create.put(
        "components",
        COMPONENTS.stream().map(a -> Map.of("application", a, "version", version)).toList());
    create.put("changeRequestId", "CHG-DEMO-" + releaseVersion);
    create.put("train", false);
    String releaseId;
    try {
      releaseId =
          api.post(Api.Service.TRIGGER, "/api/v1/releases", create, tokenOr.apply("local-dev"))
              .path("releaseId")
              .asString();
    } catch (Api.ApiException e) {
      if (e.status() == 409) {
        err.println(
            "release "
                + releaseVersion
                + " already exists with other components: "
                + e.getMessage()
                + "; run again with --release-version <another>, e.g. "
                + releaseVersion.replaceAll("\\d+$", "")
                + Instant.now().getEpochSecond());
        err.flush();
        return 1;
      }
      throw e;
    }
    say(
        "created release "
            + releaseVersion
            + " (PLATFORM_MINOR: validation standard, strategy rolling): "
            + releaseId);

    // 202 means accepted: the release is recorded once trigger-service's coordinator has read it
    boolean recorded =
        Poll.until(
            POLL,
            Duration.ofSeconds(30),
            () -> {
              try {
                api.get(Api.Service.TRIGGER, "/api/v1/releases/" + Api.encode(releaseId));
                return true;
              } catch (Api.ApiException notYet) {
                return false;
              }
            });
    if (!recorded) {
      err.println("release " + releaseId + " was accepted but not recorded within 30 s");
      err.flush();
      return 1;
    }

    Map<String, Object> promote = new LinkedHashMap<>();
    promote.put("targetStage", "PROD");
    // production needs a change request (policy transitions[].changeRequest)
    promote.put("changeRequestId", "CHG-DEMO-" + releaseVersion);
    api.post(
        Api.Service.TRIGGER,
        "/api/v1/releases/" + Api.encode(releaseId) + "/promotions",
        promote,
        tokenOr.apply("local-dev"));
    say("requested PROD for the whole release as dev, change request CHG-DEMO-" + releaseVersion);

    List<String> promotionIds = awaitApproval(releaseId);
    if (promotionIds == null) {
      return 1;
    }
    out.println();
    out.println(
        "Approve the whole release as release-manager (one decision for its "
            + promotionIds.size()
            + " components):");
    out.println("  ./promoflow releases approve " + releaseId + " --token local-approver-1");
    out.println("then, as the deployer (a PROD window without health data ends inconclusive):");
    for (String application : COMPONENTS) {
      out.println(
          "  ./promoflow health report "
              + application
              + " PROD "
              + version
              + " --health-score 0.99 --error-rate 0.001 --token local-ci");
    }
    out.println(
        "follow it: ./promoflow releases show "
            + releaseId
            + " --token local-viewer    board: "
            + api.url(Api.Service.CONSOLE)
            + "/releases/"
            + releaseId);
    out.flush();
    return 0;
  }

  /**
   * Polls each component until its {@code version} is verified in STAGING, reporting it healthy in
   * every stage it waits in (a window without health data ends inconclusive).
   *
   * @return false, with the reason on stderr, when a verification failed or the timeout passed
   */
  private boolean staged(String version) {
    Map<String, String> seen = new LinkedHashMap<>();
    Set<String> reported = new HashSet<>();
    String[] stuck = new String[1];
    boolean done =
        Poll.until(
            POLL,
            timeout,
            () -> {
              boolean all = true;
              for (String application : COMPONENTS) {
                JsonNode app;
                try {
                  app = api.get(Api.Service.PROMOTION, "/api/v1/applications/" + application);
                } catch (Api.ApiException notYet) {
                  all = false;
                  continue;
                }
                for (String stage : AUTOMATIC) {
                  JsonNode s = app.path("stages").path(stage);
                  if (!version.equals(s.path("version").asString(null))) {
                    continue;
                  }
                  String state = s.path("verification").asString();
                  String key = application + "|" + stage;
                  if (!state.equals(seen.put(key, state))) {
                    say(
                        String.format(
                            "  %-10s %-8s %s",
                            application,
                            stage,
                            state.equals("PENDING")
                                ? "promoted, monitoring window open"
                                : "verification " + state));
                  }
                  if (state.equals("PENDING")
                      && !reported.contains(key)
                      && DemoCommand.reportHealth(
                          api, tokenOr.apply("local-ci"), application, stage, version)) {
                    reported.add(key);
                  }
                  if (state.equals("FAILED") || state.equals("INCONCLUSIVE")) {
                    stuck[0] = application + " " + stage + " verification " + state;
                    return true;
                  }
                }
                all &= "PASSED".equals(seen.get(application + "|STAGING"));
              }
              return all;
            });
    if (stuck[0] != null) {
      err.println("the build stopped: " + stuck[0] + "; see ./promoflow status <application>");
    } else if (!done) {
      err.println(
          "not every component reached a verified STAGING in "
              + timeout.toSeconds()
              + " s: "
              + seen
              + "; see ./promoflow status <application>");
    }
    err.flush();
    return stuck[0] == null && done;
  }

  /**
   * Follows the release's PROD promotion ({@code GET /api/v1/releases/{id}}) until each of its
   * component promotions has a pending approval at approval-service.
   *
   * @return the component promotion ids; null, with the reason on stderr, when the release gates
   *     failed, the promotion failed, or no approval was asked in time
   */
  private List<String> awaitApproval(String releaseId) {
    String[] ended = new String[1];
    List<String> promotionIds = new ArrayList<>();
    boolean[] gatesShown = new boolean[1];
    boolean asked =
        Poll.until(
            POLL,
            APPROVAL_WAIT,
            () -> {
              JsonNode release;
              try {
                release = api.get(Api.Service.TRIGGER, "/api/v1/releases/" + Api.encode(releaseId));
              } catch (Api.ApiException notYet) {
                return false;
              }
              JsonNode prod = null;
              for (JsonNode p : release.path("promotions")) {
                if ("PROD".equals(p.path("targetStage").asString())) {
                  prod = p;
                }
              }
              if (prod == null) {
                return false;
              }
              if (!gatesShown[0] && !prod.path("releaseGates").isEmpty()) {
                gatesShown[0] = true;
                for (JsonNode g : prod.path("releaseGates")) {
                  say(
                      "  release gate "
                          + g.path("gate").asString()
                          + ": "
                          + (g.path("passed").asBoolean() ? "passed" : "FAILED")
                          + " ("
                          + ReleasesCommand.text(g.path("reason"))
                          + ")");
                }
              }
              String state = prod.path("state").asString();
              if (state.equals("GATES_FAILED") || state.equals("FAILED")) {
                List<String> reasons = new ArrayList<>();
                prod.path("reasons").forEach(r -> reasons.add(r.asString()));
                ended[0] = state + (reasons.isEmpty() ? "" : ": " + String.join("; ", reasons));
                return true;
              }
              promotionIds.clear();
              prod.path("components")
                  .forEach(
                      c -> {
                        if (ReleasesCommand.present(c.path("promotionId"))) {
                          promotionIds.add(c.path("promotionId").asString());
                        }
                      });
              if (promotionIds.size() < COMPONENTS.size()) {
                return false;
              }
              Set<String> pending = new HashSet<>();
              for (JsonNode a :
                  api.getAll(Api.Service.APPROVAL, "/api/v1/approvals?status=PENDING")) {
                pending.add(a.path("promotionId").asString());
              }
              return pending.containsAll(promotionIds);
            });
    if (ended[0] != null) {
      err.println(
          "the release's PROD promotion ended "
              + ended[0]
              + "; see ./promoflow releases show "
              + releaseId);
      err.flush();
      return null;
    }
    if (!asked) {
      err.println(
          "not every component's PROD promotion awaits approval after "
              + APPROVAL_WAIT.toSeconds()
              + " s; see ./promoflow releases show "
              + releaseId);
      err.flush();
      return null;
    }
    say(
        "PROD awaits one approval for the whole release: "
            + promotionIds.size()
            + " component promotions pending, never decided by the requester");
    return promotionIds;
  }

  private void say(String line) {
    out.println(line);
    out.flush();
  }
}
