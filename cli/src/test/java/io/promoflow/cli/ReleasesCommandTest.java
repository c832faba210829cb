package io.promoflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.promoflow.cli.StubServices.Call;
import io.promoflow.cli.StubServices.Run;
import java.io.IOException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * {@code promoflow releases …} against stand-in services (GitHub issue 18, RELEASES.md points 8 and
 * 9): arguments → request (service, method, path, body, token), answer → output, problem+json →
 * detail and field on stderr with exit code 1.
 */
class ReleasesCommandTest {

  /** A release document as {@code GET /api/v1/releases/{id}} answers it. */
  static final String RELEASE =
      """
      {"releaseId":"rel-1","version":"2026.47.0","type":"PLATFORM_MINOR","validationLevel":"standard",
       "strategy":"rolling","train":false,"trainDate":null,"phase":null,"phases":[],
       "requestedBy":"dev","changeRequestId":"CHG-7","createdAt":"2026-11-21T10:00:00Z",
       "components":[
         {"application":"catalog","version":"1.0.3","digest":"sha256:c","requires":{},
          "stage":"STAGING","verification":"PASSED"},
         {"application":"checkout","version":"1.0.5","digest":"sha256:k",
          "requires":{"inventory":">=1.0 <2","catalog":">=1.0"},"stage":"STAGING","verification":"PENDING"}],
       "promotions":[
         {"targetStage":"STAGING","state":"PROMOTED","requestedBy":"dev","requestedAt":"2026-11-21T10:01:00Z",
          "releaseGates":[
            {"gate":"service-versions","passed":true,"reason":"every component verified in QA",
             "inputs":{"catalog":"1.0.3 verified in QA"}},
            {"gate":"compatibility","passed":true,"reason":"every range satisfied",
             "inputs":{"checkout→inventory":">=1.0 <2 by 1.0.4"}}],
          "components":[
            {"application":"catalog","promotionId":"p-c","approvalId":null,"outcome":"PROMOTED"},
            {"application":"checkout","promotionId":"p-k","approvalId":null,"outcome":"PROMOTED"}],
          "reasons":[],"rollbacks":[]},
         {"targetStage":"PROD","state":"FAILED","requestedBy":"dev","requestedAt":"2026-11-21T10:05:00Z",
          "releaseGates":[],
          "components":[
            {"application":"catalog","promotionId":"p-c2","approvalId":"apr-c2","outcome":"PROMOTED"},
            {"application":"checkout","promotionId":"p-k2","approvalId":"apr-k2","outcome":"BLOCKED"}],
          "reasons":["checkout blocked: unit-tests failed"],
          "rollbacks":[{"application":"catalog","fromVersion":"1.0.3","toVersion":"1.0.1","promotionId":"p-rb"}]}],
       "timeline":[
         {"at":"2026-11-21T10:00:00Z","event":"ReleaseCreated","detail":"2 components"},
         {"at":"2026-11-21T10:02:00Z","event":"ReleaseStagePromoted","detail":"STAGING"}]}
      """;

  StubServices services;

  @BeforeEach
  void start() throws IOException {
    services = new StubServices();
  }

  @AfterEach
  void stop() {
    services.close();
  }

  @Test
  void createPostsTheComponentsInOrderToTriggerService() {
    services.answer(
        "/api/v1/releases", "202", "{\"releaseId\":\"rel-1\",\"version\":\"2026.47.0\"}");

    Run run =
        services.run(
            "releases",
            "create",
            "--version",
            "2026.47.0",
            "--type",
            "PLATFORM_MINOR",
            "--component",
            "catalog=1.0.3",
            "--component",
            "checkout=1.0.5",
            "--change-request",
            "CHG-7",
            "--token",
            "local-dev");

    assertThat(run.exitCode()).isZero();
    Call call = services.calls.get(0);
    assertThat(call.method()).isEqualTo("POST");
    assertThat(call.path()).isEqualTo("/api/v1/releases");
    assertThat(call.authorization()).isEqualTo("Bearer local-dev");
    JsonNode body = Api.JSON.readTree(call.body());
    assertThat(body.path("version").asString()).isEqualTo("2026.47.0");
    assertThat(body.path("type").asString()).isEqualTo("PLATFORM_MINOR");
    assertThat(body.path("components").get(1).path("application").asString()).isEqualTo("checkout");
    assertThat(body.path("components").get(1).path("version").asString()).isEqualTo("1.0.5");
    assertThat(body.path("changeRequestId").asString()).isEqualTo("CHG-7");
    assertThat(body.path("train").asBoolean()).isFalse();
    assertThat(run.out())
        .contains("release 2026.47.0 created: rel-1")
        .contains("promoflow releases promote rel-1 --to <STAGE>");
  }

  @Test
  void aTrainNamesNoComponentsAndTakesItsDateAndVersionFromTheAnswer() {
    services.answer(
        "/api/v1/releases", "202", "{\"releaseId\":\"rel-t\",\"version\":\"2026.48.0\"}");

    Run run =
        services.run(
            "releases",
            "create",
            "--train",
            "--train-date",
            "2026-11-30",
            "--type",
            "PLATFORM_MINOR",
            "--token",
            "local-dev");

    assertThat(run.exitCode()).isZero();
    JsonNode body = Api.JSON.readTree(services.calls.get(0).body());
    assertThat(body.path("train").asBoolean()).isTrue();
    assertThat(body.path("trainDate").asString()).isEqualTo("2026-11-30");
    assertThat(body.path("components").isEmpty()).isTrue();
    assertThat(body.path("version").isNull()).isTrue();
    assertThat(run.out()).contains("train 2026.48.0 created: rel-t").doesNotContain("promote");
  }

  @Test
  void aComponentWithoutVersionIsAUsageErrorAndNothingIsSent() {
    Run run =
        services.run(
            "releases",
            "create",
            "--version",
            "1",
            "--type",
            "PLATFORM_MINOR",
            "--component",
            "catalog");

    assertThat(run.exitCode()).isEqualTo(PromoflowCli.USAGE);
    assertThat(run.err()).contains("--component catalog: expected APPLICATION=VERSION");
    assertThat(services.calls).isEmpty();
  }

  @Test
  void aRefusalPrintsTheProblemsDetailAndFieldAndExitsOne() {
    services.answer(
        "/api/v1/releases",
        "400",
        "{\"status\":400,\"title\":\"Invalid request\","
            + "\"detail\":\"no build of inventory 9.9.9 recorded\",\"field\":\"components[1].version\"}");

    Run run =
        services.run(
            "releases",
            "create",
            "--version",
            "2026.47.0",
            "--type",
            "PLATFORM_MINOR",
            "--component",
            "catalog=1.0.3",
            "--component",
            "inventory=9.9.9",
            "--token",
            "local-dev");

    assertThat(run.exitCode()).isEqualTo(PromoflowCli.REFUSED);
    assertThat(run.err())
        .contains("error 400: no build of inventory 9.9.9 recorded (field components[1].version)");
  }

  @Test
  void aDetailThatAlreadyNamesItsFieldIsPrintedOnce() {
    services.answer(
        "/api/v1/releases/rel-1/promotions",
        "400",
        "{\"status\":400,\"detail\":\"targetStage: unknown stage NOPE\",\"field\":\"targetStage\"}");

    Run run = services.run("releases", "promote", "rel-1", "--to", "NOPE", "--token", "t");

    assertThat(run.exitCode()).isEqualTo(PromoflowCli.REFUSED);
    assertThat(run.err())
        .contains("error 400: targetStage: unknown stage NOPE")
        .doesNotContain("(field");
  }

  @Test
  void showPrintsComponentsPromotionsGatesRollbacksAndTimeline() {
    services.answer("/api/v1/releases/rel-1", "200", RELEASE);

    Run run = services.run("releases", "show", "rel-1", "--token", "local-viewer");

    assertThat(run.exitCode()).isZero();
    Call call = services.calls.get(0);
    assertThat(call.method()).isEqualTo("GET");
    assertThat(call.path()).isEqualTo("/api/v1/releases/rel-1");
    assertThat(call.authorization()).isEqualTo("Bearer local-viewer");
    assertThat(run.out())
        .contains(
            "release 2026.47.0  rel-1  PLATFORM_MINOR  (validation standard, strategy rolling)")
        .contains("change request CHG-7")
        .containsPattern("checkout\\s+1\\.0\\.5\\s+STAGING\\s+PENDING\\s+inventory >=1.0 <2")
        .contains("-> STAGING  PROMOTED  requested by dev")
        .containsPattern("service-versions\\s+passed  every component verified in QA")
        .contains("checkout→inventory: >=1.0 <2 by 1.0.4")
        .containsPattern("checkout\\s+BLOCKED\\s+promotion p-k2  approval apr-k2")
        .contains("reason: checkout blocked: unit-tests failed")
        .containsPattern("catalog\\s+1\\.0\\.3 -> 1\\.0\\.1  promotion p-rb")
        .contains("2026-11-21T10:02:00Z  ReleaseStagePromoted: STAGING");
  }

  @Test
  void showJsonPrintsTheDocumentUnchanged() {
    services.answer("/api/v1/releases/rel-1", "200", RELEASE);

    Run run = services.run("releases", "show", "rel-1", "--json", "--token", "t");

    assertThat(run.exitCode()).isZero();
    assertThat(Api.JSON.readTree(run.out())).isEqualTo(Api.JSON.readTree(RELEASE));
  }

  @Test
  void promotePostsTheStageAndChangeRequest() {
    services.answer(
        "/api/v1/releases/rel-1/promotions",
        "202",
        "{\"releaseId\":\"rel-1\",\"targetStage\":\"PROD\"}");

    Run run =
        services.run(
            "releases",
            "promote",
            "rel-1",
            "--to",
            "PROD",
            "--change-request",
            "CHG-8",
            "--token",
            "local-dev");

    assertThat(run.exitCode()).isZero();
    Call call = services.calls.get(0);
    assertThat(call.method()).isEqualTo("POST");
    assertThat(call.path()).isEqualTo("/api/v1/releases/rel-1/promotions");
    JsonNode body = Api.JSON.readTree(call.body());
    assertThat(body.path("targetStage").asString()).isEqualTo("PROD");
    assertThat(body.path("changeRequestId").asString()).isEqualTo("CHG-8");
    assertThat(run.out()).contains("release rel-1 promotion to PROD requested");
  }

  @Test
  void promoteWithoutTargetStageIsAUsageError() {
    Run run = services.run("releases", "promote", "rel-1");

    assertThat(run.exitCode()).isEqualTo(PromoflowCli.USAGE);
    assertThat(services.calls).isEmpty();
  }

  @Test
  void listFollowsEveryPageAndFiltersTrains() {
    String page1 =
        "[{\"releaseId\":\"rel-2\",\"version\":\"2026.48.0\",\"type\":\"PLATFORM_MINOR\",\"train\":true,"
            + "\"phase\":\"integration\",\"stage\":\"QA\",\"state\":\"PROMOTED\",\"createdAt\":\"2026-11-21T10:00:00Z\"}]";
    String page2 =
        "[{\"releaseId\":\"rel-1\",\"version\":\"2026.46.0\",\"type\":\"PLATFORM_PATCH\",\"train\":true,"
            + "\"phase\":\"retrospective\",\"stage\":\"PROD\",\"state\":\"PROMOTED\",\"createdAt\":\"2026-11-07T10:00:00Z\"}]";
    services.answerPage(
        "/api/v1/releases", page1, "</api/v1/releases?train=true&cursor=c2>; rel=\"next\"");
    services.answerPage("/api/v1/releases", page2, null);

    Run run = services.run("releases", "list", "--train", "--token", "local-viewer");

    assertThat(run.exitCode()).isZero();
    assertThat(services.calls)
        .extracting(Call::path)
        .containsExactly("/api/v1/releases?train=true", "/api/v1/releases?train=true&cursor=c2");
    assertThat(run.out())
        .containsPattern(
            "rel-2\\s+2026\\.48\\.0\\s+PLATFORM_MINOR\\s+train integration\\s+QA\\s+PROMOTED")
        .contains("rel-1");

    Run json = services.run("releases", "list", "-o", "json", "--token", "t");
    assertThat(services.calls.get(2).path()).isEqualTo("/api/v1/releases");
    assertThat(Api.JSON.readTree(json.out()).isArray()).isTrue();
  }

  @Test
  void approveDecidesTheWholeReleaseAtApprovalService() {
    services.answer(
        "/api/v1/releases/rel-1/decisions",
        "202",
        "{\"releaseId\":\"rel-1\",\"approvalIds\":[\"apr-a\",\"apr-b\",\"apr-c\"]}");

    Run run =
        services.run(
            "releases", "approve", "rel-1", "--comment", "go", "--token", "local-approver-1");

    assertThat(run.exitCode()).isZero();
    Call call = services.calls.get(0);
    assertThat(call.method()).isEqualTo("POST");
    assertThat(call.path()).isEqualTo("/api/v1/releases/rel-1/decisions");
    assertThat(call.authorization()).isEqualTo("Bearer local-approver-1");
    JsonNode body = Api.JSON.readTree(call.body());
    assertThat(body.path("decision").asString()).isEqualTo("APPROVE");
    assertThat(body.path("comment").asString()).isEqualTo("go");
    assertThat(run.out())
        .contains(
            "approve recorded for release rel-1 on 3 component approvals: apr-a, apr-b, apr-c");
  }

  @Test
  void rejectNeedsACommentAndAConflictIsReported() {
    assertThat(services.run("releases", "reject", "rel-1").exitCode())
        .isEqualTo(PromoflowCli.USAGE);
    assertThat(services.calls).isEmpty();

    services.answer(
        "/api/v1/releases/rel-1/decisions",
        "409",
        "{\"status\":409,\"detail\":\"2 of 3 components awaiting approval\"}");
    Run run =
        services.run(
            "releases", "reject", "rel-1", "--comment", "not now", "--token", "local-approver-1");

    assertThat(run.exitCode()).isEqualTo(PromoflowCli.REFUSED);
    assertThat(Api.JSON.readTree(services.calls.get(0).body()).path("decision").asString())
        .isEqualTo("REJECT");
    assertThat(run.err()).contains("error 409: 2 of 3 components awaiting approval");
  }
}
