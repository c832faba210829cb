package io.promoflow.notification.flow;

import io.promoflow.notification.SlackUserProperties;
import io.promoflow.notification.adapters.ApprovalDecisionClient;
import io.promoflow.notification.adapters.SlackBlocks;
import io.promoflow.notification.adapters.SlackWebApi;
import io.promoflow.notification.domain.SlackInteraction;
import io.promoflow.notification.domain.SlackSignature;
import io.promoflow.platform.events.Events;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Service;

/**
 * What a verified Slack interaction does (README "Slack approvals"), after Slack has had its answer
 * (it waits 3 s at most): the Slack user is mapped to a Promoflow principal ({@code
 * promoflow.security.slack-users}; unmapped → an ephemeral refusal), and the decision is recorded
 * by approval-service on that principal's behalf with its own rules ({@link
 * ApprovalDecisionClient}); its refusal (the requester, an excluded approver, a missing role, a
 * second decision: 409) is shown to the person as an ephemeral message with the reason, a recorded
 * decision rewrites the approval message ({@code chat.update}). Reject first opens a modal asking
 * for the required comment ({@code views.open}); its submission records the rejection. A button of
 * a platform release component's approval decides the release as a whole ({@code POST
 * /api/v1/releases/{releaseId}/decisions}, each component decision recorded as delegated).
 *
 * <p>Idempotent: a request seen before (the same signature within the signature's 5-minute window,
 * i.e. a replay) is not acted on again, and a second click of one person on one approval while the
 * first is being recorded is answered, not sent; whatever gets through is refused by
 * approval-service, which records one decision per person (409, or its topology drops the repeat).
 */
@Service
public class SlackApprovals implements DisposableBean {

  private static final Logger log = LoggerFactory.getLogger(SlackApprovals.class);
  private final SlackUserProperties users;
  private final SlackWebApi slack;
  private final ApprovalDecisionClient approvals;
  private final Events events;
  private final Map<String, Instant> seen = new ConcurrentHashMap<>();
  private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
  private final ThreadPoolExecutor work =
      new ThreadPoolExecutor(
          1,
          4,
          60,
          TimeUnit.SECONDS,
          new ArrayBlockingQueue<>(200),
          r -> {
            Thread t = new Thread(r, "slack-approvals");
            t.setDaemon(true);
            return t;
          });

  public SlackApprovals(
      SlackUserProperties users,
      SlackWebApi slack,
      ApprovalDecisionClient approvals,
      Events events) {
    this.users = users;
    this.slack = slack;
    this.approvals = approvals;
    this.events = events;
  }

  /**
   * True the first time a request with this signature is seen within the signature's window (a
   * replay is acknowledged, never acted on twice).
   */
  public boolean firstTime(String signature) {
    Instant now = events.clock().instant();
    seen.values().removeIf(at -> at.isBefore(now.minus(SlackSignature.TOLERANCE.multipliedBy(2))));
    return seen.putIfAbsent(signature, now) == null;
  }

  /**
   * Acts on {@code interaction} after the caller has answered Slack.
   *
   * @return false when the work queue is full (the caller answers Slack that it is busy)
   */
  public boolean submit(SlackInteraction interaction) {
    try {
      work.execute(() -> handle(interaction));
      return true;
    } catch (RejectedExecutionException e) {
      log.warn("Slack interaction on approval {} dropped: queue full", interaction.approvalId());
      return false;
    }
  }

  /** Acts on {@code interaction} now (the work {@link #submit} schedules). */
  void handle(SlackInteraction interaction) {
    try {
      String principal = users.principalOf(interaction.slackUserId());
      if (principal == null) {
        ephemeral(
            interaction,
            ":no_entry: Not recorded: your Slack user "
                + interaction.slackUserId()
                + " is not mapped to a Promoflow identity (promoflow.security.slack-users."
                + interaction.slackUserId()
                + "). Ask an admin to map it, or decide with the CLI.");
        return;
      }
      if (interaction instanceof SlackInteraction.Click click && !click.approve()) {
        slack.openView(click.triggerId(), SlackBlocks.rejectModal(click));
      } else if (interaction instanceof SlackInteraction.Click click) {
        decide(interaction, principal, "APPROVE", null, click.messageTs(), click.blocks());
      } else if (interaction instanceof SlackInteraction.Rejection r) {
        decide(interaction, principal, "REJECT", r.comment(), r.messageTs(), r.blocks());
      }
    } catch (RuntimeException e) {
      log.warn(
          "Slack interaction on approval {} failed: {}", interaction.approvalId(), e.toString());
    }
  }

  private void decide(
      SlackInteraction interaction,
      String principal,
      String decision,
      String comment,
      String messageTs,
      String blocks) {
    String key = interaction.approvalId() + "|" + interaction.slackUserId();
    if (!inFlight.add(key)) {
      ephemeral(
          interaction,
          ":hourglass: Your decision on "
              + interaction.approvalId()
              + " is already being recorded.");
      return;
    }
    try {
      String releaseId = interaction.releaseId();
      ApprovalDecisionClient.Answer answer =
          releaseId != null
              ? approvals.decideRelease(releaseId, principal, decision, comment)
              : approvals.decide(interaction.approvalId(), principal, decision, comment);
      log.info(
          "Slack {} of approval {} by {} ({}): approval-service answered {}",
          decision,
          interaction.approvalId(),
          principal,
          interaction.slackUserId(),
          answer.status());
      if (answer.recorded()) {
        boolean approve = "APPROVE".equals(decision);
        String outcome =
            (approve ? ":white_check_mark: Approved by " : ":x: Rejected by ")
                + SlackBlocks.escape(principal)
                + " in Slack"
                + (releaseId != null ? " for the whole release" : "")
                + (approve ? "" : ": " + SlackBlocks.escape(comment));
        if (messageTs != null) {
          slack.update(
              interaction.channel(),
              messageTs,
              outcome,
              SlackBlocks.withOutcome(blocks, outcome, !approve));
        }
        return;
      }
      ephemeral(interaction, refusal(interaction.approvalId(), answer));
    } finally {
      inFlight.remove(key);
    }
  }

  static String refusal(String approvalId, ApprovalDecisionClient.Answer answer) {
    String reason = answer.detail() == null ? "no reason given" : answer.detail();
    return switch (answer.status()) {
      case 0 -> ":warning: Not recorded: " + reason + ". Try again, or decide with the CLI.";
      case 409 -> ":information_source: Not recorded (already decided): " + reason;
      case 403 -> ":no_entry: Not recorded: " + reason;
      case 404 -> ":grey_question: Not recorded: approval " + approvalId + " is unknown.";
      default -> ":warning: Not recorded (" + answer.status() + "): " + reason;
    };
  }

  private void ephemeral(SlackInteraction interaction, String text) {
    slack.postEphemeral(interaction.channel(), interaction.slackUserId(), text);
  }

  @Override
  public void destroy() {
    work.shutdown();
  }
}
