package io.promoflow.localstack;

import io.promoflow.schemas.approvals.ApprovalDecisionRecorded;
import io.promoflow.schemas.approvals.ApprovalGranted;
import io.promoflow.schemas.approvals.ApprovalRejected;
import io.promoflow.schemas.approvals.ApprovalsEnvelope;
import io.promoflow.schemas.common.EventMetadata;
import io.promoflow.schemas.notifications.NotificationDelivered;
import io.promoflow.schemas.notifications.NotificationsEnvelope;
import io.promoflow.schemas.promotions.PromotionsEnvelope;
import io.promoflow.schemas.promotions.StagePromoted;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The chaos run's verdict from the topics alone (GitHub issue 14 point 3), pure: every accepted
 * build entered DEV exactly once, no {@code StagePromoted} twice (same application, stage, version
 * and promotion), no notification delivered twice (one {@code NotificationDelivered} per delivery
 * key), every approval decision applied once (one {@code ApprovalDecisionRecorded} per approval and
 * approver, one {@code ApprovalGranted}/{@code ApprovalRejected} per approval). A promotion without
 * its artifact counts for no build (fail closed: the build stays lost).
 *
 * @param lost accepted builds ({@code application version}) without a {@code StagePromoted} into
 *     DEV
 * @param duplicates every fact recorded more than once, with how often it was recorded
 */
public record ChaosChecks(Set<String> lost, Map<String, Integer> duplicates) {

  public ChaosChecks {
    lost = Set.copyOf(new TreeSet<>(lost));
    duplicates = java.util.Collections.unmodifiableMap(new TreeMap<>(duplicates));
  }

  /** How many records too many were found: each fact recorded n times adds n - 1. */
  public int duplicated() {
    return duplicates.values().stream().mapToInt(n -> n - 1).sum();
  }

  /**
   * Checks the committed records of the promotions, notifications and approvals topics against the
   * builds the run saw accepted.
   *
   * @param accepted {@code application version} of every build answered 202 or 200
   */
  public static ChaosChecks check(
      Set<String> accepted,
      List<PromotionsEnvelope> promotions,
      List<NotificationsEnvelope> notifications,
      List<ApprovalsEnvelope> approvals) {
    Map<String, Integer> dev = new TreeMap<>();
    Map<String, Integer> promoted = new TreeMap<>();
    for (PromotionsEnvelope e : promotions) {
      if (e.getPayload() instanceof StagePromoted p) {
        String artifact = artifact(e.getMeta());
        if ("DEV".equals(p.getTargetStage())) {
          // DEV: once per build, whatever the promotion id
          dev.merge(artifact, 1, Integer::sum);
        } else {
          promoted.merge(
              artifact + " " + p.getTargetStage() + " " + e.getMeta().getPromotionId(),
              1,
              Integer::sum);
        }
      }
    }
    Map<String, Integer> delivered = new TreeMap<>();
    for (NotificationsEnvelope e : notifications) {
      if (e.getPayload() instanceof NotificationDelivered d) {
        delivered.merge(d.getDeliveryKey(), 1, Integer::sum);
      }
    }
    Map<String, Integer> decided = new TreeMap<>();
    Map<String, Integer> concluded = new TreeMap<>();
    for (ApprovalsEnvelope e : approvals) {
      if (e.getPayload() instanceof ApprovalDecisionRecorded d) {
        decided.merge(d.getApprovalId() + " by " + d.getApprover(), 1, Integer::sum);
      } else if (e.getPayload() instanceof ApprovalGranted g) {
        concluded.merge(g.getApprovalId(), 1, Integer::sum);
      } else if (e.getPayload() instanceof ApprovalRejected r) {
        concluded.merge(r.getApprovalId(), 1, Integer::sum);
      }
    }
    Set<String> lost = new TreeSet<>(accepted);
    lost.removeAll(dev.keySet());
    Map<String, Integer> duplicates = new TreeMap<>();
    twice("entered DEV", dev, duplicates);
    twice("StagePromoted", promoted, duplicates);
    twice("NotificationDelivered", delivered, duplicates);
    twice("approval decision", decided, duplicates);
    twice("approval concluded", concluded, duplicates);
    return new ChaosChecks(lost, duplicates);
  }

  private static void twice(String what, Map<String, Integer> counts, Map<String, Integer> out) {
    counts.forEach(
        (key, n) -> {
          if (n > 1) {
            out.put(what + " " + key, n);
          }
        });
  }

  /** {@code application version}, or {@code ? ?} for a record without its artifact. */
  static String artifact(EventMetadata meta) {
    return meta.getArtifact() == null
        ? "? ?"
        : meta.getArtifact().getApplication() + " " + meta.getArtifact().getVersion();
  }
}
