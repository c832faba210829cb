package io.promoflow.notification.domain;

/**
 * A verified Slack interaction on an approval message (README "Slack approvals"): a click on
 * Approve or Reject ({@code block_actions}), or the submitted reject modal ({@code
 * view_submission}). The approval id, channel and message come from the message (or modal) this
 * service posted; the Slack user is Slack's.
 */
public sealed interface SlackInteraction {

  /** The {@code action_id} of the Approve button. */
  String APPROVE = "promoflow-approve";

  /** The {@code action_id} of the Reject button. */
  String REJECT = "promoflow-reject";

  /** The {@code callback_id} of the reject modal. */
  String REJECT_MODAL = "promoflow-reject-modal";

  /** The {@code block_id} and {@code action_id} of the modal's comment input. */
  String COMMENT = "comment";

  /** Slack's user id of the person who acted, e.g. {@code U024BE7LH}. */
  String slackUserId();

  /** The approval acted on. */
  String approvalId();

  /** Channel id of the approval message. */
  String channel();

  /**
   * A button clicked on an approval message.
   *
   * @param approve true for Approve, false for Reject (which opens the comment modal)
   * @param triggerId Slack's trigger id, needed to open the modal within 3 s
   * @param messageTs the approval message's {@code ts}, which {@code chat.update} rewrites
   * @param blocks the message's blocks as JSON (rewritten with the outcome), or null
   */
  record Click(
      String slackUserId,
      String approvalId,
      String channel,
      boolean approve,
      String triggerId,
      String messageTs,
      String blocks)
      implements SlackInteraction {}

  /**
   * The reject modal submitted with its comment.
   *
   * @param messageTs the approval message's {@code ts} (carried in the modal's private metadata)
   * @param blocks the message's blocks as JSON, or null when they did not fit the metadata
   * @param comment the required comment; blank is refused by approval-service (400)
   */
  record Rejection(
      String slackUserId,
      String approvalId,
      String channel,
      String messageTs,
      String blocks,
      String comment)
      implements SlackInteraction {}
}
