package io.promoflow.trigger.adapters.changemanagement;

import io.promoflow.trigger.domain.ChangeRequests;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Verifies a change request with {@code GET <promoflow.change-management.url>/<id>} ({@code
 * Authorization: Bearer <token>} when a token is configured). 200 with {@code "approved": true} →
 * accepted; 200 otherwise → refused (the answer's {@code state} is named); 404 → unknown; 401/403,
 * any other status, no answer within the timeout or no connection → unavailable: the request is not
 * accepted (fail closed). Without a configured URL every id is accepted as given.
 */
@Component
public class HttpChangeRequests implements ChangeRequests {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final ChangeManagementProperties properties;
  private final HttpClient http;

  public HttpChangeRequests(ChangeManagementProperties properties) {
    this.properties = properties;
    this.http = HttpClient.newBuilder().connectTimeout(properties.timeout()).build();
  }

  @Override
  public Verdict verify(String changeRequestId) {
    if (!properties.configured()) {
      return new Verdict(Outcome.ACCEPTED, "not verified: no change management configured");
    }
    URI uri =
        URI.create(
            properties.url().replaceAll("/+$", "")
                + "/"
                + URLEncoder.encode(changeRequestId, StandardCharsets.UTF_8).replace("+", "%20"));
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri)
            .timeout(properties.timeout())
            .header("Accept", "application/json")
            .GET();
    if (properties.token() != null && !properties.token().isBlank()) {
      request.header("Authorization", "Bearer " + properties.token());
    }
    HttpResponse<byte[]> response;
    try {
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      return new Verdict(
          Outcome.UNAVAILABLE,
          "change management at " + properties.url() + " did not answer: " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Verdict(Outcome.UNAVAILABLE, "interrupted while asking change management");
    }
    int status = response.statusCode();
    if (status == 404) {
      return new Verdict(
          Outcome.UNKNOWN, "change management knows no change request " + changeRequestId);
    }
    if (status != 200) {
      return new Verdict(
          Outcome.UNAVAILABLE,
          "change management answered HTTP " + status + " for " + changeRequestId);
    }
    try {
      JsonNode body = JSON.readTree(response.body());
      if (body.path("approved").asBoolean(false)) {
        return new Verdict(Outcome.ACCEPTED, "change request " + changeRequestId + " approved");
      }
      String state = body.path("state").asString("");
      return new Verdict(
          Outcome.REFUSED,
          "change request "
              + changeRequestId
              + " is not approved"
              + (state.isEmpty() ? "" : " (state " + state + ")"));
    } catch (JacksonException e) {
      return new Verdict(
          Outcome.UNAVAILABLE, "change management answered unreadable JSON for " + changeRequestId);
    }
  }
}
