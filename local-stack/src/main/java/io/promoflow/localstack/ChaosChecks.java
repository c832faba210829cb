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
import io.promoflow.schemas.requests.PromotionType;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The chaos run's verdict from the topics alone (GitHub issue 14 point 3), pure. Against what the
 * run was told was accepted ({@link Expected}):
 *
 * <ul>
 *   <li>every accepted build entered DEV, QA and STAGING exactly once ({@code StagePromoted} of a
 *       promotion other than a rollback, whatever the promotion id);
 *   <li>no {@code StagePromoted} twice: no build entered a stage, PROD included, twice, and no
 *       rollback promotion promoted twice;
 *   <li>one {@code NotificationDelivered} per delivery key;
 *   <li>every approval decision applied once: one {@code ApprovalDecisionRecorded} per approval and
 *       approver (each decision the run saw accepted at least once), one {@code ApprovalGranted} or
 *       {@code ApprovalRejected} per approval (each approval the run decided granted), and PROD
 *       entered exactly once by the promotion of every granted approval.
 * </ul>
 *
 * <p>A record without its artifact or promotion id counts for nothing expected (fail closed: the
 * fact stays lost).
 *
 * @param lost what the run was told was accepted and the topics do not show, one line each (e.g.
 *     {@code chaos-a 1.0.3 never entered QA})
 * @param duplicates every fact recorded more than once, with how often it was recorded
 */
public record ChaosChecks(Set<String> lost, Map<String, Integer> duplicates) {

  /** The stages every accepted build is driven through. */
  static final List<String> DRIVEN = List.of("DEV", "QA", "STAGING");

  public ChaosChecks {
    lost = java.util.Collections.unmodifiableSet(new TreeSet<>(lost));
    duplicates = java.util.Collections.unmodifiableMap(new TreeMap<>(duplicates));
  }

  /** How many records too many were found: each fact recorded n times adds n - 1. */
  public int duplicated() {
    return duplicates.values().stream().mapToInt(n -> n - 1).sum();
  }

  /**
   * What the chaos run was told it achieved.
   *
   * @param builds {@code application version} of every build answered 202 or 200: each must enter
   *     DEV, QA and STAGING
   * @param prod promotion id → {@code application version} of every PROD request answered 202 whose
   *     approval the run decided: each must enter PROD
   * @param decisions {@code approvalId by approver} of every approval decision answered 202 (or
   *     shown decided after an unanswered attempt): each must be recorded once and its approval
   *     granted once
   */
  public record Expected(Set<String> builds, Map<String, String> prod, Set<String> decisions) {

    public Expected {
      builds = Set.copyOf(builds);
      prod = Map.copyOf(prod);
      decisions = Set.copyOf(decisions);
    }

    /** Builds only (no PROD, no approvals). */
    public static Expected builds(Set<String> builds) {
      return new Expected(builds, Map.of(), Set.of());
    }
  }

  /**
   * Checks the committed records of the promotions, notifications and approvals topics against what
   * the run was told was accepted.
   */
  public static ChaosChecks check(
      Expected expected,
      List<PromotionsEnvelope> promotions,
      List<NotificationsEnvelope> notifications,
      List<ApprovalsEnvelope> approvals) {
    Map<String, Integer> entered = new TreeMap<>();
    Map<String, Integer> rollbacks = new TreeMap<>();
    Map<String, Integer> prodByPromotion = new TreeMap<>();
    for (PromotionsEnvelope e : promotions) {
      if (e.getPayload() instanceof StagePromoted p) {
        String artifact = artifact(e.getMeta());
        String promotionId = e.getMeta().getPromotionId();
        if (p.getPromotionType() == PromotionType.ROLLBACK) {
          // a rollback brings a version back into a stage: once per rollback promotion
          rollbacks.merge(artifact + " " + p.getTargetStage() + " " + promotionId, 1, Integer::sum);
        } else {
          // a build enters a stage once, whatever the promotion id
          entered.merge(artifact + " " + p.getTargetStage(), 1, Integer::sum);
        }
        if ("PROD".equals(p.getTargetStage()) && promotionId != null) {
          prodByPromotion.merge(promotionId, 1, Integer::sum);
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
    Map<String, Integer> granted = new TreeMap<>();
    Map<String, String> grantedPromotion = new TreeMap<>();
    for (ApprovalsEnvelope e : approvals) {
      if (e.getPayload() instanceof ApprovalDecisionRecorded d) {
        decided.merge(d.getApprovalId() + " by " + d.getApprover(), 1, Integer::sum);
      } else if (e.getPayload() instanceof ApprovalGranted g) {
        concluded.merge(g.getApprovalId(), 1, Integer::sum);
        granted.merge(g.getApprovalId(), 1, Integer::sum);
        grantedPromotion.put(g.getApprovalId(), e.getMeta().getPromotionId());
      } else if (e.getPayload() instanceof ApprovalRejected r) {
        concluded.merge(r.getApprovalId(), 1, Integer::sum);
      }
    }

    Set<String> lost = new TreeSet<>();
    for (String build : expected.builds()) {
      for (String stage : DRIVEN) {
        if (!entered.containsKey(build + " " + stage)) {
          lost.add(build + " never entered " + stage);
        }
      }
    }
    expected
        .prod()
        .forEach(
            (promotionId, build) -> {
              if (!prodByPromotion.containsKey(promotionId)) {
                lost.add(build + " never entered PROD (promotion " + promotionId + ")");
              }
            });
    for (String decision : expected.decisions()) {
      if (!decided.containsKey(decision)) {
        lost.add("approval decision " + decision + " never recorded");
      }
      String approvalId = decision.substring(0, decision.indexOf(" by "));
      if (!granted.containsKey(approvalId)) {
        lost.add("approval " + approvalId + " never granted");
      }
    }
    grantedPromotion.forEach(
        (approvalId, promotionId) -> {
          if (promotionId == null || !prodByPromotion.containsKey(promotionId)) {
            lost.add("approval " + approvalId + " granted, PROD never entered");
          }
        });

    Map<String, Integer> duplicates = new TreeMap<>();
    twice("entered", entered, duplicates);
    twice("rollback StagePromoted", rollbacks, duplicates);
    // PROD twice by one granted approval's promotion is a build entering PROD twice: counted above
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
