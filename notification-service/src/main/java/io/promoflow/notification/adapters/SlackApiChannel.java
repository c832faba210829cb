package io.promoflow.notification.adapters;

import io.promoflow.notification.domain.Notification;

/**
 * Slack through the Web API ({@code chat.postMessage} with the bot token) to the configured
 * channel: the Block Kit message of {@link SlackChannel}, plus Approve / Reject buttons on a
 * notification that asks for an approval decision ({@link SlackBlocks#message}). A click comes back
 * signed to {@code POST /api/v1/slack/interactions}.
 */
public final class SlackApiChannel implements NotificationChannel {

  private final SlackWebApi slack;
  private final String channel;

  /**
   * @param channel the channel id messages are posted to
   */
  public SlackApiChannel(SlackWebApi slack, String channel) {
    this.slack = slack;
    this.channel = channel;
  }

  @Override
  public String name() {
    return "slack";
  }

  @Override
  public void send(Notification n, String recipient) {
    slack.postMessage(channel, SlackBlocks.text(n), SlackBlocks.message(n));
  }
}
