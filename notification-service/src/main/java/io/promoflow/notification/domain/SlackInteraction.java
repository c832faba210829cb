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

  /**
   * Prefix of a button value that names a platform release instead of one approval: a release's
   * component approvals are decided together ({@code release:<releaseId>}).
   */
  String RELEASE = "release:";

  /** The button value deciding {@code approvalId}, or its release when it has one. */
  static String target(String approvalId, String releaseId) {
    return releaseId != null ? RELEASE + releaseId : approvalId;
  }

  /** The release this interaction decides as a whole, or null for a single approval. */
  default String releaseId() {
    return approvalId().startsWith(RELEASE) ? approvalId().substring(RELEASE.length()) : null;
  }

  /** Slack's user id of the person who acted, e.g. {@code U024BE7LH}. */
  String slackUserId();

  /**
   * The approval acted on: its id, or {@code release:<releaseId>} for the one approval of a
   * platform release ({@link #releaseId()}).
   */
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
