package io.promoflow.approval;

import static org.assertj.core.api.Assertions.assertThat;

import io.promoflow.platform.testing.Http;
import io.promoflow.platform.testing.TopicProbe;
import io.promoflow.schemas.Topics;
import io.promoflow.schemas.approvals.ApprovalExpired;
import io.promoflow.schemas.approvals.ApprovalGranted;
import io.promoflow.schemas.approvals.ApprovalReminded;
import io.promoflow.schemas.approvals.ApprovalsEnvelope;
import io.promoflow.schemas.promotions.PromotionAwaitingApproval;
import io.promoflow.schemas.requests.PromotionType;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.junit.jupiter.SpringJUnitConfig;

/** A pending approval, its decisions and its timers survive a restart of approval-service. */
@SpringJUnitConfig
@EmbeddedKafka(partitions = 1)
class ApprovalRestartIT {

  static final Duration WAIT = Duration.ofSeconds(45);
  final Path state = Path.of("target", "state", "approval-restart-" + UUID.randomUUID());

  @Autowired EmbeddedKafkaBroker broker;

  ConfigurableApplicationContext start() {
    return ApprovalApplication.builder()
        .run(
            "--spring.kafka.bootstrap-servers=" + broker.getBrokersAsString(),
            "--server.port=0",
            "--promoflow.policy.location=file:../config/pipeline-local.yaml",
            "--promoflow.kafka.topics.partitions=1",
            "--promoflow.state-dir=" + state.toAbsolutePath(),
            "--spring.profiles.active=local");
  }

  static String base(ConfigurableApplicationContext ctx) {
    return "http://localhost:" + ((WebServerApplicationContext) ctx).getWebServer().getPort();
  }

  static void ask(TopicProbe probe, String promotionId, int quorum, long timeoutMs) {
    probe.producePromotion(
        promotionId,
        TopicProbe.artifact("inventory", "1.4.2", 'a'),
        PromotionAwaitingApproval.newBuilder()
            .setPromotionType(PromotionType.MANUAL)
            .setSourceStage("STAGING")
            .setTargetStage("PROD")
            .setRequestedBy("dev")
            .setCommitAuthor("carol@example.com")
            .setRequiredRoles(List.of("release-manager", "platform-lead"))
            .setQuorum(quorum)
            .setTimeoutMs(timeoutMs)
            .setGateSummary("7/7 gates passed")
            .build());
  }

  static String approvalId(String base, String promotionId) {
    String[] id = new String[1];
    Awaitility.await()
        .atMost(WAIT)
        .until(
            () -> {
              for (var a : Http.get(base + "/api/v1/approvals").json()) {
                if (promotionId.equals(a.path("promotionId").asString())) {
                  id[0] = a.path("approvalId").asString();
                }
              }
              return id[0] != null;
            });
    return id[0];
  }

  static List<Object> of(
      TopicProbe probe, String promotionId, java.util.function.Predicate<List<Object>> until) {
    List<Object> mine = new java.util.concurrent.CopyOnWriteArrayList<>();
    probe.read(
        Topics.APPROVALS.name(),
        WAIT,
        records -> {
          mine.clear();
          records.stream()
              .map(r -> (ApprovalsEnvelope) r.value())
              .filter(e -> promotionId.equals(e.getMeta().getPromotionId()))
              .forEach(e -> mine.add(e.getPayload()));
          return until.test(mine);
        });
    return mine;
  }

  @Test
  void decisionsAndTimersOfAPendingApprovalSurviveARestart() {
    ConfigurableApplicationContext first = start();
    try (TopicProbe probe = new TopicProbe(broker.getBrokersAsString())) {
      ask(probe, "p-quorum", 2, 600_000);
      // reminder at 10 s, expiry at 20 s: a slow restart (seconds on a loaded machine) must not
      // skip the reminder
      ask(probe, "p-timer", 1, 20_000);
      String base = base(first);
      String quorum = approvalId(base, "p-quorum");
      approvalId(base, "p-timer");
      assertThat(
              Http.post(
                      base + "/api/v1/approvals/" + quorum + "/decisions",
                      "local-approver-1",
                      Map.of("decision", "APPROVE"))
                  .status())
          .isEqualTo(202);
      of(probe, "p-quorum", p -> p.size() >= 2);
      first.close();
      first = null;

      ConfigurableApplicationContext second = start();
      try {
        String after = base(second);
        Awaitility.await()
            .atMost(WAIT)
            .until(() -> Http.get(after + "/api/v1/approvals?status=PENDING").status() == 200);
        assertThat(
                Http.post(
                        after + "/api/v1/approvals/" + quorum + "/decisions",
                        "local-approver-1",
                        Map.of("decision", "APPROVE"))
                    .status())
            .as("the first decision was kept")
            .isEqualTo(409);
        assertThat(
                Http.post(
                        after + "/api/v1/approvals/" + quorum + "/decisions",
                        "local-approver-2",
                        Map.of("decision", "APPROVE"))
                    .status())
            .isEqualTo(202);
        ApprovalGranted granted =
            (ApprovalGranted)
                of(probe, "p-quorum", p -> p.stream().anyMatch(ApprovalGranted.class::isInstance))
                    .stream()
                    .filter(ApprovalGranted.class::isInstance)
                    .findFirst()
                    .orElseThrow();
        assertThat(granted.getApprovers()).containsExactly("release-manager", "platform-lead");
        // the timers kept running across the restart: reminder at half the timeout, then expiry
        List<Object> timer =
            of(probe, "p-timer", p -> p.stream().anyMatch(ApprovalExpired.class::isInstance));
        assertThat(timer).filteredOn(ApprovalReminded.class::isInstance).hasSize(1);
      } finally {
        second.close();
      }
    } finally {
      if (first != null) {
        first.close();
      }
    }
  }
}
