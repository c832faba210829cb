package io.promoflow.notification.api;

import io.promoflow.notification.NotificationProperties;
import io.promoflow.notification.domain.SlackInteraction;
import io.promoflow.notification.domain.SlackSignature;
import io.promoflow.notification.flow.SlackApprovals;
import io.promoflow.platform.events.Events;
import io.promoflow.platform.security.AuthenticatedBySignature;
import io.promoflow.platform.web.ProblemException;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /api/v1/slack/interactions}, the Slack app's interactivity request URL (README "Slack
 * approvals"). Slack's signature is verified over the raw body before anything is parsed ({@link
 * SlackSignature}: a wrong signature, or a timestamp more than 5 minutes away, is 401); Slack gets
 * its answer at once (it waits 3 s at most) and {@link SlackApprovals} does the work afterwards:
 * Approve records the decision, Reject opens the comment modal, the modal's submission records the
 * rejection. A replay of a request already seen is acknowledged and not acted on again. Other
 * interactions are acknowledged and ignored.
 */
@RestController
public class SlackInteractionController {

  /** The route, served without a bearer token ({@link SlackInteractionSecurity}). */
  public static final String PATH = "/api/v1/slack/interactions";

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private final SlackSignature signature;
  private final SlackApprovals approvals;
  private final Events events;
  private final boolean enabled;

  public SlackInteractionController(
      NotificationProperties properties, SlackApprovals approvals, Events events) {
    this.signature = new SlackSignature(properties.slack().signingSecret());
    this.enabled = properties.slack().webApi();
    this.approvals = approvals;
    this.events = events;
  }

  /**
   * 200 (empty) once verified; 401 for a missing, wrong or stale signature; 400 for a body that is
   * not Slack's {@code payload=<json>}; 404 while Slack approvals are not configured; 503 when the
   * work queue is full.
   */
  @AuthenticatedBySignature("X-Slack-Signature")
  @PostMapping(PATH)
  public ResponseEntity<Object> interact(HttpServletRequest request) throws IOException {
    if (!enabled) {
      throw new ProblemException(
          HttpStatus.NOT_FOUND,
          "Not Found",
          "Slack approvals are off: set promoflow.notifications.slack.bot-token and signing-secret",
          null,
          null);
    }
    // the raw bytes, as signed: never Spring's form parsing, which re-encodes the body
    byte[] body = request.getInputStream().readAllBytes();
    String sig = request.getHeader("X-Slack-Signature");
    SlackSignature.Verdict verdict =
        signature.verify(
            request.getHeader("X-Slack-Request-Timestamp"), sig, body, events.clock().instant());
    if (verdict != SlackSignature.Verdict.VALID) {
      throw new ProblemException(
          HttpStatus.UNAUTHORIZED,
          "Unauthorized",
          switch (verdict) {
            case STALE -> "X-Slack-Request-Timestamp is more than 5 minutes from now (a replay?)";
            case MISMATCH -> "X-Slack-Signature does not match the body";
            default -> "X-Slack-Signature and X-Slack-Request-Timestamp are required";
          },
          null,
          null);
    }
    JsonNode payload = payload(body);
    if (!approvals.firstTime(sig)) {
      return ResponseEntity.ok().build(); // a replay within the window: answered once already
    }
    SlackInteraction interaction;
    try {
      interaction = SlackPayloads.interaction(payload);
    } catch (SlackPayloads.MissingField e) {
      throw ProblemException.badField("payload." + e.getMessage(), "missing in Slack's payload");
    }
    if (interaction == null) {
      return ResponseEntity.ok().build(); // not an approval interaction of ours
    }
    if (interaction instanceof SlackInteraction.Rejection r
        && (r.comment() == null || r.comment().isBlank())) {
      return ResponseEntity.ok()
          .contentType(MediaType.APPLICATION_JSON)
          .body(
              Map.of(
                  "response_action",
                  "errors",
                  "errors",
                  Map.of(SlackInteraction.COMMENT, "A comment is required to reject.")));
    }
    if (!approvals.submit(interaction)) {
      throw new ProblemException(
          HttpStatus.SERVICE_UNAVAILABLE,
          "Busy",
          "too many Slack interactions at once",
          null,
          null);
    }
    return ResponseEntity.ok().build();
  }

  private static JsonNode payload(byte[] body) {
    String form = new String(body, StandardCharsets.US_ASCII);
    for (String pair : form.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0 && "payload".equals(pair.substring(0, eq))) {
        try {
          return JSON.readTree(URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
          throw ProblemException.badField("payload", "not JSON");
        }
      }
    }
    throw ProblemException.badField("payload", "Slack's form field payload is missing");
  }
}
