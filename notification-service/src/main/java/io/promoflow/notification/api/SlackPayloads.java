package io.promoflow.notification.api;

import io.promoflow.notification.domain.SlackInteraction;
import java.util.Map;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads Slack's interaction payloads (the reject modal's private metadata is the JSON object {@code
 * SlackBlocks.rejectModal} wrote) ("Interactivity", docs.slack.dev: {@code block_actions} and
 * {@code view_submission}) into {@link SlackInteraction}s; anything else is not ours (null).
 */
final class SlackPayloads {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private SlackPayloads() {}

  /** A field the payload must have is missing (its path is the message). */
  static final class MissingField extends RuntimeException {
    MissingField(String path) {
      super(path);
    }
  }

  /**
   * The approval interaction in {@code payload}, or null when it is none of ours.
   *
   * @throws MissingField when an approval interaction lacks a field it needs
   */
  static SlackInteraction interaction(JsonNode payload) {
    String type = text(payload, "type");
    if ("block_actions".equals(type)) {
      JsonNode action = payload.path("actions").path(0);
      String actionId = text(action, "action_id");
      if (!SlackInteraction.APPROVE.equals(actionId) && !SlackInteraction.REJECT.equals(actionId)) {
        return null;
      }
      JsonNode blocks = payload.path("message").path("blocks");
      return new SlackInteraction.Click(
          required(payload.path("user"), "user.id", "id"),
          required(action, "actions[0].value", "value"),
          required(payload.path("container"), "container.channel_id", "channel_id"),
          SlackInteraction.APPROVE.equals(actionId),
          required(payload, "trigger_id", "trigger_id"),
          required(payload.path("container"), "container.message_ts", "message_ts"),
          blocks.isArray() ? blocks.toString() : null);
    }
    if ("view_submission".equals(type)) {
      JsonNode view = payload.path("view");
      if (!SlackInteraction.REJECT_MODAL.equals(text(view, "callback_id"))) {
        return null;
      }
      Map<String, String> metadata;
      try {
        metadata =
            JSON.readValue(
                required(view, "view.private_metadata", "private_metadata"),
                new TypeReference<Map<String, String>>() {});
      } catch (RuntimeException e) {
        if (e instanceof MissingField missing) {
          throw missing;
        }
        throw new MissingField("view.private_metadata");
      }
      JsonNode comment =
          view.path("state")
              .path("values")
              .path(SlackInteraction.COMMENT)
              .path(SlackInteraction.COMMENT)
              .path("value");
      return new SlackInteraction.Rejection(
          required(payload.path("user"), "user.id", "id"),
          present(metadata.get("approvalId"), "view.private_metadata.approvalId"),
          present(metadata.get("channel"), "view.private_metadata.channel"),
          metadata.get("ts"),
          metadata.get("blocks"),
          comment.isString() ? comment.asString() : null);
    }
    return null;
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.path(field);
    return value.isString() ? value.asString() : null;
  }

  private static String required(JsonNode node, String path, String field) {
    return present(text(node, field), path);
  }

  private static String present(String value, String path) {
    if (value == null || value.isBlank()) {
      throw new MissingField(path);
    }
    return value;
  }
}
