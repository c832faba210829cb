package io.promoflow.notification.adapters;

import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.SlackApiTextResponse;
import io.promoflow.notification.NotificationProperties;
import java.io.IOException;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * The Slack Web API through the official Java SDK ({@code com.slack.api:slack-api-client}): {@code
 * chat.postMessage}, {@code chat.update}, {@code chat.postEphemeral} and {@code views.open} with
 * the bot token, against {@code promoflow.notifications.slack.api-url} ({@link
 * SlackConfig#setMethodsEndpointUrlPrefix}; a local stand-in in tests). A call Slack answers with
 * {@code ok: false} throws {@link SlackCallFailed} naming Slack's error code, never the token.
 * Active only with a bot token ({@link NotificationProperties.Slack#webApi()}).
 */
@Component
public class SlackWebApi implements DisposableBean {

  private final Slack slack;
  private final MethodsClient methods;

  public SlackWebApi(NotificationProperties properties) {
    NotificationProperties.Slack settings = properties.slack();
    if (!settings.webApi()) {
      this.slack = null;
      this.methods = null;
      return;
    }
    SlackConfig config = new SlackConfig();
    config.setMethodsEndpointUrlPrefix(settings.apiUrl());
    config.setStatsEnabled(false); // no background metrics threads
    config.setPrettyResponseLoggingEnabled(false);
    int millis = (int) settings.timeout().toMillis();
    config.setHttpClientReadTimeoutMillis(millis);
    config.setHttpClientWriteTimeoutMillis(millis);
    config.setHttpClientCallTimeoutMillis(millis);
    this.slack = Slack.getInstance(config);
    this.methods = slack.methods(settings.botToken());
  }

  /** True when a bot token is configured. */
  public boolean active() {
    return methods != null;
  }

  /**
   * Posts a message; returns its {@code ts}.
   *
   * @throws SlackCallFailed when Slack refused or could not be reached
   */
  public String postMessage(String channel, String text, String blocks) {
    return call(
            "chat.postMessage",
            () ->
                methods()
                    .chatPostMessage(r -> r.channel(channel).text(text).blocksAsString(blocks)))
        .getTs();
  }

  /** Rewrites the message {@code ts} of {@code channel}. */
  public void update(String channel, String ts, String text, String blocks) {
    call(
        "chat.update",
        () ->
            methods().chatUpdate(r -> r.channel(channel).ts(ts).text(text).blocksAsString(blocks)));
  }

  /** A message only {@code user} sees in {@code channel}. */
  public void postEphemeral(String channel, String user, String text) {
    call(
        "chat.postEphemeral",
        () -> methods().chatPostEphemeral(r -> r.channel(channel).user(user).text(text)));
  }

  /** Opens a modal ({@code view}: JSON) for the interaction {@code triggerId}. */
  public void openView(String triggerId, String view) {
    call("views.open", () -> methods().viewsOpen(r -> r.triggerId(triggerId).viewAsString(view)));
  }

  private MethodsClient methods() {
    if (methods == null) {
      throw new IllegalStateException(
          "the Slack Web API is not configured (promoflow.notifications.slack.bot-token)");
    }
    return methods;
  }

  private interface Call<T extends SlackApiTextResponse> {
    T run() throws IOException, SlackApiException;
  }

  private static <T extends SlackApiTextResponse> T call(String method, Call<T> call) {
    T response;
    try {
      response = call.run();
    } catch (SlackApiException e) {
      throw new SlackCallFailed(method + " answered HTTP " + e.getResponse().code(), e);
    } catch (IOException e) {
      throw new SlackCallFailed(method + " failed: " + e.getMessage(), e);
    }
    if (!response.isOk()) {
      throw new SlackCallFailed(method + " refused: " + response.getError(), null);
    }
    return response;
  }

  @Override
  public void destroy() throws Exception {
    if (slack != null) {
      slack.close();
    }
  }

  /** A Web API call that Slack refused or that did not reach it. */
  public static final class SlackCallFailed extends RuntimeException {
    SlackCallFailed(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
