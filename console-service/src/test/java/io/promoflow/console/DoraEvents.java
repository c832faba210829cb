package io.promoflow.console;

import io.promoflow.schemas.Topic;
import io.promoflow.schemas.Topics;
import io.promoflow.schemas.approvals.ApprovalGranted;
import io.promoflow.schemas.approvals.ApprovalRequested;
import io.promoflow.schemas.approvals.ApprovalsEnvelope;
import io.promoflow.schemas.builds.BuildCompleted;
import io.promoflow.schemas.builds.BuildsEnvelope;
import io.promoflow.schemas.common.ArtifactRef;
import io.promoflow.schemas.common.EventMetadata;
import io.promoflow.schemas.promotions.PromotionFailed;
import io.promoflow.schemas.promotions.PromotionsEnvelope;
import io.promoflow.schemas.promotions.StagePromoted;
import io.promoflow.schemas.requests.PromotionType;
import io.promoflow.schemas.rollbacks.RollbackDecided;
import io.promoflow.schemas.rollbacks.RollbacksEnvelope;
import io.promoflow.schemas.verifications.VerificationFailed;
import io.promoflow.schemas.verifications.VerificationPassed;
import io.promoflow.schemas.verifications.VerificationsEnvelope;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;

/**
 * A hand-made event history of one application for the DORA tests, each event at a given time: the
 * events as the services publish them, keyed by application.
 */
public final class DoraEvents {

  /** One event on one topic. */
  public record Event(Topic<?> topic, String key, SpecificRecord value) {}

  public static final Duration H = Duration.ofHours(1);

  private final String application;
  private final List<Event> events = new ArrayList<>();

  public DoraEvents(String application) {
    this.application = application;
  }

  public List<Event> events() {
    return List.copyOf(events);
  }

  private EventMetadata meta(String promotionId, String version, Instant at) {
    return EventMetadata.newBuilder()
        .setEventId(UUID.randomUUID().toString())
        .setOccurredAt(at)
        .setActor("t")
        .setSource("t")
        .setPromotionId(promotionId)
        .setArtifact(
            version == null
                ? null
                : new ArtifactRef(application, version, "sha256:" + "a".repeat(64)))
        .build();
  }

  public DoraEvents built(String version, Instant at) {
    events.add(
        new Event(
            Topics.BUILDS,
            application,
            new BuildsEnvelope(
                meta(null, version, at),
                BuildCompleted.newBuilder()
                    .setSourceCommit("b".repeat(40))
                    .setPipelineRunId("1")
                    .setBuildFinishedAt(at)
                    .build())));
    return this;
  }

  public DoraEvents promoted(
      String promotionId, String version, String stage, PromotionType type, Instant at) {
    events.add(
        new Event(
            Topics.PROMOTIONS,
            application,
            new PromotionsEnvelope(
                meta(promotionId, version, at),
                StagePromoted.newBuilder()
                    .setPromotionType(type)
                    .setTargetStage(stage)
                    .setRequestedBy("dev")
                    .setExecutor("noop")
                    .build())));
    return this;
  }

  public DoraEvents failed(String promotionId, String version, String stage, Instant at) {
    events.add(
        new Event(
            Topics.PROMOTIONS,
            application,
            new PromotionsEnvelope(
                meta(promotionId, version, at),
                PromotionFailed.newBuilder()
                    .setTargetStage(stage)
                    .setCategory("NETWORK")
                    .setReason("executor down")
                    .build())));
    return this;
  }

  public DoraEvents verification(boolean passed, String version, String stage, Instant at) {
    Object payload =
        passed
            ? VerificationPassed.newBuilder().setStage(stage).setWindowStartedAt(at).build()
            : VerificationFailed.newBuilder()
                .setStage(stage)
                .setRollbackScore(80)
                .setReasons(List.of("error rate"))
                .build();
    events.add(
        new Event(
            Topics.VERIFICATIONS,
            application,
            new VerificationsEnvelope(meta(null, version, at), payload)));
    return this;
  }

  public DoraEvents rollback(String version, String stage, Instant at) {
    events.add(
        new Event(
            Topics.ROLLBACKS,
            application,
            new RollbacksEnvelope(
                meta(null, version, at),
                RollbackDecided.newBuilder()
                    .setStage(stage)
                    .setTargetVersion("0")
                    .setTargetDigest("sha256:" + "c".repeat(64))
                    .setMode("AUTOMATIC")
                    .setStrategy("redeploy")
                    .setRollbackScore(90)
                    .setReasons(List.of("verification failed"))
                    .build())));
    return this;
  }

  public DoraEvents approval(
      String approvalId,
      String promotionId,
      String version,
      String stage,
      Instant requested,
      Instant granted) {
    events.add(
        new Event(
            Topics.APPROVALS,
            application,
            new ApprovalsEnvelope(
                meta(promotionId, version, requested),
                ApprovalRequested.newBuilder()
                    .setApprovalId(approvalId)
                    .setRequiredRoles(List.of("release-manager"))
                    .setQuorum(1)
                    .setRequestedBy("dev")
                    .setTargetStage(stage)
                    .setGateSummary("ok")
                    .setExpiresAt(requested.plus(Duration.ofDays(1)))
                    .build())));
    events.add(
        new Event(
            Topics.APPROVALS,
            application,
            new ApprovalsEnvelope(
                meta(promotionId, version, granted),
                ApprovalGranted.newBuilder()
                    .setApprovalId(approvalId)
                    .setApprovers(List.of("release-manager"))
                    .build())));
    return this;
  }

  /**
   * The history every DORA test uses, ending before {@code end}: into PROD, v1 (built 2 h before)
   * then a failed verification restored after 1 h; v2 (built 4 h before, approval waited 30 min)
   * fine; v3 failed to promote. Figures over 30 days to {@code end}: promotions 2, frequency 2/30,
   * lead time p50 2 h / p90 4 h, change failure rate 0.5, time to restore 1 h, approval wait 30
   * min, success rate 2/3.
   */
  public static DoraEvents standard(String application, Instant end) {
    Instant t = end.minus(Duration.ofDays(5));
    return new DoraEvents(application)
        .built("1", t)
        .promoted("p1", "1", "PROD", PromotionType.MANUAL, t.plus(H.multipliedBy(2)))
        .verification(false, "1", "PROD", t.plus(H.multipliedBy(3)))
        .verification(true, "1", "PROD", t.plus(H.multipliedBy(4)))
        .built("2", t.plus(H.multipliedBy(10)))
        .approval(
            "a2",
            "p2",
            "2",
            "PROD",
            t.plus(H.multipliedBy(13)),
            t.plus(H.multipliedBy(13)).plus(Duration.ofMinutes(30)))
        .promoted("p2", "2", "PROD", PromotionType.MANUAL, t.plus(H.multipliedBy(14)))
        .verification(true, "2", "PROD", t.plus(H.multipliedBy(15)))
        .promoted("q2", "2", "QA", PromotionType.AUTOMATIC, t.plus(H.multipliedBy(12)))
        .failed("p3", "3", "PROD", t.plus(H.multipliedBy(20)));
  }
}
