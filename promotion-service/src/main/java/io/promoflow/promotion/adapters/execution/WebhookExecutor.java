package io.promoflow.promotion.adapters.execution;

import io.promoflow.promotion.domain.AttemptOutcome;
import io.promoflow.promotion.domain.ErrorClassifier;
import io.promoflow.promotion.domain.ExecutionRequest;
import io.promoflow.rules.policy.ExecutorPolicy;
import io.promoflow.schemas.Hmac;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code webhook} executor: POSTs the promotion as JSON to the policy's URL. Headers: {@code
 * Idempotency-Key} (the promotion id, the same on every retry and after a restart), {@code
 * X-Promoflow-Attempt}, {@code X-Promoflow-Signature-256: sha256=<hex HMAC-SHA256 of the body>}
 * when the policy names a signing key. A 2xx answer with an empty or JSON body is a success;
 * anything else is categorised by {@link ErrorClassifier}.
 */
public final class WebhookExecutor {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private final HttpClient http;
  private final ExecutorPolicy policy;
  private final byte[] key;

  /**
   * @param key HMAC key, or null to send unsigned
   */
  public WebhookExecutor(ExecutorPolicy policy, String key) {
    this.policy = policy;
    this.key = key == null ? null : key.getBytes(StandardCharsets.UTF_8);
    this.http = HttpClient.newBuilder().connectTimeout(policy.attemptTimeout()).build();
  }

  /** One call, within the policy's {@code attemptTimeout}. */
  public AttemptOutcome attempt(ExecutionRequest request, int attempt) {
    byte[] body = JSON.writeValueAsBytes(body(request));
    HttpRequest.Builder call =
        HttpRequest.newBuilder(URI.create(policy.url()))
            .timeout(policy.attemptTimeout())
            .header("Content-Type", "application/json")
            .header("Idempotency-Key", request.promotionId())
            .header("X-Promoflow-Attempt", String.valueOf(attempt))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (key != null) {
      call.header("X-Promoflow-Signature-256", sign(key, body));
    }
    long start = System.nanoTime();
    try {
      HttpResponse<String> response = http.send(call.build(), HttpResponse.BodyHandlers.ofString());
      long ms = (System.nanoTime() - start) / 1_000_000;
      String answer = abbreviate(response.body());
      int status = response.statusCode();
      if (status / 100 != 2) {
        String[] c = ErrorClassifier.ofStatus(status);
        return new AttemptOutcome(
            false, c[0], c[1], status, ms, "answered " + status + ": " + answer);
      }
      if (!isJsonOrEmpty(response.body())) {
        String[] c = ErrorClassifier.malformedAnswer();
        return new AttemptOutcome(
            false,
            c[0],
            c[1],
            status,
            ms,
            "answered " + status + " with a body that is not JSON: " + answer);
      }
      return new AttemptOutcome(
          true,
          null,
          null,
          status,
          ms,
          "answered " + status + (answer.isEmpty() ? "" : ": " + answer));
    } catch (IOException e) {
      long ms = (System.nanoTime() - start) / 1_000_000;
      String[] c = ErrorClassifier.ofException(e);
      return new AttemptOutcome(
          false, c[0], c[1], null, ms, e.getClass().getSimpleName() + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new AttemptOutcome(
          false, "UNKNOWN", "CRITICAL", null, 0, "interrupted while calling " + policy.url());
    }
  }

  static Map<String, Object> body(ExecutionRequest r) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("promotionId", r.promotionId());
    body.put(
        "artifact",
        Map.of("application", r.application(), "version", r.version(), "digest", r.digest()));
    body.put("sourceStage", r.sourceStage());
    body.put("targetStage", r.targetStage());
    body.put("type", r.type());
    body.put("requestedBy", r.requestedBy());
    body.put("approvers", r.approvers());
    body.put("policyDigest", r.policyDigest());
    return body;
  }

  /**
   * {@code sha256=<hex>} HMAC-SHA256 of {@code body} ({@link Hmac}).
   *
   * @throws IllegalArgumentException for an empty key
   */
  public static String sign(byte[] key, byte[] body) {
    return Hmac.sha256Signature(key, body);
  }

  private static boolean isJsonOrEmpty(String body) {
    if (body == null || body.isBlank()) {
      return true;
    }
    try {
      JSON.readTree(body);
      return true;
    } catch (JacksonException e) {
      return false;
    }
  }

  private static String abbreviate(String s) {
    String t = s == null ? "" : s.strip();
    return t.length() <= 300 ? t : t.substring(0, 300) + "…";
  }
}
