package io.promoflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.promoflow.cli.StubServices.Call;
import io.promoflow.cli.StubServices.Run;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The commands of issue 17 against stand-in services: arguments → request (method, path, body,
 * token), answer → output in each {@code -o} format, and the exit codes 0/1/2/3.
 */
class CommandsTest {

  static final String PROMOTION =
      """
      {"promotionId":"p-1","state":"%s","type":"MANUAL",
       "artifact":{"application":"inventory","version":"1.4.2","digest":"sha256:abc"},
       "sourceStage":"STAGING","targetStage":"PROD","requestedBy":"dev","approvers":[],
       "gateScore":92,"failedGates":%s,"targetVerification":null,"timeline":[%s]}
      """;

  static final String[] STEPS = {
    "{\"at\":\"2026-01-01T10:00:00Z\",\"state\":\"REQUESTED\",\"event\":\"PromotionRequested\",\"actor\":\"dev\",\"detail\":null}",
    "{\"at\":\"2026-01-01T10:00:01Z\",\"state\":\"EVALUATING\",\"event\":\"GatesEvaluated\",\"actor\":null,\"detail\":\"score 92\"}",
    "{\"at\":\"2026-01-01T10:00:02Z\",\"state\":\"PROMOTED\",\"event\":\"StagePromoted\",\"actor\":null,\"detail\":null}"
  };

  StubServices services;

  @BeforeEach
  void start() throws IOException {
    services = new StubServices();
  }

  @AfterEach
  void stop() {
    services.close();
  }

  static String promotion(String state, String failedGates, int steps) {
    return PROMOTION.formatted(
        state, failedGates, String.join(",", List.of(STEPS).subList(0, steps)));
  }

  @Test
  void promotionShowReadsThePromotionWithTheTokenInEachFormat() {
    services.answer("/api/v1/promotions/p-1", "200", promotion("PROMOTED", "[]", 3));

    Run table = services.run("promotion", "show", "p-1", "--token", "local-viewer");
    assertThat(table.exitCode()).isZero();
    Call call = services.calls.get(0);
    assertThat(call.method()).isEqualTo("GET");
    assertThat(call.path()).isEqualTo("/api/v1/promotions/p-1");
    assertThat(call.authorization()).isEqualTo("Bearer local-viewer");
    assertThat(table.out())
        .contains("p-1  PROMOTED  inventory 1.4.2  STAGING -> PROD")
        .contains("PromotionRequested by dev")
        .contains("GatesEvaluated: score 92");

    Run json = services.run("promotion", "show", "p-1", "-o", "json", "--token", "t");
    assertThat(Api.JSON.readTree(json.out()).path("artifact").path("version").asString())
        .isEqualTo("1.4.2");

    Run yaml = services.run("promotion", "show", "p-1", "-o", "yaml", "--token", "t");
    JsonNode fromYaml = YAMLMapper.builder().build().readTree(yaml.out());
    assertThat(fromYaml.path("state").asString()).isEqualTo("PROMOTED");
    assertThat(fromYaml.path("timeline")).hasSize(3);
  }

  @Test
  void watchPrintsEachNewStepOnceAndExitsZeroOnPromoted() {
    services.answer(
        "/api/v1/promotions/p-1",
        "404",
        "{\"status\":404,\"detail\":\"promotion p-1 not found\"}",
        "200",
        promotion("REQUESTED", "[]", 1),
        "200",
        promotion("EVALUATING", "[]", 2),
        "200",
        promotion("EVALUATING", "[]", 2),
        "200",
        promotion("PROMOTED", "[]", 3));

    Run run = services.run("promotion", "watch", "p-1", "--interval", "5", "--token", "t");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out().lines().filter(l -> l.contains("PromotionRequested"))).hasSize(1);
    assertThat(run.out().lines().filter(l -> l.contains("GatesEvaluated"))).hasSize(1);
    assertThat(run.out()).contains("StagePromoted").contains("promotion p-1 PROMOTED");
    assertThat(services.calls).hasSize(5).allMatch(c -> c.method().equals("GET"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"BLOCKED", "FAILED", "REJECTED", "EXPIRED", "SUPERSEDED"})
  void watchExitsOneOnEveryOtherFinalState(String state) {
    services.answer("/api/v1/promotions/p-1", "200", promotion(state, "[\"test-coverage\"]", 2));

    Run run = services.run("promotion", "watch", "p-1", "--interval", "5");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out()).contains("promotion p-1 " + state).contains("test-coverage");
  }

  @Test
  void watchWithJsonPrintsOnlyTheFinalDocumentOnStdoutAndGivesUpAtTheTimeout() {
    services.answer("/api/v1/promotions/p-1", "200", promotion("PROMOTED", "[]", 3));
    Run json = services.run("promotion", "watch", "p-1", "-o", "json");
    assertThat(json.exitCode()).isZero();
    assertThat(Api.JSON.readTree(json.out()).path("state").asString()).isEqualTo("PROMOTED");
    assertThat(json.err()).contains("StagePromoted");

    services.answer("/api/v1/promotions/p-2", "200", promotion("AWAITING_APPROVAL", "[]", 2));
    Run waiting = services.run("promotion", "watch", "p-2", "--interval", "5", "--timeout", "0");
    assertThat(waiting.exitCode()).isEqualTo(1);
    assertThat(waiting.out()).contains("still AWAITING_APPROVAL");
  }

  @Test
  void promoteWaitRequestsThenFollowsUntilTheOutcome() {
    services.answer("/api/v1/promotions", "202", "{\"promotionId\":\"p-1\"}");
    services.answer(
        "/api/v1/promotions/p-1",
        "200",
        promotion("EVALUATING", "[]", 2),
        "200",
        promotion("BLOCKED", "[\"security-scan\"]", 2));

    Run run =
        services.run(
            "promote",
            "inventory",
            "1.4.2",
            "PROD",
            "--wait",
            "--interval",
            "5",
            "--token",
            "local-dev");

    assertThat(run.exitCode()).isEqualTo(1);
    Call request = services.calls.get(0);
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.path()).isEqualTo("/api/v1/promotions");
    assertThat(request.authorization()).isEqualTo("Bearer local-dev");
    assertThat(request.body()).contains("\"targetStage\":\"PROD\"").contains("\"type\":\"MANUAL\"");
    assertThat(services.calls.get(1).path()).isEqualTo("/api/v1/promotions/p-1");
    assertThat(run.out())
        .contains("promotion p-1 requested")
        .contains("GatesEvaluated")
        .contains("promotion p-1 BLOCKED")
        .contains("security-scan");
  }

  @Test
  void gatesReadsGateServicesReportInEachFormat() {
    String report =
        """
        {"promotionId":"p-1","application":"inventory","version":"1.4.2","digest":"sha256:abc",
         "sourceStage":"STAGING","targetStage":"PROD","outcome":"FAILED","scorePercent":61,
         "minScorePercent":80,"evaluatedAt":"2026-01-01T10:00:00Z","policyDigest":"sha256:pol",
         "gates":[{"gate":"test-coverage","passed":false,"score":0,"maxScore":100,"critical":false,
                   "reason":"coverage 41% < 70%","inputs":{},"warned":false}],
         "evidence":["junit-xml:sha256:111"]}
        """;
    services.answer("/api/v1/promotions/p-1/gates", "200", report);

    Run table = services.run("gates", "p-1", "--token", "local-viewer");
    assertThat(table.exitCode()).isZero();
    assertThat(services.calls.get(0).path()).isEqualTo("/api/v1/promotions/p-1/gates");
    assertThat(services.calls.get(0).authorization()).isEqualTo("Bearer local-viewer");
    assertThat(table.out())
        .contains("FAILED  score 61% (min 80%)")
        .contains("FAIL   test-coverage")
        .contains("coverage 41% < 70%")
        .contains("2026-01-01T10:00:00Z");

    assertThat(
            Api.JSON
                .readTree(services.run("gates", "p-1", "-o", "json").out())
                .path("scorePercent")
                .asInt())
        .isEqualTo(61);
    assertThat(services.run("gates", "p-1", "-o", "yaml").out()).contains("outcome: \"FAILED\"");
  }

  @Test
  void notificationsListsDeliveriesOfAPromotionInEachFormat() {
    services.answer(
        "/api/v1/notifications",
        "200",
        """
        [{"deliveryKey":"k","promotionId":"p 1","application":"inventory",
          "eventType":"PromotionBlocked","channel":"slack","recipient":"#releases",
          "severity":"HIGH","status":"SENT","summary":"inventory 1.4.2 blocked","attempts":1,
          "at":"2026-01-01T10:00:03Z"}]
        """);

    Run table = services.run("notifications", "p 1", "--token", "t");
    assertThat(table.exitCode()).isZero();
    assertThat(services.calls.get(0).path()).isEqualTo("/api/v1/notifications?promotionId=p%201");
    assertThat(table.out())
        .contains("SENT")
        .contains("slack")
        .contains("#releases")
        .contains("PromotionBlocked (1 attempt)");
    assertThat(Api.JSON.readTree(services.run("notifications", "p 1", "-o", "json").out()))
        .hasSize(1);
    assertThat(services.run("notifications", "p 1", "-o", "yaml").out())
        .contains("channel: \"slack\"");
  }

  @Test
  void listsFollowTheNextLinkToTheLastPage() {
    services
        .answerPage(
            "/api/v1/approvals",
            "[{\"approvalId\":\"apr-1\",\"status\":\"PENDING\",\"expiresAt\":\"2026-01-01T10:00:00Z\"}]",
            "</api/v1/approvals?status=PENDING&cursor=YXByLTE>; rel=\"next\"")
        .answerPage(
            "/api/v1/approvals",
            "[{\"approvalId\":\"apr-2\",\"status\":\"PENDING\",\"expiresAt\":\"2026-01-01T11:00:00Z\"}]",
            null);

    Run list = services.run("approvals", "list", "--token", "t");
    assertThat(list.exitCode()).isZero();
    assertThat(list.out()).contains("apr-1", "apr-2", "expires 2026-01-01T11:00:00Z");
    assertThat(services.calls).hasSize(2);
    assertThat(services.calls.get(1).path())
        .isEqualTo("/api/v1/approvals?status=PENDING&cursor=YXByLTE");
    assertThat(services.calls.get(1).authorization()).isEqualTo("Bearer t");
  }

  @Test
  void aNextLinkToAnotherHostIsRefusedAndTheTokenNotSent() {
    services.answerPage(
        "/api/v1/approvals",
        "[{\"approvalId\":\"apr-1\",\"status\":\"PENDING\",\"expiresAt\":\"2026-01-01T10:00:00Z\"}]",
        "<http://elsewhere.example/api/v1/approvals?cursor=x>; rel=\"next\"");

    Run list = services.run("approvals", "list", "--token", "t");
    assertThat(list.exitCode()).isEqualTo(PromoflowCli.REFUSED);
    assertThat(list.err()).contains("links to another host");
    assertThat(services.calls).hasSize(1);
  }

  @Test
  void theNextLinkIsReadAsRfc8288SaysAmongOtherLinks() {
    assertThat(Api.nextLink("</a?cursor=x>; rel=\"next\"")).isEqualTo("/a?cursor=x");
    assertThat(Api.nextLink("</first>; rel=first, </b?c=1>; title=\"x\"; rel=\"prev next\""))
        .isEqualTo("/b?c=1");
    assertThat(Api.nextLink("</a>; rel=\"prev\"")).isNull();
    assertThat(Api.nextLink(null)).isNull();
  }

  @Test
  void statusAndApprovalsListTakeTheOutputFormat() {
    services.answer(
        "/api/v1/applications/inventory",
        "200",
        "{\"application\":\"inventory\",\"stages\":{\"QA\":{\"version\":\"1.4.2\"}},\"history\":[]}");
    services.answer(
        "/api/v1/approvals", "200", "[{\"approvalId\":\"apr-1\",\"status\":\"PENDING\"}]");

    assertThat(services.run("status", "inventory").out()).contains("QA").contains("1.4.2");
    assertThat(
            Api.JSON
                .readTree(services.run("status", "inventory", "-o", "json").out())
                .path("stages")
                .path("QA")
                .path("version")
                .asString())
        .isEqualTo("1.4.2");
    assertThat(services.run("approvals", "list", "-o", "yaml").out())
        .contains("approvalId: \"apr-1\"");
    assertThat(services.run("approvals", "list").out()).contains("apr-1  PENDING");
  }

  @Test
  void overrideSendsKindAndReasonAsTheAdminAndABadKindIsAUsageError() {
    services.answer(
        "/api/v1/promotions/p-1/override", "202", "{\"promotionId\":\"p-1\",\"eventId\":\"e-9\"}");

    Run run =
        services.run(
            "override",
            "p-1",
            "--kind",
            "FORCE",
            "--reason",
            "hotfix window",
            "--token",
            "local-admin");

    assertThat(run.exitCode()).isZero();
    Call call = services.calls.get(0);
    assertThat(call.method()).isEqualTo("POST");
    assertThat(call.path()).isEqualTo("/api/v1/promotions/p-1/override");
    assertThat(call.authorization()).isEqualTo("Bearer local-admin");
    assertThat(Api.JSON.readTree(call.body()).path("kind").asString()).isEqualTo("FORCE");
    assertThat(Api.JSON.readTree(call.body()).path("reason").asString()).isEqualTo("hotfix window");
    assertThat(run.out()).contains("FORCE override of promotion p-1 recorded (event e-9)");

    Run bad = services.run("override", "p-1", "--kind", "LATER", "--reason", "x");
    assertThat(bad.exitCode()).isEqualTo(2);
    assertThat(bad.err()).contains("--kind");
    assertThat(services.run("override", "p-1", "--kind", "FORCE").exitCode()).isEqualTo(2);
    assertThat(services.calls).hasSize(1);
  }

  @Test
  void overrideRefusedByTheServicePrintsItsReasonAndExitsOne() {
    services.answer(
        "/api/v1/promotions/p-1/override",
        "409",
        "{\"status\":409,\"detail\":\"critical gates failed and are never overridden: [sbom]\"}");

    Run run = services.run("override", "p-1", "--kind", "FORCE", "--reason", "x");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("error 409: critical gates failed");
  }

  @Test
  void holdsLiftSendsTheHeldVersionAndReason() {
    services.answer("/api/v1/holds/lift", "202", "{\"eventId\":\"e-1\"}");

    Run run =
        services.run(
            "holds",
            "lift",
            "inventory",
            "PROD",
            "1.4.2",
            "--reason",
            "fixed",
            "--token",
            "local-admin");

    assertThat(run.exitCode()).isZero();
    Call call = services.calls.get(0);
    assertThat(call.method()).isEqualTo("POST");
    assertThat(call.path()).isEqualTo("/api/v1/holds/lift");
    assertThat(call.authorization()).isEqualTo("Bearer local-admin");
    JsonNode body = Api.JSON.readTree(call.body());
    assertThat(body.path("application").asString()).isEqualTo("inventory");
    assertThat(body.path("stage").asString()).isEqualTo("PROD");
    assertThat(body.path("version").asString()).isEqualTo("1.4.2");
    assertThat(body.path("reason").asString()).isEqualTo("fixed");
    assertThat(run.out()).contains("hold on inventory 1.4.2 in PROD lifted (event e-1)");
    assertThat(services.run("holds", "lift", "inventory", "PROD", "1.4.2").exitCode()).isEqualTo(2);
  }

  @Test
  void healthReportSendsTheReadings() {
    services.answer("/api/v1/health-reports", "202", "{\"eventId\":\"e-2\"}");

    Run run =
        services.run(
            "health",
            "report",
            "inventory",
            "STAGING",
            "1.4.2",
            "--health-score",
            "0.98",
            "--error-rate",
            "0.002",
            "--latency-p99-ms",
            "180",
            "--impact",
            "MEDIUM",
            "--token",
            "local-ci");

    assertThat(run.exitCode()).isZero();
    Call call = services.calls.get(0);
    assertThat(call.method()).isEqualTo("POST");
    assertThat(call.path()).isEqualTo("/api/v1/health-reports");
    assertThat(call.authorization()).isEqualTo("Bearer local-ci");
    JsonNode body = Api.JSON.readTree(call.body());
    assertThat(body.path("healthScore").asDouble()).isEqualTo(0.98);
    assertThat(body.path("errorRate").asDouble()).isEqualTo(0.002);
    assertThat(body.path("latencyP99Ms").asLong()).isEqualTo(180);
    assertThat(body.path("businessImpact").asString()).isEqualTo("MEDIUM");
    assertThat(body.path("stage").asString()).isEqualTo("STAGING");
    assertThat(run.out()).contains("reported (event e-2)");
    assertThat(
            services
                .run("health", "report", "inventory", "STAGING", "1.4.2", "--health-score", "high")
                .exitCode())
        .isEqualTo(2);
  }

  @Test
  void verificationsRerunSendsApplicationStageAndReason() {
    services.answer(
        "/api/v1/verifications/rerun", "202", "{\"eventId\":\"e-3\",\"version\":\"1.4.2\"}");

    Run run =
        services.run(
            "verifications",
            "rerun",
            "inventory",
            "STAGING",
            "--reason",
            "no data",
            "--token",
            "local-monitor");

    assertThat(run.exitCode()).isZero();
    Call call = services.calls.get(0);
    assertThat(call.path()).isEqualTo("/api/v1/verifications/rerun");
    assertThat(call.authorization()).isEqualTo("Bearer local-monitor");
    assertThat(call.body()).contains("\"stage\":\"STAGING\"").contains("\"reason\":\"no data\"");
    assertThat(run.out()).contains("verification of inventory 1.4.2 in STAGING rerun requested");
  }

  @Test
  void anUnreachableServiceExitsThreeWithOneLineNamingItsUrl() throws IOException {
    String base = StubServices.unreachableBase();
    for (String[] command :
        List.of(
            new String[] {"promotion", "show", "p-1"},
            new String[] {"promotion", "watch", "p-1"},
            new String[] {"gates", "p-1"},
            new String[] {"notifications", "p-1"},
            new String[] {"override", "p-1", "--kind", "FORCE", "--reason", "x"},
            new String[] {"holds", "lift", "a", "PROD", "1", "--reason", "x"},
            new String[] {"status", "inventory"})) {
      List<String> args = new ArrayList<>(List.of(command));
      args.addAll(List.of("--endpoint", StubServices.endpointsAt(base)));
      Run run = StubServices.runPlain(args.toArray(String[]::new));
      assertThat(run.exitCode()).as(String.join(" ", command)).isEqualTo(3);
      assertThat(run.err().lines()).as(String.join(" ", command)).hasSize(1);
      assertThat(run.err()).contains("cannot reach " + base).contains("connection refused");
    }
  }

  @Test
  void resetRemovesTheStateDirectoryOnlyWithYes(@TempDir Path home) throws IOException {
    Path state = Files.createDirectories(home.resolve(".promoflow/kafka/logs"));
    Files.writeString(state.resolve("segment"), "data");

    Run refused = StubServices.runPlain("reset", "--home", home.toString());
    assertThat(refused.exitCode()).isEqualTo(1);
    assertThat(refused.err()).contains("--yes");
    assertThat(state.resolve("segment")).exists();

    Run done = StubServices.runPlain("reset", "--yes", "--home", home.toString());
    assertThat(done.exitCode()).isZero();
    assertThat(home.resolve(".promoflow")).doesNotExist();
    assertThat(done.out()).contains("removed .promoflow/");
  }

  @Test
  void completionPrintsPicocliGeneratedScriptForTheWholeTree() {
    Run run = StubServices.runPlain("completion");
    assertThat(run.exitCode()).isZero();
    assertThat(run.out())
        .contains("complete -F _complete_promoflow")
        .contains("watch")
        .contains("--kind");
  }

  @Test
  void everyCommandAnswersHelpAndVersionWithExitZero() {
    List<CommandLine> all = new ArrayList<>();
    collect(PromoflowCli.commandLine(), all);
    assertThat(all).extracting(CommandLine::getCommandName).contains("watch", "lift", "report");
    for (CommandLine command : all) {
      List<String> path = new ArrayList<>();
      for (CommandLine c = command; c.getParent() != null; c = c.getParent()) {
        path.add(0, c.getCommandName());
      }
      String name = String.join(" ", path);
      List<String> help = new ArrayList<>(path);
      help.add("--help");
      Run run = StubServices.runPlain(help.toArray(String[]::new));
      assertThat(run.exitCode()).as(name + " --help").isZero();
      assertThat(run.out()).as(name + " --help").contains("Usage: promoflow");
      assertThat(run.err()).as(name + " --help").isEmpty();

      List<String> version = new ArrayList<>(path);
      // builds publish and releases create have --version for the build's or release's version:
      // their version flag is -V
      version.add(
          name.equals("builds publish") || name.equals("releases create") ? "-V" : "--version");
      Run v = StubServices.runPlain(version.toArray(String[]::new));
      assertThat(v.exitCode()).as(name + " --version").isZero();
      assertThat(v.out()).as(name + " --version").startsWith("promoflow ");
    }
  }

  private static void collect(CommandLine command, List<CommandLine> into) {
    into.add(command);
    // help is picocli's HelpCommand: it has -h/--help but no --version
    command.getSubcommands().values().stream()
        .filter(c -> !c.getCommandName().equals("help"))
        .distinct()
        .forEach(c -> collect(c, into));
  }
}
