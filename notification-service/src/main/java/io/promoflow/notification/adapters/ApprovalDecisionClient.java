package io.promoflow.notification.adapters;

import io.promoflow.notification.NotificationProperties;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import org.springframework.web.util.UriComponentsBuilder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Records a decision taken in Slack with approval-service, on behalf of the person: {@code POST
 * <promoflow.notifications.approvals.url>/api/v1/approvals/{approvalId}/decisions} with {@code
 * Authorization: Bearer <delegation token>}, {@code X-Promoflow-On-Behalf-Of: <principal>} and
 * {@code X-Promoflow-Delegated-Via: slack}. approval-service resolves the principal's roles itself
 * and applies its own rules: this client only reports what it answered. A platform release's one
 * approval goes to {@code POST .../api/v1/releases/{releaseId}/decisions} the same way.
 */
@Component
public class ApprovalDecisionClient {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private final RestClient client;
  private final String url;
  private final String token;

  public ApprovalDecisionClient(NotificationProperties properties) {
    this.client = SlackChannel.client(properties.approvals().timeout());
    this.url = properties.approvals().url();
    this.token = properties.approvals().delegationToken();
  }

  /**
   * approval-service's answer.
   *
   * @param status HTTP status: 202 recorded; 400, 403, 404, 409 refused by its rules; 0 not reached
   * @param detail the problem's {@code detail} (the reason), or null
   */
  public record Answer(int status, String detail) {

    public boolean recorded() {
      return status == 202;
    }
  }

  /**
   * Asks approval-service to record {@code decision} ({@code APPROVE} or {@code REJECT}) by {@code
   * principal}; never throws for an answer, only reports it (status 0: not reached).
   */
  public Answer decide(String approvalId, String principal, String decision, String comment) {
    return post("/api/v1/approvals/{id}/decisions", approvalId, principal, decision, comment);
  }

  /**
   * Asks approval-service to record {@code decision} by {@code principal} on every component
   * approval of platform release {@code releaseId} (one transaction, or nothing: 409 until every
   * component awaits approval); reported like {@link #decide}.
   */
  public Answer decideRelease(String releaseId, String principal, String decision, String comment) {
    return post("/api/v1/releases/{id}/decisions", releaseId, principal, decision, comment);
  }

  private Answer post(String path, String id, String principal, String decision, String comment) {
    if (token == null) {
      return new Answer(0, "promoflow.notifications.approvals.delegation-token is not set");
    }
    URI uri =
        UriComponentsBuilder.fromUriString(url).path(path).buildAndExpand(id).encode().toUri();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("decision", decision);
    if (comment != null) {
      body.put("comment", comment);
    }
    try {
      return client
          .post()
          .uri(uri)
          .contentType(MediaType.APPLICATION_JSON)
          .header("Authorization", "Bearer " + token)
          .header("X-Promoflow-On-Behalf-Of", principal)
          .header("X-Promoflow-Delegated-Via", "slack")
          .body(JSON.writeValueAsBytes(body))
          .exchange(
              (request, response) -> {
                byte[] bytes = response.getBody().readAllBytes();
                return new Answer(response.getStatusCode().value(), detail(bytes));
              });
    } catch (RuntimeException e) {
      return new Answer(
          0, "approval-service could not be reached (" + e.getClass().getSimpleName() + ")");
    }
  }

  private static String detail(byte[] body) {
    if (body.length == 0) {
      return null;
    }
    try {
      JsonNode json = JSON.readTree(body);
      JsonNode detail = json.get("detail");
      return detail == null || detail.isNull() ? null : detail.asString();
    } catch (RuntimeException notJson) {
      return null;
    }
  }
}
