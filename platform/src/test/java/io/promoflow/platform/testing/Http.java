package io.promoflow.platform.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A plain HTTP client for tests: the routes are driven as curl or the CLI would. */
public final class Http {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private Http() {}

  /**
   * A response: status, content type, JSON body (a missing node when the body is empty) and the
   * {@code Link} header (null when absent).
   */
  public record Response(int status, String contentType, JsonNode json, String body, String link) {}

  /**
   * The local demo token that may read everything but evidence documents (every read needs a
   * token).
   */
  public static final String VIEWER = "local-viewer";

  /** GET as the local demo {@link #VIEWER}. */
  public static Response get(String url) {
    return get(url, VIEWER);
  }

  /** GET as the holder of {@code token}; null sends no Authorization header. */
  public static Response get(String url, String token) {
    return send(HttpRequest.newBuilder(URI.create(url)).GET(), token);
  }

  public static Response post(String url, String token, Object body) {
    return post(url, token, body instanceof String s ? s : JSON.writeValueAsString(body), Map.of());
  }

  public static Response post(String url, String token, String body, Map<String, String> headers) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    headers.forEach(request::header);
    return send(request, token);
  }

  public static Response send(HttpRequest.Builder request, String token) {
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    try {
      HttpRequest sent = request.timeout(Duration.ofSeconds(30)).build();
      HttpResponse<String> response = CLIENT.send(sent, HttpResponse.BodyHandlers.ofString());
      String body = response.body();
      OpenApiContract.record(sent, response);
      JsonNode json;
      try {
        json = body == null || body.isBlank() ? JSON.missingNode() : JSON.readTree(body);
      } catch (tools.jackson.core.JacksonException notJson) {
        json = JSON.missingNode();
      }
      return new Response(
          response.statusCode(),
          response.headers().firstValue("Content-Type").orElse(""),
          json,
          body,
          response.headers().firstValue("Link").orElse(null));
    } catch (IOException e) {
      throw new IllegalStateException("HTTP call failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** JSON text of {@code value}. */
  public static String json(Object value) {
    return JSON.writeValueAsString(value);
  }
}
