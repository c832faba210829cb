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
    StagePromoted p = new StagePromoted();
    p.setTargetStage(stage);
    return new PromotionsEnvelope(meta(app, version, id), p);
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

  static ApprovalsEnvelope granted(String approvalId) {
    ApprovalGranted g = new ApprovalGranted();
    g.setApprovalId(approvalId);
    return new ApprovalsEnvelope(meta(null, null, null), g);
  }

  @Test
  void everyAcceptedBuildInDevOnceAndNothingTwiceIsClean() {
    ChaosChecks c =
        ChaosChecks.check(
            Set.of("a 1", "b 2"),
            List.of(
                promoted("a", "1", "DEV", "p1"),
                promoted("b", "2", "DEV", "p2"),
                promoted("a", "1", "QA", "p3")),
            List.of(delivered("k1"), delivered("k2")),
            List.of(decision("x", "alice"), decision("x", "bob"), granted("x")));

    assertThat(c.lost()).isEmpty();
    assertThat(c.duplicates()).isEmpty();
    assertThat(c.duplicated()).isZero();
  }

  @Test
  void aBuildNeverInDevIsLostAndOneWithoutItsArtifactCountsForNone() {
    ChaosChecks c =
        ChaosChecks.check(
            Set.of("a 1", "a 2"),
            List.of(promoted("a", "1", "DEV", "p1"), promoted(null, null, "DEV", "p2")),
            List.of(),
            List.of());

    assertThat(c.lost()).containsExactly("a 2");
  }

  @Test
  void everyFactRecordedTwiceIsADuplicate() {
    ChaosChecks c =
        ChaosChecks.check(
            Set.of("a 1"),
            List.of(
                // DEV twice under different promotions, QA twice under the same one
                promoted("a", "1", "DEV", "p1"),
                promoted("a", "1", "DEV", "p2"),
                promoted("a", "1", "QA", "p3"),
                promoted("a", "1", "QA", "p3"),
                promoted("a", "1", "QA", "p3")),
            List.of(delivered("k1"), delivered("k1")),
            List.of(decision("x", "alice"), decision("x", "alice"), granted("x"), granted("x")));

    assertThat(c.duplicates())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "entered DEV a 1", 2,
                "StagePromoted a 1 QA p3", 3,
                "NotificationDelivered k1", 2,
                "approval decision x by alice", 2,
                "approval concluded x", 2));
    assertThat(c.duplicated()).isEqualTo(1 + 2 + 1 + 1 + 1);
    assertThat(c.lost()).isEmpty();
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

    assertThatThrownBy(() -> Chaos.Options.parse(List.of("--kills", "many")))
        .hasMessageContaining("--kills");
    assertThatThrownBy(() -> Chaos.Options.parse(List.of("--builds", "-1")))
        .hasMessageContaining("--builds");
    assertThatThrownBy(() -> Chaos.Options.parse(List.of("--speed", "1")))
        .hasMessageContaining("--speed");
    assertThatThrownBy(() -> Chaos.Options.parse(List.of("--seed"))).hasMessageContaining("--seed");
  }
}
