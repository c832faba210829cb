package io.promoflow.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promoflow.schemas.approvals.ApprovalDecisionRecorded;
import io.promoflow.schemas.approvals.ApprovalGranted;
import io.promoflow.schemas.approvals.ApprovalsEnvelope;
import io.promoflow.schemas.common.ArtifactRef;
import io.promoflow.schemas.common.EventMetadata;
import io.promoflow.schemas.notifications.NotificationDelivered;
import io.promoflow.schemas.notifications.NotificationsEnvelope;
import io.promoflow.schemas.promotions.PromotionsEnvelope;
import io.promoflow.schemas.promotions.StagePromoted;
import io.promoflow.schemas.requests.PromotionType;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The chaos run's verdict from topic records ({@link ChaosChecks}) and its options. */
class ChaosChecksTest {

  static EventMetadata meta(String application, String version, String promotionId) {
    EventMetadata m = new EventMetadata();
    m.setPromotionId(promotionId);
    if (application != null) {
      ArtifactRef a = new ArtifactRef();
      a.setApplication(application);
      a.setVersion(version);
      m.setArtifact(a);
    }
    return m;
  }

  static PromotionsEnvelope promoted(String app, String version, String stage, String id) {
    return promoted(app, version, stage, id, PromotionType.AUTOMATIC);
  }

  static PromotionsEnvelope promoted(
      String app, String version, String stage, String id, PromotionType type) {
    StagePromoted p = new StagePromoted();
    p.setTargetStage(stage);
    p.setPromotionType(type);
    return new PromotionsEnvelope(meta(app, version, id), p);
  }

  /** DEV, QA and STAGING of one build, each by its own promotion. */
  static List<PromotionsEnvelope> driven(String app, String version) {
    return List.of(
        promoted(app, version, "DEV", app + version + "d"),
        promoted(app, version, "QA", app + version + "q"),
        promoted(app, version, "STAGING", app + version + "s"));
  }

  static NotificationsEnvelope delivered(String key) {
    NotificationDelivered d = new NotificationDelivered();
    d.setDeliveryKey(key);
    return new NotificationsEnvelope(meta(null, null, null), d);
  }

  static ApprovalsEnvelope decision(String approvalId, String approver) {
    ApprovalDecisionRecorded d = new ApprovalDecisionRecorded();
    d.setApprovalId(approvalId);
    d.setApprover(approver);
    return new ApprovalsEnvelope(meta(null, null, null), d);
  }

  static ApprovalsEnvelope granted(String approvalId, String promotionId) {
    ApprovalGranted g = new ApprovalGranted();
    g.setApprovalId(approvalId);
    return new ApprovalsEnvelope(meta("a", "1", promotionId), g);
  }

  static List<PromotionsEnvelope> all(List<List<PromotionsEnvelope>> lists) {
    return lists.stream().flatMap(List::stream).toList();
  }

  @Test
  void everyBuildThroughEveryStageOnceAndPromotedByItsGrantIsClean() {
    ChaosChecks c =
        ChaosChecks.check(
            new ChaosChecks.Expected(
                Set.of("a 1", "b 2"), Map.of("p-prod", "a 1"), Set.of("x by release-manager")),
            all(
                List.of(
                    driven("a", "1"),
                    driven("b", "2"),
                    List.of(
                        promoted("a", "1", "PROD", "p-prod"),
                        // a rollback brings a 1 back into QA: not a second entry of the build
                        promoted("a", "1", "QA", "rb", PromotionType.ROLLBACK)))),
            List.of(delivered("k1"), delivered("k2")),
            List.of(
                decision("x", "release-manager"),
                decision("x", "platform-lead"),
                granted("x", "p-prod")));

    assertThat(c.lost()).isEmpty();
    assertThat(c.duplicates()).isEmpty();
    assertThat(c.duplicated()).isZero();
  }

  @Test
  void aMissingStageDecisionGrantOrProdIsLostAndARecordWithoutItsArtifactCountsForNone() {
    ChaosChecks c =
        ChaosChecks.check(
            new ChaosChecks.Expected(
                Set.of("a 1", "a 2", "b 3"),
                Map.of("p-prod", "b 3"),
                Set.of("x by release-manager", "y by platform-lead")),
            all(
                List.of(
                    driven("a", "1"),
                    List.of(
                        promoted("a", "2", "DEV", "p2"),
                        promoted(null, null, "QA", "p3"),
                        promoted("b", "3", "DEV", "p4"),
                        promoted("b", "3", "QA", "p5"),
                        promoted("b", "3", "STAGING", "p6")))),
            List.of(),
            List.of(decision("x", "release-manager"), granted("x", "p-prod"), granted("z", null)));

    assertThat(c.lost())
        .containsExactlyInAnyOrder(
            "a 2 never entered QA",
            "a 2 never entered STAGING",
            "b 3 never entered PROD (promotion p-prod)",
            "approval decision y by platform-lead never recorded",
            "approval y never granted",
            "approval x granted, PROD never entered",
            "approval z granted, PROD never entered");
    assertThat(c.duplicates()).isEmpty();
  }

  @Test
  void everyFactRecordedTwiceIsADuplicate() {
    ChaosChecks c =
        ChaosChecks.check(
            ChaosChecks.Expected.builds(Set.of("a 1")),
            List.of(
                // DEV twice under different promotions, QA three times under the same one, PROD
                // twice by one grant, a rollback promotion twice
                promoted("a", "1", "DEV", "p1"),
                promoted("a", "1", "DEV", "p2"),
                promoted("a", "1", "QA", "p3"),
                promoted("a", "1", "QA", "p3"),
                promoted("a", "1", "QA", "p3"),
                promoted("a", "1", "STAGING", "p4"),
                promoted("a", "1", "PROD", "p5"),
                promoted("a", "1", "PROD", "p5"),
                promoted("a", "0", "DEV", "rb", PromotionType.ROLLBACK),
                promoted("a", "0", "DEV", "rb", PromotionType.ROLLBACK)),
            List.of(delivered("k1"), delivered("k1")),
            List.of(
                decision("x", "alice"),
                decision("x", "alice"),
                granted("x", "p5"),
                granted("x", "p5")));

    assertThat(c.duplicates())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "entered a 1 DEV", 2,
                "entered a 1 QA", 3,
                "entered a 1 PROD", 2,
                "rollback StagePromoted a 0 DEV rb", 2,
                "NotificationDelivered k1", 2,
                "approval decision x by alice", 2,
                "approval concluded x", 2));
    assertThat(c.duplicated()).isEqualTo(1 + 2 + 1 + 1 + 1 + 1 + 1);
    assertThat(c.lost()).isEmpty();
  }

  @Test
  void theChaosPolicyIsTheLocalOneWithSixSecondWindowsAndNoSoak() throws Exception {
    String chaos;
    try (var in =
        Chaos.class.getResourceAsStream("/" + Chaos.POLICY.substring("classpath:".length()))) {
      chaos = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
    String local = java.nio.file.Files.readString(Path.of("..", "config", "pipeline-local.yaml"));
    var policy = io.promoflow.rules.policy.PolicyLoader.load(Chaos.POLICY, chaos);
    assertThat(policy.stages())
        .allSatisfy(
            s -> {
              assertThat(s.monitoringWindow()).isEqualTo(java.time.Duration.ofSeconds(6));
              assertThat(s.soakTime()).isZero();
            });
    assertThat(withoutWindowsAndComments(chaos).replace("name: chaos", "name: local"))
        .isEqualTo(withoutWindowsAndComments(local));
  }

  static String withoutWindowsAndComments(String yaml) {
    return yaml.lines()
        .map(l -> l.replaceAll("\\s*#.*$", ""))
        .filter(l -> !l.isBlank())
        .map(l -> l.replaceAll("(monitoringWindow|soakTime): PT\\d+S", "$1: _"))
        .collect(java.util.stream.Collectors.joining("\n"));
  }

  @Test
  void aRunHasAboutFourBuildsPerApplicationOnSixToThirtyApplications() {
    assertThat(Chaos.applications(1)).hasSize(6);
    assertThat(Chaos.applications(50)).hasSize(13).startsWith("chaos-00").endsWith("chaos-12");
    assertThat(Chaos.applications(100)).hasSize(25);
    assertThat(Chaos.applications(1000)).hasSize(30);
  }

  @Test
  void aBuildCarriesEvidenceAndACommitAuthorWhoIsNoApprover() {
    String build = Chaos.build("chaos-00", "1.0.4");
    assertThat(build)
        .contains("\"commitAuthor\":\"author@chaos.example\"")
        .contains("\"format\":\"cyclonedx-json\"")
        .contains("\"kind\":\"integration\"");
    assertThat(Chaos.healthy("chaos-00", "QA", "1.0.4"))
        .contains("\"stage\": \"QA\"")
        .contains("\"healthScore\": 0.99");
  }

  @Test
  void theLastLineHasTheExactFormAndPassesOnlyWhenClean() {
    ChaosChecks clean = new ChaosChecks(Set.of(), Map.of());
    Chaos.Result ok = new Chaos.Result(20, 100, clean, true, true, null);
    assertThat(ok.line())
        .isEqualTo(
            "chaos: 20 kills, 100 builds accepted, 0 lost, 0 duplicated, audit intact, replay identical");
    assertThat(ok.passed()).isTrue();

    Chaos.Result bad =
        new Chaos.Result(
            3,
            10,
            new ChaosChecks(Set.of("a 1"), Map.of("entered DEV a 2", 3)),
            false,
            false,
            null);
    assertThat(bad.line())
        .isEqualTo(
            "chaos: 3 kills, 10 builds accepted, 1 lost, 2 duplicated, audit BROKEN, replay DIFFERENT");
    assertThat(bad.passed()).isFalse();
    assertThat(new Chaos.Result(1, 1, clean, true, false, null).passed()).isFalse();
    assertThat(new Chaos.Result(1, 1, clean, false, true, null).passed()).isFalse();
  }

  @Test
  void optionsAreParsedAndABadOneIsNamed() {
    Chaos.Options o =
        Chaos.Options.parse(
            List.of("--kills", "20", "--builds", "100", "--seed", "7", "--home", "x", "--keep"));
    assertThat(o.kills()).isEqualTo(20);
    assertThat(o.builds()).isEqualTo(100);
    assertThat(o.seed()).isEqualTo(7);
    assertThat(o.home()).isEqualTo(Path.of("x"));
    assertThat(o.keep()).isTrue();
    assertThat(Chaos.Options.parse(List.of()).kills()).isEqualTo(10);
    assertThat(Chaos.Options.parse(List.of()).policy()).isEqualTo(Chaos.POLICY);

    assertThatThrownBy(() -> Chaos.Options.parse(List.of("--kills", "many")))
        .hasMessageContaining("--kills");
    assertThatThrownBy(() -> Chaos.Options.parse(List.of("--builds", "-1")))
        .hasMessageContaining("--builds");
    assertThatThrownBy(() -> Chaos.Options.parse(List.of("--speed", "1")))
        .hasMessageContaining("--speed");
    assertThatThrownBy(() -> Chaos.Options.parse(List.of("--seed"))).hasMessageContaining("--seed");
  }
}
