package io.promoflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.promoflow.cli.StubServices.Call;
import io.promoflow.cli.StubServices.Run;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The story of {@code promoflow demo --release} against stand-in services whose answers follow what
 * the demo sent: three builds (checkout with its {@code dependencies-json}), each verified into
 * STAGING once the deployer reported it healthy, release 2026.47.0 created and requested into PROD
 * with a change request, and the one approval of the release printed.
 */
class ReleaseDemoTest {

  StubServices services;

  @BeforeEach
  void start() throws IOException {
    services = new StubServices();
    for (String application : ReleaseDemo.COMPONENTS) {
      services.answerWith(
          "/api/v1/applications/" + application, calls -> application(calls, application));
    }
    services.answer(
        "/api/v1/releases", "202", "{\"releaseId\":\"rel-demo\",\"version\":\"2026.47.0\"}");
    services.answer(
        "/api/v1/releases/rel-demo/promotions",
        "202",
        "{\"releaseId\":\"rel-demo\",\"targetStage\":\"PROD\"}");
    services.answer(
        "/api/v1/approvals",
        "200",
        "[{\"approvalId\":\"apr-1\",\"promotionId\":\"p-catalog\"},"
            + "{\"approvalId\":\"apr-2\",\"promotionId\":\"p-inventory\"},"
            + "{\"approvalId\":\"apr-3\",\"promotionId\":\"p-checkout\"}]");
  }

  @AfterEach
  void stop() {
    services.close();
  }

  /** The build the demo published of {@code application}, if any. */
  static Optional<JsonNode> build(List<Call> calls, String application) {
    return calls.stream()
        .filter(c -> c.method().equals("POST") && c.path().equals("/api/v1/builds"))
        .map(c -> Api.JSON.readTree(c.body()))
        .filter(b -> b.path("application").asString().equals(application))
        .findFirst();
  }

  /**
   * promotion-service's view: the built version verified in DEV and QA, and in STAGING once the
   * deployer reported it healthy there (PENDING until then).
   */
  static String[] application(List<Call> calls, String application) {
    Optional<JsonNode> build = build(calls, application);
    if (build.isEmpty()) {
      return new String[] {"404", "{\"status\":404,\"detail\":\"unknown application\"}"};
    }
    String version = build.get().path("version").asString();
    boolean healthy =
        calls.stream()
            .filter(c -> c.path().equals("/api/v1/health-reports"))
            .map(c -> Api.JSON.readTree(c.body()))
            .anyMatch(
                r ->
                    r.path("application").asString().equals(application)
                        && r.path("stage").asString().equals("STAGING"));
    String slot = "{\"version\":\"" + version + "\",\"verification\":\"%s\"}";
    return new String[] {
      "200",
      "{\"application\":\""
          + application
          + "\",\"stages\":{\"DEV\":"
          + slot.formatted("PASSED")
          + ",\"QA\":"
          + slot.formatted("PASSED")
          + ",\"STAGING\":"
          + slot.formatted(healthy ? "PASSED" : "PENDING")
          + "}}"
    };
  }

  static String release(String state, String reasons) {
    return """
        {"releaseId":"rel-demo","version":"2026.47.0","type":"PLATFORM_MINOR","components":[],
         "promotions":[{"targetStage":"PROD","state":"%s","requestedBy":"dev",
           "releaseGates":[{"gate":"service-versions","passed":true,"reason":"every version verified in STAGING","inputs":{}},
                           {"gate":"compatibility","passed":%s,"reason":"checkout's ranges","inputs":{}}],
           "components":[{"application":"catalog","promotionId":"p-catalog","outcome":"PENDING"},
                         {"application":"inventory","promotionId":"p-inventory","outcome":"PENDING"},
                         {"application":"checkout","promotionId":"p-checkout","outcome":"PENDING"}],
           "reasons":%s,"rollbacks":[]}],
         "timeline":[]}
        """
        .formatted(state, state.equals("PROMOTING"), reasons);
  }

  @Test
  void buildsThreeComponentsWaitsForStagingAndRequestsProdForTheRelease() {
    services.answer("/api/v1/releases/rel-demo", "200", release("PROMOTING", "[]"));

    Run run = services.run("demo", "--release", "--timeout", "30");

    assertThat(run.exitCode()).as(run.err()).isZero();
    // three builds with the demo's evidence; checkout's also requires the others' versions
    List<JsonNode> builds =
        ReleaseDemo.COMPONENTS.stream().map(a -> build(services.calls, a).orElseThrow()).toList();
    String version = builds.get(0).path("version").asString();
    assertThat(builds).allSatisfy(b -> assertThat(b.path("version").asString()).isEqualTo(version));
    JsonNode dependencies = null;
    for (JsonNode e : builds.get(2).path("evidence")) {
      if (e.path("format").asString().equals("dependencies-json")) {
        dependencies = Api.JSON.readTree(e.path("content").asString());
      }
    }
    assertThat(dependencies).isNotNull();
    assertThat(dependencies.path("inventory").asString()).isEqualTo(">=1.0 <2");
    assertThat(dependencies.path("catalog").asString()).isEqualTo(">=1.0");
    assertThat(builds.get(0).path("evidence").toString()).doesNotContain("dependencies-json");
    // the deployer reported each component healthy in STAGING before the release was created
    List<String> paths = services.calls.stream().map(Call::path).toList();
    assertThat(paths.indexOf("/api/v1/releases"))
        .isGreaterThan(paths.lastIndexOf("/api/v1/health-reports"));

    Call create =
        services.calls.stream()
            .filter(c -> c.path().equals("/api/v1/releases") && c.method().equals("POST"))
            .findFirst()
            .orElseThrow();
    JsonNode release = Api.JSON.readTree(create.body());
    assertThat(create.authorization()).isEqualTo("Bearer local-dev");
    assertThat(release.path("version").asString()).isEqualTo("2026.47.0");
    assertThat(release.path("type").asString()).isEqualTo("PLATFORM_MINOR");
    assertThat(release.path("components").findValuesAsString("application"))
        .containsExactly("catalog", "inventory", "checkout");
    assertThat(release.path("components").findValuesAsString("version")).containsOnly(version);

    Call promote =
        services.calls.stream()
            .filter(c -> c.path().equals("/api/v1/releases/rel-demo/promotions"))
            .findFirst()
            .orElseThrow();
    JsonNode promotion = Api.JSON.readTree(promote.body());
    assertThat(promotion.path("targetStage").asString()).isEqualTo("PROD");
    assertThat(promotion.path("changeRequestId").asString()).isEqualTo("CHG-DEMO-2026.47.0");

    assertThat(run.out())
        .contains("checkout   STAGING  verification PASSED")
        .contains("release gate compatibility: passed")
        .contains("PROD awaits one approval for the whole release: 3 component promotions")
        .contains("./promoflow releases approve rel-demo --token local-approver-1")
        .contains("./promoflow health report checkout PROD " + version);
  }

  @Test
  void failedReleaseGatesEndTheStoryWithTheirReasons() {
    services.answer(
        "/api/v1/releases/rel-demo",
        "200",
        release("GATES_FAILED", "[\"compatibility: checkout requires inventory >=1.0 <2\"]"));

    Run run = services.run("demo", "--release", "--timeout", "30");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err())
        .contains("PROD promotion ended GATES_FAILED: compatibility: checkout requires inventory");
    assertThat(run.out()).contains("release gate compatibility: FAILED").doesNotContain("approve");
  }

  @Test
  void aReleaseVersionTakenByOtherComponentsSaysHowToRunAgain() {
    // replaces the 202 queued for every test
    services.answerWith(
        "/api/v1/releases",
        calls ->
            new String[] {
              "409",
              "{\"status\":409,\"detail\":\"release 2026.47.0 exists with other components\"}"
            });

    Run run = services.run("demo", "--release", "--timeout", "30");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err())
        .contains("release 2026.47.0 exists with other components")
        .contains("--release-version");
    assertThat(services.calls).noneMatch(c -> c.path().contains("/promotions"));
  }
}
