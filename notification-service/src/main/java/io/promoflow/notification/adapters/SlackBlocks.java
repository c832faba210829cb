package io.promoflow.notification.adapters;

import io.promoflow.notification.domain.Notification;
import io.promoflow.notification.domain.SlackInteraction;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Block Kit JSON of the Web API messages: a notification ({@link SlackChannel#message}) with,
 * for an approval to decide, an actions block holding Approve and Reject (each button's value is
 * the approval id, or {@code release:<releaseId>} when the approval is a platform release
 * component's: the release is decided as a whole); the reject modal with its required comment; and
 * an approval message rewritten with a decision's outcome.
 */
public final class SlackBlocks {

  /** The {@code block_id} of the Approve / Reject buttons. */
  public static final String ACTIONS_BLOCK = "promoflow-approval";

  /** Slack's limit on a modal's private metadata (characters). */
  static final int MAX_PRIVATE_METADATA = 3000;

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private SlackBlocks() {}

  /** The blocks of {@code n} as JSON, with the buttons when it asks for an approval decision. */
  public static String message(Notification n) {
    @SuppressWarnings("unchecked")
    List<Object> blocks = new ArrayList<>((List<Object>) SlackChannel.message(n).get("blocks"));
    if (n.approvalId() != null) {
      String target = SlackInteraction.target(n.approvalId(), n.releaseId());
      String what = n.releaseId() != null ? " release" : "";
      blocks.add(
          blocks.size() - 1,
          Map.of(
              "type",
              "actions",
              "block_id",
              ACTIONS_BLOCK,
              "elements",
              List.of(
                  button(SlackInteraction.APPROVE, "Approve" + what, "primary", target),
                  button(SlackInteraction.REJECT, "Reject" + what, "danger", target))));
    }
    return JSON.writeValueAsString(blocks);
  }

  /** The fallback text of {@code n} (notifications and screen readers). */
  public static String text(Notification n) {
    return (String) SlackChannel.message(n).get("text");
  }

  private static Map<String, Object> button(
      String actionId, String label, String style, String value) {
    return Map.of(
        "type",
        "button",
        "action_id",
        actionId,
        "text",
        Map.of("type", "plain_text", "text", label),
        "style",
        style,
        "value",
        value);
  }

  /**
   * The reject modal: a required multi-line comment; its private metadata carries the approval,
   * channel, message and (when they fit) the message's blocks back to the submission.
   */
  public static String rejectModal(SlackInteraction.Click click) {
    Map<String, String> metadata = new LinkedHashMap<>();
    metadata.put("approvalId", click.approvalId());
    metadata.put("channel", click.channel());
    metadata.put("ts", click.messageTs());
    metadata.put("blocks", click.blocks());
    String privateMetadata = JSON.writeValueAsString(metadata);
    if (privateMetadata.length() > MAX_PRIVATE_METADATA) {
      metadata.remove("blocks");
      privateMetadata = JSON.writeValueAsString(metadata);
    }
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("type", "modal");
    view.put("callback_id", SlackInteraction.REJECT_MODAL);
    view.put("private_metadata", privateMetadata);
    view.put("title", plain("Reject approval"));
    view.put("submit", plain("Reject"));
    view.put("close", plain("Cancel"));
    view.put(
        "blocks",
        List.of(
            Map.of(
                "type",
                "section",
                "text",
                Map.of(
                    "type",
                    "mrkdwn",
                    "text",
                    (click.releaseId() != null
                            ? "Reject release `" + click.releaseId() + "` (every component)"
                            : "Reject approval `" + click.approvalId() + "`")
                        + ": a comment is required.")),
            Map.of(
                "type",
                "input",
                "block_id",
                SlackInteraction.COMMENT,
                "optional",
                false,
                "label",
                plain("Why do you reject it?"),
                "element",
                Map.of(
                    "type",
                    "plain_text_input",
                    "action_id",
                    SlackInteraction.COMMENT,
                    "multiline",
                    true,
                    "max_length",
                    4000))));
    return JSON.writeValueAsString(view);
  }

  /**
   * Text safe inside Slack {@code mrkdwn}: {@code &}, {@code <} and {@code >} escaped as Slack's
   * "Formatting text" page requires, so a comment cannot become a link, a mention or a channel
   * ping.
   */
  public static String escape(String text) {
    return text == null ? "" : text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  /**
   * The approval message rewritten with an outcome line: {@code blocks} (the message as posted)
   * keep everything but, when {@code final}, the buttons; a context line says who decided what.
   * Without the original blocks only the outcome is shown.
   */
  public static String withOutcome(String blocks, String outcome, boolean last) {
    List<Object> rewritten = new ArrayList<>();
    if (blocks != null) {
      List<Object> original = JSON.readValue(blocks, new TypeReference<List<Object>>() {});
      for (Object block : original) {
        boolean actions = block instanceof Map<?, ?> m && ACTIONS_BLOCK.equals(m.get("block_id"));
        if (!(actions && last)) {
          rewritten.add(block);
        }
      }
    }
    Map<String, Object> line =
        Map.of("type", "context", "elements", List.of(Map.of("type", "mrkdwn", "text", outcome)));
    int at = rewritten.size();
    for (int i = 0; i < rewritten.size(); i++) {
      if (rewritten.get(i) instanceof Map<?, ?> m && ACTIONS_BLOCK.equals(m.get("block_id"))) {
        at = i;
      }
    }
    rewritten.add(at, line);
    return JSON.writeValueAsString(rewritten);
  }

  private static Map<String, Object> plain(String text) {
    return Map.of("type", "plain_text", "text", text);
  }
}
