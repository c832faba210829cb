package io.promoflow.cli;

import io.promoflow.cli.demo.DemoEvidence;
import io.promoflow.schemas.Digests;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

/**
 * {@code promoflow demo}: publishes a build of a sample application with real evidence, shows it
 * move DEV → QA → STAGING, requests PROD as {@code dev} and prints how to approve it. Uses the
 * local demo tokens. It also acts as the deployer: after each promotion it reports the version
 * healthy in that stage (role {@code ci}), since a monitoring window without health data never
 * passes (it ends inconclusive).
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    versionProvider = PromoflowCli.Version.class,
    description = {
      "Walk a sample build to STAGING and request PROD (needs ./promoflow up).",
      "--release: three components of a sample platform to STAGING, then release 2026.47.0 "
          + "(PLATFORM_MINOR) into PROD with one approval for the whole release."
    })
public class DemoCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin Connection connection;

  @Option(
      names = "--release",
      description =
          "the platform release story (catalog, inventory, checkout; see README \"Releases and "
              + "release trains\") instead of one application")
  boolean release;

  @Option(
      names = "--release-version",
      defaultValue = "2026.47.0",
      description =
          "with --release: the release's version (default ${DEFAULT-VALUE}; a version is created "
              + "once, so a second run on the same stack needs another one)")
  String releaseVersion;

  @Option(names = "--application", defaultValue = "bookstore-demo")
  String application;

  @Option(
      names = "--timeout",
      defaultValue = "120",
      description = "seconds to wait for STAGING (default ${DEFAULT-VALUE})")
  int timeoutSeconds;

  /**
   * Reports {@code version} of {@code application} healthy in {@code stage} as the deployer would
   * after rolling it out (role {@code ci}); false when rollback-service does not see it there yet
   * (409, retried at the next poll) or is unreachable.
   */
  static boolean reportHealth(
      Api api, String token, String application, String stage, String version) {
    Map<String, Object> report =
        Map.of(
            "application",
            application,
            "stage",
            stage,
            "version",
            version,
            "healthScore",
            0.99,
            "errorRate",
            0.001,
            "latencyP99Ms",
            180,
            "criticalAnomalies",
            0,
            "businessImpact",
            "LOW");
    try {
      api.post(Api.Service.ROLLBACK, "/api/v1/health-reports", report, token);
      return true;
    } catch (Api.ApiException notYet) {
      return false;
    }
  }

  /**
   * The builds route's body for a demo build of {@code application} {@code version}: a fresh
   * digest, a commit, the demo's commit author and {@code evidence}.
   */
  static Map<String, Object> build(
      String application, String version, List<Map<String, String>> evidence)
      throws java.security.NoSuchAlgorithmException {
    String digest = Digests.sha256Digest(application + ":" + version + ":" + UUID.randomUUID());
    Map<String, Object> build = new LinkedHashMap<>();
    build.put("application", application);
    build.put("version", version);
    build.put("digest", digest);
    build.put("uri", "oci://registry.local/promoflow/" + application + "@" + digest);
    build.put(
        "sourceCommit",
        HexFormat.of()
            .formatHex(
                MessageDigest.getInstance("SHA-1")
                    .digest((application + ":" + version).getBytes(StandardCharsets.UTF_8))));
    // the commit author may never approve this version; without one no approval can be shown to be
    // independent
    build.put("commitAuthor", "author@bookstore.example");
    build.put("repository", "promoflow/" + application);
    build.put("pipelineRunId", "demo-" + Instant.now().getEpochSecond());
    build.put("pipelineUrl", "https://ci.example.com/runs/demo");
    build.put("buildFinishedAt", Instant.now().toString());
    build.put("evidence", evidence);
    return build;
  }

  /** Where the demo reports: picocli's writer, so a caller (or a test) decides where it goes. */
  private java.io.PrintWriter out() {
    return spec.commandLine().getOut();
  }

  @Override
  public Integer call() throws Exception {
    // reads need a token too: the demo reads as the local viewer unless given one
    Api api = connection.api().readingAs(connection.tokenOr("local-viewer"));
    if (release) {
      return new ReleaseDemo(
              api,
              connection::tokenOr,
              spec.commandLine().getOut(),
              spec.commandLine().getErr(),
              Duration.ofSeconds(timeoutSeconds),
              releaseVersion)
          .run();
    }
    String version = "1.0." + Instant.now().getEpochSecond();
    List<Map<String, String>> evidence = DemoEvidence.evidence();
    Map<String, Object> build = build(application, version, evidence);
    String digest = (String) build.get("digest");
    api.post(Api.Service.TRIGGER, "/api/v1/builds", build, connection.tokenOr("local-ci"));
    out()
        .println(
            "published "
                + application
                + " "
                + version
                + " ("
                + digest.substring(0, 19)
                + "…) with "
                + String.join(", ", DemoEvidence.documents().keySet())
                + ", integration junit-xml evidence from this repository's build");

    Map<String, String> seen = new HashMap<>();
    Set<String> reported = new HashSet<>();
    String[] stuck = new String[1];
    boolean staged =
        Poll.until(
            Duration.ofMillis(500),
            Duration.ofSeconds(timeoutSeconds),
            () -> {
              JsonNode app;
              try {
                app = api.get(Api.Service.PROMOTION, "/api/v1/applications/" + application);
              } catch (Api.ApiException notYet) {
                return false;
              }
              for (String stage : List.of("DEV", "QA", "STAGING")) {
                JsonNode s = app.path("stages").path(stage);
                if (version.equals(s.path("version").asString(null))) {
                  String state = s.path("verification").asString();
                  if (!state.equals(seen.put(stage, state))) {
                    out()
                        .printf(
                            "  %-8s %s %s%n",
                            stage,
                            version,
                            state.equals("PENDING")
                                ? "promoted, monitoring window open"
                                : "verification " + state);
                  }
                  if (state.equals("PENDING")
                      && !reported.contains(stage)
                      && reportHealth(
                          api, connection.tokenOr("local-ci"), application, stage, version)) {
                    reported.add(stage);
                    out().printf("  %-8s %s reported healthy by the deployer%n", stage, version);
                  }
                  if (state.equals("FAILED") || state.equals("INCONCLUSIVE")) {
                    stuck[0] = stage + " verification " + state;
                    return true;
                  }
                }
              }
              return "PASSED".equals(seen.get("STAGING"));
            });
    if (stuck[0] != null) {
      System.err.println(
          "the build stopped: " + stuck[0] + "; see ./promoflow status " + application);
      return 1;
    }
    if (!staged) {
      System.err.println(
          "the build did not reach a verified STAGING in "
              + timeoutSeconds
              + " s; see ./promoflow status "
              + application);
      return 1;
    }
    Map<String, Object> request =
        Map.of(
            "application",
            application,
            "version",
            version,
            "targetStage",
            "PROD",
            "type",
            "MANUAL",
            "reason",
            "demo release",
            // production needs a change request (policy transitions[].changeRequest)
            "changeRequestId",
            "CHG-DEMO-" + version);
    String promotionId =
        api.post(
                Api.Service.TRIGGER, "/api/v1/promotions", request, connection.tokenOr("local-dev"))
            .path("promotionId")
            .asString();
    out().println("requested PROD as dev: promotion " + promotionId);
    String[] approvalId = new String[1];
    String[] ended = new String[1];
    Poll.until(
        Duration.ofMillis(500),
        Duration.ofSeconds(30),
        () -> {
          JsonNode p;
          try {
            p = api.get(Api.Service.PROMOTION, "/api/v1/promotions/" + promotionId);
          } catch (Api.ApiException notYet) {
            return false;
          }
          if (List.of("BLOCKED", "REJECTED", "EXPIRED", "FAILED")
              .contains(p.path("state").asString())) {
            JsonNode timeline = p.path("timeline");
            ended[0] =
                p.path("state").asString()
                    + ": "
                    + timeline.get(timeline.size() - 1).path("detail").asString();
            return true;
          }
          for (JsonNode a : api.getAll(Api.Service.APPROVAL, "/api/v1/approvals?status=PENDING")) {
            if (promotionId.equals(a.path("promotionId").asString())) {
              approvalId[0] = a.path("approvalId").asString();
              out()
                  .println(
                      "PROD awaits approval: "
                          + a.path("gateSummary").asString()
                          + "; needs "
                          + a.path("quorum").asInt()
                          + " of "
                          + a.path("requiredRoles")
                          + ", never the requester");
              return true;
            }
          }
          return false;
        });
    if (ended[0] != null) {
      System.err.println("the PROD promotion ended " + ended[0]);
      return 1;
    }
    if (approvalId[0] == null) {
      System.err.println(
          "no approval was requested; see "
              + api.url(Api.Service.PROMOTION)
              + "/api/v1/promotions/"
              + promotionId);
      return 1;
    }
    out().println();
    out().println("Approve it as release-manager:");
    out().println("  ./promoflow approvals approve " + approvalId[0] + " --token local-approver-1");
    out().println("then, as the deployer (a PROD window without health data ends inconclusive):");
    out()
        .println(
            "  curl -X POST "
                + api.url(Api.Service.ROLLBACK)
                + "/api/v1/health-reports -H 'Authorization: Bearer "
                + "local-ci' -H 'Content-Type: application/json' -d '{\"application\": \""
                + application
                + "\", \"stage\": \"PROD\", "
                + "\"version\": \""
                + version
                + "\", \"healthScore\": 0.99, \"errorRate\": 0.001}'");
    out()
        .println(
            "then: ./promoflow status "
                + application
                + " --token local-viewer    audit: curl -H "
                + "'Authorization: Bearer local-viewer' "
                + api.url(Api.Service.PROMOTION)
                + "/api/v1/promotions/"
                + promotionId
                + "/audit");
    return 0;
  }
}
