package io.promoflow.rollback.adapters.prometheus;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;

/**
 * Instant queries through Prometheus' HTTP API ({@code GET /api/v1/query?query=}). A vector or
 * scalar result gives the value of its first sample; an empty result gives nothing.
 *
 * @throws IllegalStateException from {@link #value} when Prometheus answers with an error
 */
public final class PrometheusClient {

  private final RestClient client;
  private final String baseUrl;

  public PrometheusClient(String baseUrl, Duration timeout) {
    this.baseUrl = baseUrl.replaceAll("/+$", "");
    JdkClientHttpRequestFactory factory =
        new JdkClientHttpRequestFactory(HttpClient.newBuilder().connectTimeout(timeout).build());
    factory.setReadTimeout(timeout);
    this.client = RestClient.builder().requestFactory(factory).build();
  }

  /** The value of {@code promql} now, or empty when the query matches no series. */
  public Optional<Double> value(String promql) {
    // PromQL is full of braces, which URI templates would take for variables: encode it as a plain
    // value
    URI uri =
        URI.create(
            baseUrl + "/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
    JsonNode body = client.get().uri(uri).retrieve().body(JsonNode.class);
    if (body == null || !"success".equals(body.path("status").asString())) {
      throw new IllegalStateException(
          "Prometheus query failed: "
              + (body == null ? "no answer" : body.path("error").asString()));
    }
    JsonNode data = body.path("data");
    JsonNode sample =
        "scalar".equals(data.path("resultType").asString())
            ? data.path("result")
            : data.path("result").path(0).path("value");
    if (sample.isMissingNode() || sample.size() < 2) {
      return Optional.empty();
    }
    String value = sample.get(1).asString();
    return value.equals("NaN") ? Optional.empty() : Optional.of(Double.parseDouble(value));
  }
}
